package dev.ujm.server.web;

import dev.ujm.server.http.Caller;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The pages UJM serves itself: the job dashboard at {@code /}, the admin job monitor at {@code
 * /admin}, the schedules at {@code /schedules} and the workflows with their DAGs at {@code
 * /workflows}, with their styles and scripts from the class path's {@code public/} folder (plain
 * files, no build step, nothing from elsewhere). Every file goes out with a Content-Security-Policy
 * that allows scripts, styles and connections from this origin only and no inline script, so text a
 * user typed can never run even if a page showed it as markup. The pages need no key; their scripts
 * ask for one and send it with every API call. Thread-safe.
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

  private final byte[] dashboard = resource("/public/job-dashboard.html");
  private final byte[] monitor = resource("/public/admin/job-monitor.html");
  private final byte[] schedules = resource("/public/schedules.html");
  private final byte[] workflows = resource("/public/workflows.html");

  /** Serves the {@code public/} folder's files (styles, scripts) with {@link #HEADERS}. */
  public void configure(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = "/public";
          files.location = Location.CLASSPATH;
          files.headers = HEADERS;
        });
  }

  /** {@code GET /}: the job dashboard. */
  public void dashboard(Context ctx, Caller caller) {
    page(ctx, dashboard);
  }

  /** {@code GET /admin}: the admin job monitor (its script asks for an admin key). */
  public void monitor(Context ctx, Caller caller) {
    page(ctx, monitor);
  }

  /** {@code GET /schedules}: every schedule with its next fires, paused, resumed or run from it. */
  public void schedules(Context ctx, Caller caller) {
    page(ctx, schedules);
  }

  /** {@code GET /workflows}: the workflows, and one drawn as its DAG with live node states. */
  public void workflows(Context ctx, Caller caller) {
    page(ctx, workflows);
  }

  private static void page(Context ctx, byte[] html) {
    HEADERS.forEach(ctx::header);
    ctx.status(200).contentType("text/html; charset=utf-8").result(html);
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebPages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the page " + name + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
