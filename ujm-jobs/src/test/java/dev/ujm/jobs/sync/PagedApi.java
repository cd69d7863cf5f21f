package dev.ujm.jobs.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small JSON API on 127.0.0.1 that pages three ways (Link header, cursor, page number),
 * rate-limits, fails, answers conditional requests and wants a bearer token on one path. Each page
 * holds three items {@code {"id": page*10+i}}; there are three pages.
 */
final class PagedApi implements AutoCloseable {
  static final String TOKEN = "s3cret-token";
  private final HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  PagedApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  /** The base with the host name {@code localhost}, which the guard resolves to loopback. */
  String localhostUrl(String pathAndQuery) {
    return "http://localhost:" + server.getAddress().getPort() + pathAndQuery;
  }

  private void handle(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    String path = uri.getPath();
    requests.add(uri.toString());
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "" : auth);
    int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    int page = intParam(uri, "page", 1);
    switch (path) {
      case "/link" -> {
        if (page < 3) {
          ex.getResponseHeaders()
              .add(
                  "Link",
                  "<"
                      + "/link?page="
                      + (page + 1)
                      + ">; rel=\"next\", </link?page=3>; rel=\"last\"");
        }
        json(ex, 200, "{\"data\":" + items(page) + "}");
      }
      case "/cursor" -> {
        String cursor = param(uri, "cursor");
        int at = cursor == null ? 1 : Integer.parseInt(cursor.substring(1));
        String next = at < 3 ? "\"c" + (at + 1) + "\"" : "null";
        json(ex, 200, "{\"data\":" + items(at) + ",\"next\":" + next + "}");
      }
      case "/pages" -> json(ex, 200, page <= 3 ? items(page) : "[]");
      case "/limited" -> {
        if (n == 1) {
          ex.getResponseHeaders().add("Retry-After", "1");
          json(ex, 429, "{\"error\":\"slow down\"}");
        } else {
          json(ex, 200, items(1));
        }
      }
      case "/very-limited" -> {
        ex.getResponseHeaders().add("Retry-After", "3600");
        json(ex, 429, "{}");
      }
      case "/flaky" -> json(ex, n <= 2 ? 503 : 200, n <= 2 ? "{}" : items(1));
      case "/etag" -> {
        ex.getResponseHeaders().add("ETag", "\"v1\"");
        ex.getResponseHeaders().add("Last-Modified", "Tue, 01 Dec 2026 08:00:00 GMT");
        if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
          ex.sendResponseHeaders(304, -1);
          ex.close();
        } else {
          json(ex, 200, items(1));
        }
      }
      case "/secure" -> {
        if (("Bearer " + TOKEN).equals(auth)) {
          json(ex, 200, items(1));
        } else {
          json(ex, 401, "{}");
        }
      }
      default -> json(ex, 404, "{}");
    }
  }

  private static String items(int page) {
    return "[{\"id\":"
        + (page * 10 + 1)
        + "},{\"id\":"
        + (page * 10 + 2)
        + "},{\"id\":"
        + (page * 10 + 3)
        + "}]";
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static String param(URI uri, String name) {
    if (uri.getQuery() == null) {
      return null;
    }
    for (String part : uri.getQuery().split("&")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static int intParam(URI uri, String name, int fallback) {
    String v = param(uri, name);
    return v == null ? fallback : Integer.parseInt(v);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
