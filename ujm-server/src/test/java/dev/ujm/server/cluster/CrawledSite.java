package dev.ujm.server.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A web host on 127.0.0.1 for crawls from several nodes: a robots.txt with a {@code Crawl-delay},
 * and sections {@code /s0/}, {@code /s1/}, … of a few pages that link to each other. It records
 * when each request arrived and when its answer was sent, so a test sees the gaps the host got.
 */
final class CrawledSite implements AutoCloseable {
  /** One request as the host saw it, on this JVM's monotonic clock. */
  record Request(String path, long startNanos, long endNanos) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final String robots;
  private final int pagesPerSection;

  CrawledSite(Duration crawlDelay, int pagesPerSection) throws IOException {
    this.robots = "User-agent: *\nCrawl-delay: " + crawlDelay.toMillis() / 1000.0 + "\n";
    this.pagesPerSection = pagesPerSection;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    server.setExecutor(executor);
    server.createContext("/", this::answer);
    server.start();
  }

  /** The seed URL of section {@code j}. */
  String section(int j) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/s" + j + "/";
  }

  /** Every request so far, in arrival order. */
  List<Request> requests() {
    return requests.stream().sorted(Comparator.comparingLong(Request::startNanos)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void answer(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    int status = 200;
    String type = "text/html; charset=utf-8";
    if (path.equals("/robots.txt")) {
      body = robots.getBytes(StandardCharsets.UTF_8);
      type = "text/plain";
    } else if (path.matches("/s\\d+/(p\\d+)?")) {
      body = page(path).getBytes(StandardCharsets.UTF_8);
    } else {
      status = 404;
      body = "<html><title>Not found</title></html>".getBytes(StandardCharsets.UTF_8);
    }
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    OutputStream out = exchange.getResponseBody();
    out.write(body);
    // read before the last bytes leave, so the next request cannot come before it
    requests.add(new Request(path, start, System.nanoTime()));
    out.close();
  }

  /** A section's page, linking to every page of its section. */
  private String page(String path) {
    String section = path.substring(0, path.indexOf('/', 1) + 1);
    StringBuilder html = new StringBuilder("<html><head><title>" + path + "</title></head><body>");
    html.append("<a href=\"").append(section).append("\">home</a>");
    for (int p = 1; p < pagesPerSection; p++) {
      html.append("<a href=\"").append(section).append("p").append(p).append("\">page</a>");
    }
    return html.append("</body></html>").toString();
  }
}
