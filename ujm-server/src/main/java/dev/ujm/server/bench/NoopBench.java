package dev.ujm.server.bench;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.engine.Ujm;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.server.engine.Instrumentation;
import dev.ujm.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fresh embedded database with UJM on it, its {@code noop} pool of a given size not yet started,
 * for the benchmarks of no-op jobs; counts completions through the store's listener. Deleted when
 * closed.
 */
final class NoopBench implements AutoCloseable {
  private final Path dir;
  private final SqliteJobStore store;
  private final Ujm ujm;
  private final int batch;
  private final AtomicLong completed = new AtomicLong();
  private volatile CountDownLatch done = new CountDownLatch(0);
  private volatile long target;

  /**
   * @param poolSize workers of the {@code noop} queue
   * @param batch jobs per {@code submitAll}
   * @param stuckSubscriber subscribe one listener to the event bus that never returns
   */
  NoopBench(int poolSize, int batch, boolean stuckSubscriber) {
    this(poolSize, batch, stuckSubscriber, null);
  }

  /**
   * The same, watched as the server watches its engine (metrics, traces).
   *
   * @param instrumentation what watches the engine, or null for nothing
   */
  NoopBench(int poolSize, int batch, boolean stuckSubscriber, Instrumentation instrumentation) {
    this.batch = batch;
    dir = ScratchDirectory.create("ujm-bench");
    store = SqliteJobStore.open(dir.resolve("ujm.db"), InstantSource.system());
    store.addListener(
        update -> {
          if (update.isStateChange()
              && update.job().state() == JobState.COMPLETED
              && completed.incrementAndGet() >= target) {
            done.countDown();
          }
        });
    UjmConfig config =
        UjmConfig.from(Map.of("UJM_WORKERS", String.valueOf(poolSize), "LOG_LEVEL", "WARN"));
    Ujm.Builder builder =
        Ujm.builder().store(store).config(config).nodeId("bench").diagnosticTypes(true);
    if (instrumentation != null) {
      instrumentation.attachTo(store);
      builder.observer(instrumentation.attempts());
    }
    ujm = builder.build();
    if (instrumentation != null) {
      instrumentation.built().accept(ujm);
    }
    if (stuckSubscriber) {
      CountDownLatch never = new CountDownLatch(1);
      ujm.events()
          .subscribe(
              change -> true,
              change -> {
                try {
                  never.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
  }

  Ujm ujm() {
    return ujm;
  }

  SqliteJobStore store() {
    return store;
  }

  /**
   * Submits {@code count} no-op jobs in batches, dealt round robin to {@code tenants} tenants
   * ({@code tenant-0} …), and sets the number of completions {@link #awaitCompleted} waits for.
   */
  void submitInBatches(int count, int tenants) {
    target = count;
    done = new CountDownLatch(1);
    if (completed.get() >= count) {
      done.countDown();
    }
    for (int from = 0; from < count; from += batch) {
      int size = Math.min(batch, count - from);
      List<NewJob> jobs = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        jobs.add(NewJob.ofType("noop").tenant("tenant-" + (from + i) % tenants).build());
      }
      ujm.jobs().submitAll(jobs);
    }
  }

  void awaitCompleted(int count) {
    try {
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            "only " + completed.get() + " of " + count + " jobs completed in 10 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** End to end: submitting in batches while the workers run, to the last completion (jobs/s). */
  double endToEnd(int count) {
    ujm.start();
    long start = System.nanoTime();
    submitInBatches(count, 1);
    awaitCompleted(count);
    return count / ((System.nanoTime() - start) / 1e9);
  }

  @Override
  public void close() {
    ujm.close();
    store.close();
    ScratchDirectory.delete(dir);
  }
}
