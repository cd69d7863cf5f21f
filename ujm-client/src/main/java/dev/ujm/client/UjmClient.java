package dev.ujm.client;

import com.fasterxml.jackson.core.type.TypeReference;
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
import dev.ujm.api.QueueStatsResponse;
import dev.ujm.api.ReadinessResponse;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.api.WorkersResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Java client of the UJM HTTP API (docs/api.md), over {@code java.net.http}. Every method is
 * one request; an error answer throws {@link UjmApiException} with the server's problem, an
 * unreachable server {@link UjmClientException}. Thread-safe; share one instance.
 */
public final class UjmClient {
  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final ApiTransport transport;

  private UjmClient(Builder builder) {
    String url = builder.baseUrl.toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.http =
        builder.http != null
            ? builder.http
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.timeout = builder.timeout;
    this.transport = new ApiTransport(base, builder.apiKey, http, timeout);
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
    return read(
            send(post("/api/v2/jobs/batch", new BatchSubmitRequest(jobs))),
            BatchSubmitResponse.class)
        .jobs();
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
    return read(
            send(get("/api/v2/jobs/" + encode(jobId) + "/history", Map.of())),
            new TypeReference<ListResponse<JobEventView>>() {})
        .items();
  }

  /** {@code GET /api/v2/jobs/{id}/result}: the result and one page of result items. */
  public JobResultResponse result(String jobId, String cursor, Integer limit) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("cursor", cursor);
    query.put("limit", limit);
    return read(
        send(get("/api/v2/jobs/" + encode(jobId) + "/result", query)), JobResultResponse.class);
  }

  /** {@code GET /api/v2/jobs}: every job the key may see. */
  public ListResponse<JobView> list(JobFilter filter) {
    return read(
        send(get("/api/v2/jobs", query(filter))), new TypeReference<ListResponse<JobView>>() {});
  }

  /** {@code GET /api/v2/jobs/user/{userId}}. */
  public ListResponse<JobView> listUser(String userId, JobFilter filter) {
    return read(
        send(get("/api/v2/jobs/user/" + encode(userId), query(filter))),
        new TypeReference<ListResponse<JobView>>() {});
  }

  /** {@code GET /api/v2/jobs/status?ids=}. */
  public JobStatusList status(List<String> jobIds) {
    return read(
        send(get("/api/v2/jobs/status", Map.of("ids", String.join(",", jobIds)))),
        JobStatusList.class);
  }

  /**
   * {@code GET /api/v2/jobs/{id}/wait}: blocks until the job leaves {@code knownState} (or, when
   * null, changes state) or the wait runs out.
   *
   * @return the state event, or empty when the wait ran out
   */
  public Optional<JobEventMessage> awaitChange(String jobId, String knownState, Duration wait) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("timeoutSeconds", Math.max(0, wait.toSeconds()));
    query.put("state", knownState);
    HttpRequest.Builder request =
        get("/api/v2/jobs/" + encode(jobId) + "/wait", query).timeout(timeout.plus(wait));
    HttpResponse<String> response = send(request);
    if (response.statusCode() == 204) {
      return Optional.empty();
    }
    return Optional.of(read(response, JobEventMessage.class));
  }

  /** The states a job does not leave by itself. */
  public static final Set<String> FINAL_STATES = Set.of("completed", "failed", "cancelled");

  /** How long one long-poll of {@link #awaitFinal} waits at most. */
  public static final Duration LONG_POLL = Duration.ofSeconds(30);

  /**
   * Waits until the job is {@code completed}, {@code failed} or {@code cancelled}, with long-polls
   * of {@code GET /api/v2/jobs/{id}/wait} (each passing the state last seen, so no change between
   * two polls is missed) rather than by polling.
   *
   * @param timeout how long to wait at most
   * @return the job in its final state, or empty when the timeout ran out first
   * @throws UjmApiException when the job does not exist or the key may not see it
   */
  public Optional<JobView> awaitFinal(String jobId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JobView job = get(jobId);
    while (!FINAL_STATES.contains(job.state())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      // the wait parameter is in whole seconds: round up, so the last poll does not spin
      long seconds = Math.min(LONG_POLL.toSeconds(), (left + 999_999_999L) / 1_000_000_000L);
      awaitChange(jobId, job.state(), Duration.ofSeconds(Math.max(1, seconds)));
      job = get(jobId);
    }
    return Optional.of(job);
  }

  /** {@code GET /api/v2/dead-letter}: failed jobs. */
  public ListResponse<JobView> deadLetter(JobFilter filter) {
    return read(
        send(get("/api/v2/dead-letter", query(filter))),
        new TypeReference<ListResponse<JobView>>() {});
  }

  /** {@code GET /api/v2/queues}: the counts of the key's tenant. */
  public QueueStatsResponse queues() {
    return queues(null);
  }

  /** {@code GET /api/v2/queues?tenant=}: the counts of one tenant (null: the key's own). */
  public QueueStatsResponse queues(String tenant) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("tenant", tenant);
    return read(send(get("/api/v2/queues", query)), QueueStatsResponse.class);
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

  /**
   * {@code DELETE /api/v2/keys/{id}?tenant=}: a key of the named tenant (null: the admin's own).
   */
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

  private static String encode(String value) {
    return ApiTransport.encode(value);
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

  private HttpRequest.Builder request(String path, Map<String, ?> query) {
    return transport.request(path, query);
  }

  private HttpRequest.Builder get(String path, Map<String, ?> query) {
    return transport.request(path, query).GET();
  }

  private HttpRequest.Builder post(String path, Object body) {
    return transport.post(path, body);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    return transport.send(request);
  }

  private <T> T read(HttpResponse<String> response, Class<T> type) {
    return transport.read(response, type);
  }

  private <T> T read(HttpResponse<String> response, TypeReference<T> type) {
    return transport.read(response, type);
  }

  private <T> T parse(HttpResponse<String> response, Class<T> type) {
    return transport.parse(response, type);
  }
}
