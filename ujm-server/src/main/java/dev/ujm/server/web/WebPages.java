package dev.ujm.server.web;

import dev.ujm.server.http.Caller;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The pages UJM serves itself: the job dashboard at {@code /}, the admin job monitor at {@code
 * /admin}, the schedules at {@code /schedules} and the workflows with their DAGs at {@code
 * /workflows}, with their styles and scripts from the class path's {@code public/} folder (plain
 * files, no build step, nothing from elsewhere), each at its path under {@code /}. Every file goes
 * out with a Content-Security-Policy that allows scripts, styles and connections from this origin
 * only and no inline script, so text a user typed can never run even if a page showed it as markup.
 * The pages need no key; their scripts ask for one and send it with every API call.
 *
 * <p>The folder, some 150 KB, is read into memory once. Serving it from the class path instead
 * mounted the whole jar as a zip file system (Jetty's classpath resources), several times, each
 * holding an index of every entry of the jar: some 75 MB of heap that every garbage collection had
 * to mark. Thread-safe.
 */
public final class WebPages {
  /** The policy of every page and file: this origin only, no inline script, no framing. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
          + "frame-ancestors 'none'";

  /** The headers every page and static file carries. */
  public static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer",
          "X-Frame-Options", "DENY",
          "Cache-Control", "no-store");

  private static final String FOLDER = "public/";
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "json", "application/json",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  /** A file of the folder: its bytes and what they are. */
  private record File(byte[] bytes, String contentType) {}

  /** The folder's files by the path they are served at ({@code /css/job-dashboard.css}). */
  private final Map<String, File> files = readFolder();

  private final byte[] dashboard = page("/job-dashboard.html");
  private final byte[] monitor = page("/admin/job-monitor.html");
  private final byte[] schedules = page("/schedules.html");
  private final byte[] workflows = page("/workflows.html");

  /** Serves each of the folder's files (styles, scripts) at its path, with {@link #HEADERS}. */
  public void configure(JavalinConfig config) {
    files.forEach(
        (path, file) ->
            config.routes.get(path, ctx -> send(ctx, file.contentType(), file.bytes())));
  }

  /** {@code GET /}: the job dashboard. */
  public void dashboard(Context ctx, Caller caller) {
    send(ctx, CONTENT_TYPES.get("html"), dashboard);
  }

  /** {@code GET /admin}: the admin job monitor (its script asks for an admin key). */
  public void monitor(Context ctx, Caller caller) {
    send(ctx, CONTENT_TYPES.get("html"), monitor);
  }

  /** {@code GET /schedules}: every schedule with its next fires, paused, resumed or run from it. */
  public void schedules(Context ctx, Caller caller) {
    send(ctx, CONTENT_TYPES.get("html"), schedules);
  }

  /** {@code GET /workflows}: the workflows, and one drawn as its DAG with live node states. */
  public void workflows(Context ctx, Caller caller) {
    send(ctx, CONTENT_TYPES.get("html"), workflows);
  }

  private static void send(Context ctx, String contentType, byte[] bytes) {
    HEADERS.forEach(ctx::header);
    ctx.status(200).contentType(contentType).result(bytes);
  }

  private byte[] page(String path) {
    File file = files.get(path);
    if (file == null) {
      throw new IllegalStateException("the page " + FOLDER + path + " is missing from the build");
    }
    return file.bytes();
  }

  /**
   * Reads every file under {@code public/} of the jar or classes directory this class came from,
   * keyed by the path it is served at.
   */
  private static Map<String, File> readFolder() {
    Map<String, File> read = new TreeMap<>();
    try {
      Path origin =
          Path.of(WebPages.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(origin)) {
        Path folder = origin.resolve(FOLDER);
        try (Stream<Path> paths = Files.walk(folder)) {
          for (Path path : paths.filter(Files::isRegularFile).toList()) {
            String name = folder.relativize(path).toString().replace('\\', '/');
            read.put("/" + name, file(name, Files.readAllBytes(path)));
          }
        }
      } else {
        try (JarFile jar = new JarFile(origin.toFile())) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(FOLDER) && !entry.isDirectory()) {
              try (InputStream in = jar.getInputStream(entry)) {
                String served = name.substring(FOLDER.length());
                read.put("/" + served, file(served, in.readAllBytes()));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return Map.copyOf(read);
  }

  private static File file(String name, byte[] bytes) {
    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return new File(bytes, CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
  }
}
