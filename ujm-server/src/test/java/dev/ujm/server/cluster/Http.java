package dev.ujm.server.cluster;

import dev.ujm.test.UjmProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to one node of a test cluster, as the admin unless another key is given. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  /** GET with this key (none when null). */
  static HttpResponse<String> get(int port, String path, String key) throws IOException {
    HttpRequest.Builder request = request(port, path).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request);
  }

  /** POST a JSON body as the admin. */
  static HttpResponse<String> post(int port, String path, String json) throws IOException {
    return send(
        request(port, path)
            .header("Authorization", "Bearer " + UjmProcess.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** DELETE as the admin. */
  static HttpResponse<String> delete(int port, String path) throws IOException {
    return send(
        request(port, path).header("Authorization", "Bearer " + UjmProcess.ADMIN_KEY).DELETE());
  }

  private static HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
