package dev.ujm.jobs.crawl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 and a free port serving a site made of routes, recording every
 * request it receives (path, arrival time, User-Agent). Stalling routes hold their answer until the
 * site closes.
 */
final class TestSite implements AutoCloseable {
  /** One request as the server saw it. */
  record Request(String path, long arrivedNanos, String userAgent) {}

  @FunctionalInterface
  interface Route {
    void answer(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  TestSite() throws IOException {
    this(InetAddress.getLoopbackAddress());
  }

  TestSite(InetAddress address) throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, 0), 200);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The site's root URL, with a trailing slash. */
  String base() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort()
        + "/";
  }

  /** The absolute URL of a path such as {@code /a/b}. */
  String url(String path) {
    return base() + path.substring(1);
  }

  TestSite html(String path, String html) {
    return body(path, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  TestSite body(String path, int status, String contentType, byte[] body) {
    routes.put(path, ex -> send(ex, status, contentType, body, true));
    return this;
  }

  /** A body sent without Content-Length (chunked), so only streaming can tell its size. */
  TestSite chunked(String path, String contentType, byte[] body) {
    routes.put(path, ex -> send(ex, 200, contentType, body, false));
    return this;
  }

  TestSite redirect(String path, int status, String location) {
    routes.put(
        path,
        ex -> {
          ex.getResponseHeaders().add("Location", location);
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    return this;
  }

  /** A page that answers only when the site closes: past any request timeout. */
  TestSite stall(String path) {
    routes.put(
        path,
        ex -> {
          closing.await(60, TimeUnit.SECONDS);
          send(ex, 200, "text/html", "<html>late</html>".getBytes(StandardCharsets.UTF_8), true);
        });
    return this;
  }

  TestSite route(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  /** Every request received so far, in arrival order. */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The paths requested so far, in arrival order. */
  List<String> requestedPaths() {
    return requests.stream().map(Request::path).toList();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (ex.getRequestURI().getRawQuery() != null) {
      path += "?" + ex.getRequestURI().getRawQuery();
    }
    requests.add(
        new Request(path, System.nanoTime(), ex.getRequestHeaders().getFirst("User-Agent")));
    Route route = routes.get(path);
    try {
      if (route == null) {
        send(
            ex,
            404,
            "text/html",
            "<html><title>Not found</title></html>".getBytes(StandardCharsets.UTF_8),
            true);
      } else {
        route.answer(ex);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away (timeout, oversize body): nothing to answer
    } finally {
      ex.close();
    }
  }

  private static void send(
      HttpExchange ex, int status, String type, byte[] body, boolean fixedLength)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, fixedLength ? (body.length == 0 ? -1 : body.length) : 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
