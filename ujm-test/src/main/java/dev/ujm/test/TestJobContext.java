package dev.ujm.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobBuilder;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.StaleLeaseException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small, real {@link JobContext} for handler tests: it keeps results, progress and checkpoints in
 * memory, maps them through the project's JSON mapper as a store would, and can be cancelled two
 * ways: as a user cancel (later writes are rejected as stale, like a store would) or as a node
 * shutdown (writes still accepted until hand-back).
 */
public final class TestJobContext<P> implements JobContext<P> {
  private static final Logger LOG = LoggerFactory.getLogger("dev.ujm.test.job");

  private final P payload;
  private final Job job;
  private final JsonNode previousCheckpoint;
  private final InstantSource clock;
  private final List<JsonNode> results = new CopyOnWriteArrayList<>();
  private final List<Progress> progress = new CopyOnWriteArrayList<>();
  private volatile Supplier<?> checkpointSupplier;
  private volatile JsonNode savedCheckpoint;
  private volatile boolean cancelled;
  private volatile boolean writesRejected;
  private volatile Consumer<TestJobContext<P>> afterAppend = c -> {};

  public TestJobContext(
      String type,
      P payload,
      String jobId,
      int attempt,
      JsonNode previousCheckpoint,
      InstantSource clock) {
    this.payload = payload;
    this.job =
        new JobBuilder()
            .id(jobId)
            .type(type)
            .queue(type)
            .state(JobState.PROCESSING)
            .attempt(attempt)
            .payload(Json.mapper().valueToTree(payload))
            .workerId("test-worker")
            .build();
    this.previousCheckpoint = previousCheckpoint;
    this.clock = clock;
  }

  /** A first attempt of a new job. */
  public static <P> TestJobContext<P> firstAttempt(String type, P payload) {
    return new TestJobContext<>(
        type, payload, UUID.randomUUID().toString(), 1, null, InstantSource.system());
  }

  /** The next attempt of the same job, handed the checkpoint the previous one left. */
  public TestJobContext<P> nextAttempt(JsonNode checkpoint) {
    return new TestJobContext<>(
        job.type(), payload, job.id(), job.attempt() + 1, checkpoint, clock);
  }

  /**
   * Runs code after every stored batch (for example to stop the attempt once enough pages are
   * stored).
   */
  public TestJobContext<P> afterEachAppend(Consumer<TestJobContext<P>> hook) {
    this.afterAppend = hook;
    return this;
  }

  /** A user cancel: the attempt should stop, and its writes are rejected from now on. */
  public void cancelByUser() {
    writesRejected = true;
    cancelled = true;
  }

  /**
   * A node shutdown: the attempt should stop; writes are still accepted until it hands the job
   * back.
   */
  public void shutDown() {
    cancelled = true;
  }

  /**
   * What the runtime saves at hand-back or on its checkpoint timer: the registered supplier's
   * state, as JSON.
   */
  public JsonNode checkpointNow() {
    Supplier<?> supplier = checkpointSupplier;
    return supplier == null ? savedCheckpoint : Json.mapper().valueToTree(supplier.get());
  }

  public List<JsonNode> results() {
    return List.copyOf(results);
  }

  public List<Progress> progressReports() {
    return List.copyOf(progress);
  }

  @Override
  public P payload() {
    return payload;
  }

  @Override
  public Job job() {
    return job;
  }

  @Override
  public void progress(Progress p) {
    checkWritable();
    progress.add(p);
  }

  @Override
  public <T> Optional<T> checkpoint(Class<T> type) {
    if (previousCheckpoint == null || previousCheckpoint.isNull()) {
      return Optional.empty();
    }
    return Optional.of(Json.mapper().convertValue(previousCheckpoint, type));
  }

  @Override
  public void saveCheckpoint(Object state) {
    checkWritable();
    savedCheckpoint = Json.mapper().valueToTree(state);
  }

  @Override
  public void checkpointWith(Supplier<?> state) {
    checkpointSupplier = state;
  }

  @Override
  public void appendResults(List<?> items) {
    checkWritable();
    List<JsonNode> mapped = new ArrayList<>();
    items.forEach(i -> mapped.add(Json.mapper().valueToTree(i)));
    results.addAll(mapped);
    afterAppend.accept(this);
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    Object monitor = new Object();
    synchronized (monitor) {
      while (!cancelled && System.nanoTime() < end) {
        monitor.wait(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000)));
      }
    }
    if (cancelled) {
      throw new InterruptedException("cancelled");
    }
  }

  @Override
  public Logger log() {
    return LOG;
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  private void checkWritable() {
    if (writesRejected) {
      throw new StaleLeaseException(new Lease(job.id(), job.workerId(), job.attempt()));
    }
  }
}
