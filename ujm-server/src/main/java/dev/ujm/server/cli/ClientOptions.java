package dev.ujm.server.cli;

import dev.ujm.client.UjmClient;
import dev.ujm.server.Main;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every client verb shares: where the server is, the key, and the output format. */
public final class ClientOptions {
  /** Where the client verbs look when neither {@code --url} nor {@code UJM_URL} is given. */
  public static final String DEFAULT_URL = "http://localhost:8080";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "the UJM server (default: UJM_URL, else " + DEFAULT_URL + ")")
  String url;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "the API key (default: UJM_API_KEY)")
  String apiKey;

  @Option(names = "--json", description = "print the server's JSON answer instead of a table")
  boolean json;

  /**
   * A client for these options and environment.
   *
   * @throws CliException exit 2 when there is no key or the URL is malformed
   */
  public UjmClient client(Map<String, String> env) {
    return client(env, Duration.ZERO);
  }

  /**
   * A client whose requests may take {@code longer} more than the usual 30 s (the long-polls of
   * {@code wait}).
   *
   * @throws CliException exit 2 when there is no key or the URL is malformed
   */
  public UjmClient client(Map<String, String> env, Duration longer) {
    String base = firstOf(url, env.get("UJM_URL"), DEFAULT_URL);
    String key = firstOf(apiKey, env.get("UJM_API_KEY"), null);
    if (key == null) {
      throw new CliException(
          Main.USAGE,
          "no API key: set UJM_API_KEY or pass --api-key (a new server's admin key is in <data dir>/admin.key)");
    }
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw new CliException(Main.USAGE, "UJM_URL/--url is not a URL: '" + base + "'");
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new CliException(
          Main.USAGE, "UJM_URL/--url must be like http://localhost:8080, not '" + base + "'");
    }
    return UjmClient.builder(uri).apiKey(key).timeout(Duration.ofSeconds(30).plus(longer)).build();
  }

  /** One raw JSON request to the API; the answer's JSON, or an exception with its problem. */
  public com.fasterxml.jackson.databind.JsonNode call(
      Map<String, String> env, String method, String path, String body) {
    UjmClient client = client(env);
    String key = firstOf(apiKey, env.get("UJM_API_KEY"), null);
    var request =
        java.net.http.HttpRequest.newBuilder(client.baseUrl().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    try {
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      var json =
          response.body().isEmpty()
              ? dev.ujm.core.model.Json.mapper().createObjectNode()
              : dev.ujm.core.model.Json.mapper().readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new CliException(
            Main.FAILED,
            json.path("detail").asText(response.body()) + " (HTTP " + response.statusCode() + ")");
      }
      return json;
    } catch (java.io.IOException e) {
      throw new CliException(
          Main.FAILED, "cannot reach " + client.baseUrl() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(Main.FAILED, "interrupted");
    }
  }

  public boolean json() {
    return json;
  }

  private static String firstOf(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a.trim();
    }
    if (b != null && !b.isBlank()) {
      return b.trim();
    }
    return fallback;
  }
}
