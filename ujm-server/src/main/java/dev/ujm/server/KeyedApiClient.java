package dev.ujm.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Requests to a UJM server's HTTP API with one key, bodies as JSON text and answers as strings: the
 * start-up warm-up's client of its private server, and the benchmarks' of the servers they drive.
 * Thread-safe.
 */
public final class KeyedApiClient {
  private final URI base;
  private final String key;
  private final HttpClient http = HttpClient.newHttpClient();

  public KeyedApiClient(URI base, String key) {
    this.base = base;
    this.key = key;
  }

  /** Sends the request (no body when null) and returns the answer, whatever its status. */
  public HttpResponse<String> send(String method, String path, CharSequence body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
