package dev.ujm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
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

  /**
   * Follows a job with long-polls ({@code GET /api/v2/jobs/{id}/wait}) until it has completed or
   * the deadline ({@link System#nanoTime()}) has passed.
   *
   * @return whether it completed
   */
  public boolean awaitCompleted(String jobId, long deadlineNanos)
      throws IOException, InterruptedException {
    String state = "queued";
    while (!state.equals("completed")) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        return false;
      }
      HttpResponse<String> change =
          send("GET", "/api/v2/jobs/" + jobId + "/wait?timeoutSeconds=5&state=" + state, null);
      if (change.statusCode() == 200) {
        state = json(change).path("state").asText();
      }
    }
    return true;
  }

  /**
   * The jobs counted as completed over every queue ({@code GET /api/v2/queues}).
   *
   * @throws IOException when the server does not answer 200
   */
  public long completedJobs() throws IOException, InterruptedException {
    HttpResponse<String> queues = send("GET", "/api/v2/queues", null);
    if (queues.statusCode() != 200) {
      throw new IOException(
          "GET /api/v2/queues answered " + queues.statusCode() + ": " + queues.body());
    }
    return json(queues).path("totals").path("completed").asLong();
  }

  private static JsonNode json(HttpResponse<String> answer) throws IOException {
    return Json.mapper().readTree(answer.body());
  }
}
