package dev.ujm.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ujm.api.ApiKeyView;
import dev.ujm.api.BatchSubmitRequest;
import dev.ujm.api.BatchSubmitResponse;
import dev.ujm.api.CrawlRequest;
import dev.ujm.api.CreateKeyRequest;
import dev.ujm.api.CreatedApiKey;
import dev.ujm.api.HealthResponse;
import dev.ujm.api.JobEventMessage;
import dev.ujm.api.JobEventView;
import dev.ujm.api.JobResultResponse;
import dev.ujm.api.JobStatusList;
import dev.ujm.api.JobView;
import dev.ujm.api.ListResponse;
import dev.ujm.api.Problem;
import dev.ujm.api.QueueStatsResponse;
import dev.ujm.api.ReadinessResponse;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.api.WorkersResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The Java client of the UJM HTTP API (DESIGN §6), over {@code java.net.http}. Every method is one request; an error
 * answer throws {@link UjmApiException} with the server's problem, an unreachable server {@link UjmClientException}.
 * Thread-safe; share one instance.
 */
public final class UjmClient {
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

  private UjmClient(Builder builder) {
    String url = builder.baseUrl.toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.apiKey = builder.apiKey;
    this.http = builder.http != null ? builder.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.timeout = builder.timeout;
  }

  /** Starts a client of the server at this base URL, for example {@code http://localhost:8080}. */
  public static Builder builder(URI baseUrl) {
    return new Builder(baseUrl);
  }

  /** Builds a {@link UjmClient}; not thread-safe. */
  public static final class Builder {
    private final URI baseUrl;
    private String apiKey;
    private HttpClient http;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder(URI baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** The key sent as {@code Authorization: Bearer}. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    public Builder httpClient(HttpClient client) {
      this.http = client;
      return this;
    }

    /** How long one request may take (long-polls add their own wait). */
    public Builder timeout(Duration requestTimeout) {
      this.timeout = requestTimeout;
      return this;
    }

    public UjmClient build() {
      return new UjmClient(this);
    }
  }

  /** A client of the same server with another key. */
  public UjmClient withApiKey(String key) {
    return builder(base).apiKey(key).httpClient(http).timeout(timeout).build();
  }

  public URI baseUrl() {
    return base;
  }

  // --- jobs ---

  /** {@code POST /api/v2/jobs}. */
  public Submitted submit(SubmitJobRequest job) {
    HttpResponse<String> response = send(post("/api/v2/jobs", job));
    return new Submitted(read(response, JobView.class), response.statusCode() == 201);
  }

  /** {@code POST /api/v2/jobs/batch}: all or none. */
  public List<JobView> submitBatch(List<SubmitJobRequest> jobs) {
    return read(send(post("/api/v2/jobs/batch", new BatchSubmitRequest(jobs))), BatchSubmitResponse.class).jobs();
  }

  /** {@code POST /api/v2/jobs/crawl}. */
  public JobView crawl(CrawlRequest crawl) {
    return read(send(post("/api/v2/jobs/crawl", crawl)), JobView.class);
  }

  /** {@code GET /api/v2/jobs/{id}}. */
  public JobView get(String jobId) {
    return read(send(get("/api/v2/jobs/" + encode(jobId), Map.of())), JobView.class);
  }

  /** {@code DELETE /api/v2/jobs/{id}}: cancels. */
  public JobView cancel(String jobId) {
    return read(send(request("/api/v2/jobs/" + encode(jobId), Map.of()).DELETE()), JobView.class);
  }

  /** {@code POST /api/v2/jobs/{id}/retry}. */
  public JobView retry(String jobId) {
    return read(send(post("/api/v2/jobs/" + encode(jobId) + "/retry", null)), JobView.class);
  }

  /** {@code POST /api/v2/jobs/{id}/clone}. */
  public JobView cloneJob(String jobId) {
    return read(send(post("/api/v2/jobs/" + encode(jobId) + "/clone", null)), JobView.class);
  }

  /** {@code GET /api/v2/jobs/{id}/history}, oldest first. */
  public List<JobEventView> history(String jobId) {
    return read(send(get("/api/v2/jobs/" + encode(jobId) + "/history", Map.of())), new TypeReference<ListResponse<JobEventView>>() {})
        .items();
  }

  /** {@code GET /api/v2/jobs/{id}/result}: the result and one page of result items. */
  public JobResultResponse result(String jobId, String cursor, Integer limit) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("cursor", cursor);
    query.put("limit", limit);
    return read(send(get("/api/v2/jobs/" + encode(jobId) + "/result", query)), JobResultResponse.class);
  }

  /** {@code GET /api/v2/jobs}: every job the key may see. */
  public ListResponse<JobView> list(JobFilter filter) {
    return read(send(get("/api/v2/jobs", query(filter))), new TypeReference<ListResponse<JobView>>() {});
  }

  /** {@code GET /api/v2/jobs/user/{userId}}. */
  public ListResponse<JobView> listUser(String userId, JobFilter filter) {
    return read(send(get("/api/v2/jobs/user/" + encode(userId), query(filter))), new TypeReference<ListResponse<JobView>>() {});
  }

  /** {@code GET /api/v2/jobs/status?ids=}. */
  public JobStatusList status(List<String> jobIds) {
    return read(send(get("/api/v2/jobs/status", Map.of("ids", String.join(",", jobIds)))), JobStatusList.class);
  }

  /**
   * {@code GET /api/v2/jobs/{id}/wait}: blocks until the job leaves {@code knownState} (or, when null, changes state)
   * or the wait runs out.
   *
   * @return the state event, or empty when the wait ran out
   */
  public Optional<JobEventMessage> awaitChange(String jobId, String knownState, Duration wait) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("timeoutSeconds", Math.max(0, wait.toSeconds()));
    query.put("state", knownState);
    HttpRequest.Builder request = get("/api/v2/jobs/" + encode(jobId) + "/wait", query).timeout(timeout.plus(wait));
    HttpResponse<String> response = send(request);
    if (response.statusCode() == 204) {
      return Optional.empty();
    }
    return Optional.of(read(response, JobEventMessage.class));
  }

  /** {@code GET /api/v2/dead-letter}: failed jobs. */
  public ListResponse<JobView> deadLetter(JobFilter filter) {
    return read(send(get("/api/v2/dead-letter", query(filter))), new TypeReference<ListResponse<JobView>>() {});
  }

  /** {@code GET /api/v2/queues}. */
  public QueueStatsResponse queues() {
    return read(send(get("/api/v2/queues", Map.of())), QueueStatsResponse.class);
  }

  /** {@code GET /api/v2/workers}. */
  public WorkersResponse workers() {
    return read(send(get("/api/v2/workers", Map.of())), WorkersResponse.class);
  }

  // --- keys ---

  /** {@code POST /api/v2/keys}: the answer holds the secret, shown this once. */
  public CreatedApiKey createKey(CreateKeyRequest key) {
    return read(send(post("/api/v2/keys", key)), CreatedApiKey.class);
  }

  /** {@code GET /api/v2/keys}. */
  public ListResponse<ApiKeyView> listKeys(String tenant, String cursor, Integer limit) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("tenant", tenant);
    query.put("cursor", cursor);
    query.put("limit", limit);
    return read(send(get("/api/v2/keys", query)), new TypeReference<ListResponse<ApiKeyView>>() {});
  }

  /** {@code DELETE /api/v2/keys/{id}}: a key of the admin's own tenant. */
  public ApiKeyView revokeKey(String keyId) {
    return revokeKey(keyId, null);
  }

  /** {@code DELETE /api/v2/keys/{id}?tenant=}: a key of the named tenant (null: the admin's own). */
  public ApiKeyView revokeKey(String keyId, String tenant) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("tenant", tenant);
    return read(send(request("/api/v2/keys/" + encode(keyId), query).DELETE()), ApiKeyView.class);
  }

  // --- operations ---

  /** {@code GET /health}. */
  public HealthResponse health() {
    return read(send(get("/health", Map.of())), HealthResponse.class);
  }

  /** {@code GET /ready}: answered whether ready (200) or not (503). */
  public ReadinessResponse ready() {
    HttpResponse<String> response = send(get("/ready", Map.of()));
    if (response.statusCode() == 200 || response.statusCode() == 503) {
      return parse(response, ReadinessResponse.class);
    }
    return read(response, ReadinessResponse.class);
  }

  // --- plumbing ---

  private HttpRequest.Builder request(String path, Map<String, ?> query) {
    StringJoiner params = new StringJoiner("&", "?", "");
    params.setEmptyValue("");
    query.forEach(
        (name, value) -> {
          if (value != null) {
            params.add(encode(name) + "=" + encode(String.valueOf(value)));
          }
        });
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path + params)).timeout(timeout).header("Accept", "application/json");
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return request;
  }

  private HttpRequest.Builder get(String path, Map<String, ?> query) {
    return request(path, query).GET();
  }

  private HttpRequest.Builder post(String path, Object body) {
    try {
      byte[] json = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
      return request(path, Map.of())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request as JSON: " + e.getMessage(), e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
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

  private <T> T read(HttpResponse<String> response, Class<T> type) {
    failOnError(response);
    return parse(response, type);
  }

  private <T> T read(HttpResponse<String> response, TypeReference<T> type) {
    failOnError(response);
    try {
      return JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw notUjm(response, e);
    }
  }

  private <T> T parse(HttpResponse<String> response, Class<T> type) {
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
              "HTTP " + response.statusCode() + " from " + response.request().method() + " " + response.uri().getPath(),
              response.uri().getPath(),
              null,
              null);
    }
    throw new UjmApiException(problem);
  }

  private UjmClientException notUjm(HttpResponse<String> response, IOException e) {
    return new UjmClientException(
        "the answer of " + response.uri() + " (HTTP " + response.statusCode() + ") is not UJM JSON: " + e.getMessage(), e);
  }

  private static Map<String, Object> query(JobFilter filter) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("state", filter.state());
    query.put("type", filter.type());
    query.put("queue", filter.queue());
    query.put("tag", filter.tag());
    query.put("tenant", filter.tenant());
    query.put("limit", filter.limit());
    query.put("cursor", filter.cursor());
    return query;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
