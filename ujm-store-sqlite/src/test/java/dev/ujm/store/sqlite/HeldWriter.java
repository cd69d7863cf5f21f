package dev.ujm.store.sqlite;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * Occupies a store's writer with a task that waits until {@link #release}, so that the writes after
 * it queue up and run as one group. Closing releases it, so a failed test never leaves the writer
 * held.
 */
final class HeldWriter implements AutoCloseable {
  private final CountDownLatch release = new CountDownLatch(1);
  private final CompletableFuture<Void> task;

  private HeldWriter(SqliteJobStore store, Executor threads) throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(1);
    this.task =
        CompletableFuture.runAsync(
            () ->
                store
                    .writer()
                    .execute(
                        tx -> {
                          holding.countDown();
                          try {
                            release.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return null;
                        }),
            threads);
    holding.await();
  }

  /** Holds the writer; returns once the holding task runs on it. */
  static HeldWriter hold(SqliteJobStore store, Executor threads) throws InterruptedException {
    return new HeldWriter(store, threads);
  }

  /** Lets the writer go on and waits until the holding task has committed. */
  void release() {
    release.countDown();
    task.join();
  }

  @Override
  public void close() {
    release.countDown();
  }
}
