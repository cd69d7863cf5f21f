package dev.ujm.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobStore;
import dev.ujm.server.analytics.SlaSampler;
import dev.ujm.server.api.ServerFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a scripted workload on a real server (completions, a retry after backoff, dead letters and a
 * manual retry, a cancel, a handler that writes after its job was cancelled, a lease that expires)
 * and reads {@code /metrics} back through a strict parser and, where it is installed, {@code
 * promtool check metrics}: every counter and histogram count must be exactly what ran.
 */
class MetricsApiTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "ujm.json");
  private static final Path METRICS_DOC = Path.of("..", "docs", "metrics.md");

  /** Writes a checkpoint after it was told to stop: a stale write. */
  record Probe(String note) {}

  private final CountDownLatch probeEntered = new CountDownLatch(1);
  private final AtomicInteger probeRuns = new AtomicInteger();

  @TempDir Path dir;
  private ServerFixture server;

  @BeforeEach
  void start() {
    JobDefinition<Probe> probe =
        JobDefinition.of(
            "probe",
            Probe.class,
            ctx -> {
              probeRuns.incrementAndGet();
              probeEntered.countDown();
              try {
                new CountDownLatch(1).await(AWAIT.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException cancelled) {
                ctx.saveCheckpoint(Map.of("after", "cancel")); // refused: the job is cancelled
              }
              return JobOutcome.completed();
            });
    server =
        ServerFixture.start(
            dir,
            Map.of(
                "UJM_RETRY_BASE_SECONDS", "1",
                "UJM_RETRY_MAX_SECONDS", "1",
                "UJM_SLA_NOOP", "99% within 1m"),
            b -> b.register(probe));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void every_counter_and_histogram_counts_exactly_what_ran_and_the_docs_name_only_real_metrics()
      throws Exception {
    for (int i = 0; i < 3; i++) {
      awaitState(submit("{\"type\":\"noop\",\"payload\":{}}"), "completed");
    }
    awaitState(
        submit("{\"type\":\"flaky\",\"payload\":{\"failTimes\":1},\"maxAttempts\":3}"),
        "completed");
    String dead = submit("{\"type\":\"flaky\",\"payload\":{\"failTimes\":5},\"maxAttempts\":1}");
    awaitState(dead, "failed");
    assertThat(server.post("/api/v2/jobs/" + dead + "/retry", null).statusCode()).isEqualTo(200);
    awaitState(dead, "failed");
    String delayed = submit("{\"type\":\"noop\",\"payload\":{},\"delaySeconds\":3600}");
    assertThat(server.send("DELETE", "/api/v2/jobs/" + delayed, ServerFixture.ADMIN_KEY, null))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(200));
    String probe = submit("{\"type\":\"probe\",\"payload\":{}}");
    assertThat(probeEntered.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    server.send("DELETE", "/api/v2/jobs/" + probe, ServerFixture.ADMIN_KEY, null);
    String orphan = submit("{\"type\":\"noop\",\"payload\":{},\"queue\":\"orphans\"}");
    JobStore store = server.server().backend().engine().jobs().store();
    assertThat(store.claim(ClaimRequest.of("orphans", "ghost/1", 1, Duration.ofMillis(1))))
        .hasSize(1); // a worker that claims the job and is never heard of again
    await() // the orphan reaper or this test, whichever comes first, requeues it
        .atMost(AWAIT)
        .until(
            () ->
                store.requeueExpired(10) >= 0
                    && store.get(orphan).orElseThrow().attempt() == 1
                    && store.get(orphan).orElseThrow().state() == JobState.QUEUED);

    await()
        .atMost(AWAIT)
        .untilAsserted(
            () -> {
              PrometheusText m = scrape();
              assertThat(m.value("ujm_jobs_submitted_total", "type", "noop", "queue", "noop"))
                  .isEqualTo(4);
              assertThat(
                      m.value(
                          "ujm_jobs_submitted_total",
                          "type",
                          "noop",
                          "queue",
                          QueueSampler.UNSERVED_QUEUE))
                  .isEqualTo(1);
              assertThat(m.value("ujm_jobs_submitted_total", "type", "flaky", "queue", "flaky"))
                  .isEqualTo(2);
              assertThat(m.value("ujm_jobs_submitted_total", "type", "probe", "queue", "probe"))
                  .isEqualTo(1);
              assertThat(m.value("ujm_jobs_completed_total", "type", "noop", "queue", "noop"))
                  .isEqualTo(3);
              assertThat(m.value("ujm_jobs_completed_total", "type", "flaky", "queue", "flaky"))
                  .isEqualTo(1);
              assertThat(failed(m, "flaky", "flaky", "false")).isEqualTo(1);
              assertThat(failed(m, "flaky", "flaky", "true")).isEqualTo(2);
              assertThat(failed(m, "noop", QueueSampler.UNSERVED_QUEUE, "false")).isEqualTo(1);
              assertThat(retried(m, "flaky", "automatic")).isEqualTo(1);
              assertThat(retried(m, "flaky", "manual")).isEqualTo(1);
              assertThat(
                      m.value(
                          "ujm_jobs_retried_total",
                          "type",
                          "noop",
                          "queue",
                          QueueSampler.UNSERVED_QUEUE,
                          "trigger",
                          "automatic"))
                  .isEqualTo(1);
              assertThat(m.value("ujm_jobs_cancelled_total", "type", "noop", "queue", "noop"))
                  .isEqualTo(1);
              assertThat(m.value("ujm_jobs_cancelled_total", "type", "probe", "queue", "probe"))
                  .isEqualTo(1);
              assertThat(
                      m.value(
                          "ujm_leases_expired_total",
                          "type",
                          "noop",
                          "queue",
                          QueueSampler.UNSERVED_QUEUE))
                  .isEqualTo(1);
              assertThat(
                      m.value("ujm_stale_writes_rejected_total", "type", "probe", "queue", "probe"))
                  .isEqualTo(1);

              assertThat(wait(m, "noop", "noop")).isEqualTo(3);
              assertThat(wait(m, "flaky", "flaky")).isEqualTo(4);
              assertThat(wait(m, "probe", "probe")).isEqualTo(1);
              assertThat(wait(m, "noop", QueueSampler.UNSERVED_QUEUE)).isEqualTo(1);
              assertThat(run(m, "noop", "completed")).isEqualTo(3);
              assertThat(run(m, "flaky", "failed")).isEqualTo(3);
              assertThat(run(m, "flaky", "completed")).isEqualTo(1);
              assertThat(run(m, "probe", "cancelled")).isEqualTo(1);
              assertThat(latency(m, "noop", "completed")).isEqualTo(3);
              assertThat(latency(m, "noop", "cancelled")).isEqualTo(1);
              assertThat(latency(m, "flaky", "completed")).isEqualTo(1);
              assertThat(latency(m, "flaky", "failed")).isEqualTo(2);
              assertThat(latency(m, "probe", "cancelled")).isEqualTo(1);

              assertThat(
                      m.value(
                          "ujm_http_requests_seconds_count",
                          "method",
                          "POST",
                          "route",
                          "/api/v2/jobs",
                          "status",
                          "201"))
                  .isEqualTo(8);
              double commits = m.value("ujm_store_commit_seconds_count");
              assertThat(commits).isPositive();
              assertThat(m.value("ujm_store_commit_writes_sum")).isGreaterThanOrEqualTo(commits);
              assertThat(m.families().get("ujm_build_info").samples().keySet())
                  .singleElement()
                  .asString()
                  .doesNotContain("unknown")
                  .contains("version=\"");
            });
    assertThat(probeRuns).hasValue(1);

    assertThat(sampler().runOnce()).isTrue(); // it reads the store on a timer; one pass now
    PrometheusText m = scrape();
    assertThat(m.value("ujm_dead_letter_jobs", "queue", "flaky")).isEqualTo(1);
    assertThat(m.value("ujm_jobs", "queue", "flaky", "state", "failed")).isEqualTo(1);
    assertThat(m.value("ujm_jobs", "queue", "noop", "state", "completed")).isEqualTo(3);
    assertThat(m.value("ujm_queue_depth", "queue", QueueSampler.UNSERVED_QUEUE)).isEqualTo(1);
    assertThat(m.value("ujm_queue_depth", "queue", "noop")).isZero();
    assertThat(m.value("ujm_workers_size", "queue", "noop")).isEqualTo(4);
    assertThat(m.value("ujm_events_subscribers")).isPositive();
    assertThat(m.value("ujm_sla_objective_ratio", "type", "noop")).isEqualTo(0.99);
    assertThat(server.server().metrics().bound(SlaSampler.class).orElseThrow().runOnce()).isTrue();
    assertThat(scrape().value("ujm_sla_attainment_ratio", "type", "noop"))
        .as("three noop jobs, each completed within a minute of its submit")
        .isEqualTo(1.0);

    Set<String> exposed = new TreeSet<>(m.families().keySet());
    exposed.addAll(m.seriesNames());
    assertThat(metricNames(Files.readString(DASHBOARD))).isNotEmpty().isSubsetOf(exposed);
    Set<String> documented = metricNames(Files.readString(METRICS_DOC));
    assertThat(documented).isSubsetOf(exposed);
    assertThat(
            m.families().keySet().stream()
                .filter(name -> name.startsWith("ujm_") && !name.endsWith("_max"))
                .toList())
        .as("every ujm_ metric is in docs/metrics.md")
        .isSubsetOf(documented);
  }

  /** The names of UJM's metrics a text mentions (a dashboard's expressions, a page of docs). */
  private static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\bujm_[a-z_]+").matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  @Test
  void the_text_passes_promtool_check_metrics_where_it_is_installed() throws Exception {
    awaitState(submit("{\"type\":\"noop\",\"payload\":{}}"), "completed");
    String text = server.get("/metrics").body();
    PrometheusText.parse(text); // strict on its own
    Path promtool = Path.of("/usr/bin/promtool");
    if (Files.isExecutable(promtool)) {
      Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").start();
      try (var in = check.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
      assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String said =
          new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
              + new String(check.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(said).isEmpty();
      assertThat(check.exitValue()).isZero();
    }
  }

  private QueueSampler sampler() {
    return server.server().metrics().sampler();
  }

  private static double failed(PrometheusText m, String type, String queue, String fin) {
    return m.value("ujm_jobs_failed_total", "type", type, "queue", queue, "final", fin);
  }

  private static double retried(PrometheusText m, String type, String trigger) {
    return m.value("ujm_jobs_retried_total", "type", type, "queue", type, "trigger", trigger);
  }

  private static double wait(PrometheusText m, String type, String queue) {
    return m.value("ujm_job_queue_wait_seconds_count", "type", type, "queue", queue);
  }

  private static double run(PrometheusText m, String type, String outcome) {
    return m.value("ujm_job_run_seconds_count", "type", type, "queue", type, "outcome", outcome);
  }

  private static double latency(PrometheusText m, String type, String outcome) {
    return m.value(
        "ujm_job_latency_seconds_count", "type", type, "queue", type, "outcome", outcome);
  }

  private PrometheusText scrape() {
    var response = server.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return PrometheusText.parse(response.body());
  }

  private String submit(String body) {
    var response = server.post("/api/v2/jobs", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return ServerFixture.json(response).get("id").asText();
  }

  private void awaitState(String id, String state) {
    await()
        .atMost(AWAIT)
        .until(
            () -> {
              JsonNode job = ServerFixture.json(server.get("/api/v2/jobs/" + id));
              return job.get("state").asText().equals(state);
            });
  }
}
