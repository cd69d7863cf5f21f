package dev.ujm.server.engine;

import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Lets requests wait for a job's next state change without polling the store: registered once as
 * the store's listener, it completes the futures of the jobs that changed. Waiting threads block
 * (they are virtual threads of the web server). Thread-safe; the listener side only completes
 * futures, so it is quick on the store's committing thread.
 */
public final class JobWatch implements Consumer<JobUpdate> {
  private final ConcurrentHashMap<String, List<CompletableFuture<JobUpdate>>> waiters =
      new ConcurrentHashMap<>();

  @Override
  public void accept(JobUpdate update) {
    if (!update.isStateChange()) {
      return;
    }
    List<CompletableFuture<JobUpdate>> waiting = waiters.remove(update.job().id());
    if (waiting != null) {
      waiting.forEach(f -> f.complete(update));
    }
  }

  /**
   * A future completed by the job's next state change. Call {@link #forget} if you stop waiting
   * first.
   */
  public CompletableFuture<JobUpdate> nextChange(String jobId) {
    CompletableFuture<JobUpdate> future = new CompletableFuture<>();
    waiters.compute(
        jobId,
        (id, list) -> {
          List<CompletableFuture<JobUpdate>> next = list == null ? new ArrayList<>() : list;
          next.add(future);
          return next;
        });
    return future;
  }

  /** Stops waiting with this future. */
  public void forget(String jobId, CompletableFuture<JobUpdate> future) {
    waiters.computeIfPresent(
        jobId,
        (id, list) -> {
          list.remove(future);
          return list.isEmpty() ? null : list;
        });
  }

  /**
   * Waits until the job is in a final state or the wait runs out, and returns the job as it is
   * then.
   *
   * @throws dev.ujm.core.model.JobNotFoundException when the job does not exist (any more)
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Job awaitFinal(JobService jobs, String jobId, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      CompletableFuture<JobUpdate> change = nextChange(jobId);
      try {
        Job job = jobs.get(jobId);
        long left = deadline - System.nanoTime();
        if (job.state().isFinal() || left <= 0) {
          return job;
        }
        try {
          change.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          return jobs.get(jobId);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a job change future cannot fail", e);
        }
      } finally {
        forget(jobId, change);
      }
    }
  }

  /** How many requests are waiting now, over all jobs. */
  public int waiting() {
    return waiters.values().stream().mapToInt(List::size).sum();
  }
}
