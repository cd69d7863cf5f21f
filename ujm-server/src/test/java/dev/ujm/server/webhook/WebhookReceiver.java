package dev.ujm.server.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver of webhook deliveries on 127.0.0.1 for tests: it keeps every request it got and
 * answers 500 to the first {@code failures} of them, 204 afterwards.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One delivery as received. */
  public record Received(String id, String timestamp, String signature, String body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft;

  public WebhookReceiver(int failures) throws IOException {
    this.failuresLeft = new AtomicInteger(failures);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          Map<String, List<String>> h = exchange.getRequestHeaders();
          received.add(
              new Received(
                  h.get("webhook-id").get(0),
                  h.get("webhook-timestamp").get(0),
                  h.get("webhook-signature").get(0),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 204, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
