package dev.ujm.server.live;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client for tests: connects to a server's {@code /api/v2/ws}, keeps every message it
 * receives (parsed) and how the server closed it. With {@code reading} false it never asks for a
 * message after the first, like a client that stopped reading.
 */
final class SocketProbe implements WebSocket.Listener, AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final List<JsonNode> messages = new CopyOnWriteArrayList<>();
  final List<Long> arrivals = new CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
  private final boolean reading;
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private SocketProbe(boolean reading) {
    this.reading = reading;
  }

  /** Connects with the key in the query ({@code key} null: without a key). */
  static SocketProbe connect(int port, String key) {
    return connect(port, key, true);
  }

  static SocketProbe connect(int port, String key, boolean reading) {
    SocketProbe probe = new SocketProbe(reading);
    String query = key == null ? "" : "?apiKey=" + key;
    probe.socket =
        HTTP.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v2/ws" + query), probe)
            .orTimeout(20, TimeUnit.SECONDS)
            .join();
    return probe;
  }

  void send(String json) {
    socket.sendText(json, true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Sends a message and waits for the server's answer of that kind. */
  JsonNode sendAndAwait(String json, String event) {
    int before = messages.size();
    send(json);
    return awaitMessage(m -> m.path("event").asText().equals(event), before);
  }

  JsonNode awaitMessage(Predicate<JsonNode> wanted) {
    return awaitMessage(wanted, 0);
  }

  JsonNode awaitMessage(Predicate<JsonNode> wanted, int from) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> messages.stream().skip(from).anyMatch(wanted));
    return messages.stream().skip(from).filter(wanted).findFirst().orElseThrow();
  }

  /** The job events received (state and progress), in order. */
  List<JsonNode> jobEvents() {
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode m : messages) {
      String kind = m.path("event").asText();
      if (kind.equals("state") || kind.equals("progress")) {
        events.add(m);
      }
    }
    return events;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        messages.add(Json.mapper().readTree(partial.toString()));
        arrivals.add(System.nanoTime());
      } catch (IOException e) {
        throw new IllegalStateException("the server sent something that is not JSON: " + partial);
      }
      partial.setLength(0);
    }
    if (reading) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closedWith.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closedWith.complete(-1);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS);
    }
    socket.abort();
  }
}
