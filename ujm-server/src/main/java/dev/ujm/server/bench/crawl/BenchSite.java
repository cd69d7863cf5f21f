package dev.ujm.server.bench.crawl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A generated site on a real local HTTP server (the JDK's), for the crawl benchmark and the crawl
 * tests: a home page linking to {@code sections} sections of {@code pagesPerSection} pages, each
 * page linking to the next of its section, its section and home (so links form cycles), and a
 * robots.txt with the given crawl-delay. Records the path of every request in arrival order (when
 * asked to). Serves from memory, so what is measured is the crawler. Thread-safe.
 */
public final class BenchSite implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, byte[]> pages = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final boolean recordRequests;

  /**
   * Starts the site.
   *
   * @param address the loopback address to bind (127.0.0.1, 127.0.0.2, ...)
   * @param crawlDelay the robots.txt crawl-delay in seconds, or null for none
   */
  public BenchSite(InetAddress address, int sections, int pagesPerSection, String crawlDelay)
      throws IOException {
    this(address, sections, pagesPerSection, crawlDelay, true);
  }

  /** As above; a benchmark site does not record its requests. */
  public BenchSite(
      InetAddress address,
      int sections,
      int pagesPerSection,
      String crawlDelay,
      boolean recordRequests)
      throws IOException {
    this(address, sections, pagesPerSection, crawlDelay, recordRequests, false);
  }

  /**
   * A benchmark site whose sections link only their first page, so a crawl finds a section's pages
   * one at a time and its plan keeps growing until the end.
   */
  public static BenchSite chained(InetAddress address, int sections, int pagesPerSection)
      throws IOException {
    return new BenchSite(address, sections, pagesPerSection, null, false, true);
  }

  private BenchSite(
      InetAddress address,
      int sections,
      int pagesPerSection,
      String crawlDelay,
      boolean recordRequests,
      boolean chained)
      throws IOException {
    this.recordRequests = recordRequests;
    server = HttpServer.create(new InetSocketAddress(address, 0), 1_000);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    pages.put(
        "/robots.txt",
        ("User-agent: *\n" + (crawlDelay == null ? "" : "Crawl-delay: " + crawlDelay + "\n"))
            .getBytes(StandardCharsets.UTF_8));
    List<String> home = new ArrayList<>();
    for (int s = 0; s < sections; s++) {
      home.add("/s" + s);
      List<String> section = new ArrayList<>(List.of("/"));
      for (int p = 0; p < pagesPerSection; p++) {
        if (!chained || p == 0) {
          section.add("/s" + s + "/p" + p);
        }
        put(
            "/s" + s + "/p" + p,
            "Page " + s + "." + p,
            List.of("/s" + s + "/p" + ((p + 1) % pagesPerSection), "/s" + s, "/"));
      }
      put("/s" + s, "Section " + s, section);
    }
    put("/", "Home", home);
    server.start();
  }

  /** The site's root URL. */
  public String base() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort()
        + "/";
  }

  /** How many pages the site has (robots.txt excluded). */
  public int pageCount() {
    return pages.size() - 1;
  }

  /** The paths of every page (robots.txt excluded). */
  public List<String> pagePaths() {
    return pages.keySet().stream().filter(p -> !p.equals("/robots.txt")).sorted().toList();
  }

  /** The paths requested so far, in arrival order. */
  public List<String> requestedPaths() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void put(String path, String title, List<String> links) {
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html><html><head><title>")
            .append(title)
            .append("</title><meta name=\"description\" content=\"About ")
            .append(title)
            .append("\"></head><body><h1>")
            .append(title)
            .append("</h1><p>Text of ")
            .append(title)
            .append(".</p>");
    links.forEach(l -> html.append("<a href=\"").append(l).append("\">").append(l).append("</a> "));
    pages.put(path, html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8));
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (recordRequests) {
      requests.add(path);
    }
    byte[] body = pages.get(path);
    try (ex) {
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      ex.getResponseHeaders()
          .add("Content-Type", path.endsWith(".txt") ? "text/plain" : "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
