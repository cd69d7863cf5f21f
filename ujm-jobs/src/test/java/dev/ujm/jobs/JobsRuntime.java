package dev.ujm.jobs;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import dev.ujm.core.worker.RetryPolicy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * One node of the real worker runtime on the in-memory reference store, with the built-in job types
 * built from the given settings and services, and retries a fifth of a second apart, so job types
 * are tested as they run in production without waiting for production backoff.
 */
public final class JobsRuntime implements AutoCloseable {
  /** Every retry waits 200 to 400 ms (decorrelated jitter), so a backoff is always visible. */
  public static final RetryPolicy QUICK_RETRIES =
      new RetryPolicy(
          RetryPolicy.Jitter.DECORRELATED,
          Duration.ofMillis(200),
          Duration.ofMillis(400),
          RandomGenerator.getDefault());

  private final JobStore store = new InMemoryJobStore(InstantSource.system());
  private final Ujm ujm;

  private JobsRuntime(Map<String, String> settings, Map<Class<?>, Object> services) {
    Map<String, String> env = new HashMap<>(settings);
    env.putIfAbsent("UJM_CHECKPOINT_SECONDS", "1");
    env.putIfAbsent("UJM_WORKERS", "4");
    Ujm.Builder builder =
        Ujm.builder()
            .store(store)
            .config(UjmConfig.from(env))
            .nodeId("jobs-test")
            .diagnosticTypes(true)
            .retryPolicy(QUICK_RETRIES)
            .shutdownGrace(Duration.ofSeconds(1));
    services.forEach((type, service) -> offer(builder, type, service));
    this.ujm = builder.build().start();
  }

  public static JobsRuntime start(Map<String, String> settings) {
    return new JobsRuntime(settings, Map.of());
  }

  public static JobsRuntime start(Map<String, String> settings, Map<Class<?>, Object> services) {
    return new JobsRuntime(settings, services);
  }

  @SuppressWarnings("unchecked")
  private static <T> void offer(Ujm.Builder builder, Class<T> type, Object service) {
    builder.service(type, (T) service);
  }

  public Ujm ujm() {
    return ujm;
  }

  public JobStore store() {
    return store;
  }

  /** Submits a job of tenant {@code t1} and owner {@code alice}; returns its id. */
  public String submit(String type, Object payload) {
    return submit(NewJob.ofType(type).payload(payload).tenant("t1").owner("alice"));
  }

  public String submit(NewJob.Builder job) {
    return ujm.submit(job.build()).job().id();
  }

  public Job job(String id) {
    return store.get(id).orElseThrow();
  }

  /** Waits for the job to reach a final state and returns it. */
  public Job awaitFinal(String id) {
    return awaitJob(id, j -> j.state().isFinal());
  }

  /** Waits for the job to reach this state and returns it. */
  public Job awaitState(String id, JobState state) {
    return awaitJob(id, j -> j.state() == state);
  }

  public Job awaitJob(String id, Predicate<Job> condition) {
    await().atMost(Duration.ofSeconds(30)).until(() -> condition.test(job(id)));
    return job(id);
  }

  /** Every result item of a job. */
  public List<JsonNode> results(String id) {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<JsonNode> page = store.results(id, cursor, 500);
      all.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  @Override
  public void close() {
    ujm.stop(Duration.ofSeconds(1));
    store.close();
  }
}
