package dev.ujm.core.events;

import dev.ujm.core.model.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Lets callers wait for a job's next state change without polling the store: one subscription to
 * the {@link EventBus} completes the futures of the jobs that changed. Used by the long-poll, the
 * compatibility crawl endpoint and the library's {@code Ujm.await}. When the subscription falls
 * behind and loses events, every waiter is woken so it reads the job again: a wait may end early,
 * never late. Waiting threads block (virtual threads in the server). Thread-safe.
 */
public final class JobWaiter implements AutoCloseable {
  private final ConcurrentHashMap<String, List<CompletableFuture<JobChange>>> waiters =
      new ConcurrentHashMap<>();
  private final Subscription subscription;

  public JobWaiter(EventBus bus) {
    this.subscription =
        bus.subscribe(
            change -> change.isStateChange() && waiters.containsKey(change.jobId()),
            new EventListener() {
              @Override
              public void onEvent(JobChange change) {
                List<CompletableFuture<JobChange>> waiting = waiters.remove(change.jobId());
                if (waiting != null) {
                  waiting.forEach(f -> f.complete(change));
                }
              }

              @Override
              public void onOverflow(long missed) {
                wakeEveryone();
              }
            },
            100_000);
  }

  /**
   * A future completed by the job's next state change (or early, when events were lost). Register
   * before reading the job, so a change in between is not missed; call {@link #forget} if you stop
   * waiting first.
   */
  public CompletableFuture<JobChange> nextChange(String jobId) {
    CompletableFuture<JobChange> future = new CompletableFuture<>();
    waiters.compute(
        jobId,
        (id, list) -> {
          List<CompletableFuture<JobChange>> next = list == null ? new ArrayList<>() : list;
          next.add(future);
          return next;
        });
    return future;
  }

  /** Stops waiting with this future. */
  public void forget(String jobId, CompletableFuture<JobChange> future) {
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
   * @param read reads the job now; throws {@link dev.ujm.core.model.JobNotFoundException} when it
   *     does not exist (any more)
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Job awaitFinal(Function<String, Job> read, String jobId, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      CompletableFuture<JobChange> change = nextChange(jobId);
      try {
        Job job = read.apply(jobId);
        long left = deadline - System.nanoTime();
        if (job.state().isFinal() || left <= 0) {
          return job;
        }
        try {
          change.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          return read.apply(jobId);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a job change future cannot fail", e);
        }
      } finally {
        forget(jobId, change);
      }
    }
  }

  /** How many waits are open now, over all jobs. */
  public int waiting() {
    return waiters.values().stream().mapToInt(List::size).sum();
  }

  private void wakeEveryone() {
    for (String jobId : List.copyOf(waiters.keySet())) {
      List<CompletableFuture<JobChange>> waiting = waiters.remove(jobId);
      if (waiting != null) {
        waiting.forEach(f -> f.complete(null));
      }
    }
  }

  /** Stops listening; open waits run to their timeout. */
  @Override
  public void close() {
    subscription.close();
  }
}
