package dev.ujm.core.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The {@link JobContext} of one attempt on this node. Progress goes through the attempt's {@link
 * ProgressCoalescer}; checkpoints, results and progress are written with the attempt's lease, so
 * after a cancel or a takeover they throw {@link dev.ujm.core.model.StaleLeaseException}.
 * Thread-safe: handlers may call it from threads they start.
 */
final class AttemptContext<P> implements JobContext<P> {
  private final Attempt attempt;
  private final P payload;
  private final JobStore store;
  private final InstantSource clock;
  private final Logger log;
  private final AttemptObserver observer;

  AttemptContext(
      Attempt attempt,
      P payload,
      JobStore store,
      InstantSource clock,
      Logger log,
      AttemptObserver observer) {
    this.attempt = attempt;
    this.payload = payload;
    this.store = store;
    this.clock = clock;
    this.log = log;
    this.observer = observer;
  }

  @Override
  public P payload() {
    return payload;
  }

  @Override
  public Job job() {
    return attempt.job();
  }

  @Override
  public void progress(Progress progress) {
    Objects.requireNonNull(progress, "progress");
    fenced(() -> attempt.progress().offer(progress));
  }

  /**
   * The checkpoint handed to this attempt; one that no longer maps to {@code type} is logged and
   * ignored.
   */
  @Override
  public <T> Optional<T> checkpoint(Class<T> type) {
    JsonNode saved = attempt.job().checkpoint();
    if (saved == null || saved.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(Json.mapper().treeToValue(saved, type));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      log.warn(
          "ignoring a checkpoint that does not map to {}: {}",
          type.getSimpleName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void saveCheckpoint(Object state) {
    JsonNode json = Json.mapper().valueToTree(state);
    fenced(() -> store.checkpoint(attempt.lease(), json));
    attempt.checkpointSaved(json);
  }

  @Override
  public void checkpointWith(Supplier<?> state) {
    attempt.checkpointWith(state);
  }

  @Override
  public void appendResults(List<?> items) {
    if (items.isEmpty()) {
      return;
    }
    List<JsonNode> json =
        items.stream().map(item -> (JsonNode) Json.mapper().valueToTree(item)).toList();
    fenced(() -> store.appendResults(attempt.lease(), json));
  }

  /** Makes a write under the attempt's lease, telling the observer when it was refused as stale. */
  private void fenced(Runnable write) {
    try {
      write.run();
    } catch (StaleLeaseException e) {
      observer.staleWrite(attempt.job());
      throw e;
    }
  }

  @Override
  public boolean isCancelled() {
    return attempt.isStopped();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("job " + attempt.jobId() + " was interrupted");
    }
    if (attempt.awaitStop(duration)) {
      throw new InterruptedException(
          "job " + attempt.jobId() + " stopped: " + attempt.stopReason());
    }
  }

  @Override
  public Logger log() {
    return log;
  }

  @Override
  public InstantSource clock() {
    return clock;
  }
}
