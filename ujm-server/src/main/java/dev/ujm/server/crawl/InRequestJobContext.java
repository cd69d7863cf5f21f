package dev.ujm.server.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.Progress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of a job run inside a request rather than by a worker, with no store behind it:
 * result items are kept in memory (at most {@code maxItems}), progress and checkpoints go nowhere,
 * there is no previous attempt, and the run counts as cancelled once its deadline has passed.
 * Thread-safe.
 */
final class InRequestJobContext<P> implements JobContext<P> {
  private static final Logger LOG = LoggerFactory.getLogger("dev.ujm.server.crawl.fallback");

  private final P payload;
  private final Job job;
  private final InstantSource clock;
  private final long deadlineNanos;
  private final int maxItems;
  private final List<JsonNode> items = new ArrayList<>();

  InRequestJobContext(P payload, Job job, InstantSource clock, Duration wait, int maxItems) {
    this.payload = payload;
    this.job = job;
    this.clock = clock;
    this.deadlineNanos = System.nanoTime() + wait.toNanos();
    this.maxItems = maxItems;
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
  public void progress(Progress progress) {
    // nobody can read the progress of a job that is not stored
  }

  @Override
  public <T> Optional<T> checkpoint(Class<T> type) {
    return Optional.empty();
  }

  @Override
  public void saveCheckpoint(Object state) {
    // no later attempt would read it
  }

  @Override
  public void checkpointWith(Supplier<?> state) {
    // no later attempt would read it
  }

  @Override
  public synchronized void appendResults(List<?> results) {
    for (Object item : results) {
      if (items.size() >= maxItems) {
        return;
      }
      items.add(Json.mapper().valueToTree(item));
    }
  }

  /** The result items appended so far, in order. */
  synchronized List<JsonNode> items() {
    return List.copyOf(items);
  }

  @Override
  public boolean isCancelled() {
    return System.nanoTime() - deadlineNanos >= 0 || Thread.currentThread().isInterrupted();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    Thread.sleep(Duration.ofNanos(Math.max(0, Math.min(left, duration.toNanos()))));
    if (isCancelled()) {
      throw new InterruptedException("the request's wait is over");
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
}
