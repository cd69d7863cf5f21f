package dev.ujm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.CreateKeyRequest;
import dev.ujm.api.CreatedApiKey;
import dev.ujm.client.UjmClient;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.model.Json;
import dev.ujm.server.UjmServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real UJM server for one test: the embedded SQLite store in a temporary directory, the HTTP API
 * on a free port of 127.0.0.1, workers running, a known admin key. Offers the Java client and a raw
 * HTTP client for the cases the client cannot express (malformed JSON, missing keys, odd headers).
 */
public final class ServerFixture implements AutoCloseable {
  public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final UjmServer server;
  private final UjmClient admin;

  private ServerFixture(UjmServer server) {
    this.server = server;
    this.admin = client(ADMIN_KEY);
  }

  /** A server with the default test settings. */
  public static ServerFixture start(Path dataDir) {
    return start(dataDir, Map.of(), b -> {});
  }

  /** A server with extra settings ({@code UJM_*} names) and builder customisations. */
  public static ServerFixture start(
      Path dataDir, Map<String, String> settings, Consumer<UjmServer.Builder> customize) {
    Map<String, String> values = new HashMap<>();
    values.put("UJM_PORT", "0");
    values.put("UJM_BIND", "127.0.0.1");
    values.put("UJM_DATA_DIR", dataDir.toString());
    values.put("UJM_ADMIN_KEY", ADMIN_KEY);
    values.put("UJM_WORKERS", "4");
    values.putAll(settings);
    UjmServer.Builder builder =
        UjmServer.builder(UjmConfig.from(values)).shutdownGrace(Duration.ofSeconds(2));
    customize.accept(builder);
    return new ServerFixture(builder.start());
  }

  public UjmServer server() {
    return server;
  }

  /** The client with the admin key. */
  public UjmClient admin() {
    return admin;
  }

  public UjmClient client(String key) {
    return UjmClient.builder(URI.create("http://127.0.0.1:" + server.port())).apiKey(key).build();
  }

  /** Creates a key with the admin key and returns it with its secret. */
  public CreatedApiKey key(String role, String tenant, String user) {
    return admin.createKey(new CreateKeyRequest(role, tenant, user, role + " of " + user));
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** One raw request; {@code key} and {@code body} may be null. */
  public HttpResponse<String> send(String method, String path, String key, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET as the admin. */
  public HttpResponse<String> get(String path) {
    return send("GET", path, ADMIN_KEY, null);
  }

  /** POST a JSON body as the admin. */
  public HttpResponse<String> post(String path, String body) {
    return send("POST", path, ADMIN_KEY, body);
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
