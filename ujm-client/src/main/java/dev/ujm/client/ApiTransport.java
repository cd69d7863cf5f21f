package dev.ujm.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ujm.api.Problem;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The HTTP plumbing of {@link UjmClient}: builds requests with the key and JSON body, sends them,
 * and turns answers into records or, for error statuses, into {@link UjmApiException}s carrying the
 * server's problem. Unknown JSON fields are ignored, so a newer server does not break an older
 * client. Thread-safe.
 */
final class ApiTransport {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private final URI base;
  private final String apiKey;
  private final HttpClient http;
  private final Duration timeout;

  ApiTransport(URI base, String apiKey, HttpClient http, Duration timeout) {
    this.base = base;
    this.apiKey = apiKey;
    this.http = http;
    this.timeout = timeout;
  }

  HttpRequest.Builder request(String path, Map<String, ?> query) {
    StringJoiner params = new StringJoiner("&", "?", "");
    params.setEmptyValue("");
    query.forEach(
        (name, value) -> {
          if (value != null) {
            params.add(encode(name) + "=" + encode(String.valueOf(value)));
          }
        });
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path + params))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return request;
  }

  HttpRequest.Builder post(String path, Object body) {
    try {
      byte[] json = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
      return request(path, Map.of())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request as JSON: " + e.getMessage(), e);
    }
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UjmClientException("cannot reach UJM at " + base + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UjmClientException("interrupted while calling " + built.uri(), e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message;
  }

  <T> T read(HttpResponse<String> response, Class<T> type) {
    failOnError(response);
    return parse(response, type);
  }

  <T> T read(HttpResponse<String> response, TypeReference<T> type) {
    failOnError(response);
    try {
      return JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw notUjm(response, e);
    }
  }

  <T> T parse(HttpResponse<String> response, Class<T> type) {
    try {
      return JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw notUjm(response, e);
    }
  }

  private void failOnError(HttpResponse<String> response) {
    if (response.statusCode() < 400) {
      return;
    }
    Problem problem;
    try {
      problem = JSON.readValue(response.body(), Problem.class);
    } catch (IOException e) {
      problem = null;
    }
    if (problem == null || problem.status() == 0) {
      problem =
          new Problem(
              "about:blank",
              "HTTP " + response.statusCode(),
              response.statusCode(),
              "HTTP "
                  + response.statusCode()
                  + " from "
                  + response.request().method()
                  + " "
                  + response.uri().getPath(),
              response.uri().getPath(),
              null,
              null);
    }
    throw new UjmApiException(problem);
  }

  private UjmClientException notUjm(HttpResponse<String> response, IOException e) {
    return new UjmClientException(
        "the answer of "
            + response.uri()
            + " (HTTP "
            + response.statusCode()
            + ") is not UJM JSON: "
            + e.getMessage(),
        e);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
