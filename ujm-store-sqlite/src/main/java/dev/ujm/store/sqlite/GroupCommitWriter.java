package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.CommitObserver;
import dev.ujm.core.store.CompletedAndClaimed;
import dev.ujm.core.store.StorageFaultException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the database, committing concurrent writes together (group commit):
 * with {@code synchronous=FULL} every commit waits for the disk, so one commit for many writes is
 * what makes acknowledged writes fast.
 *
 * <p>Its loop:
 *
 * <ol>
 *   <li>wait (briefly, so closing is prompt) for a write task; then take every other waiting task,
 *       up to {@link #MAX_GROUP};
 *   <li>open one transaction ({@code BEGIN IMMEDIATE}, {@link WriterTransactions});
 *   <li>run each task inside its own savepoint: a task that throws is rolled back to its savepoint
 *       alone, and the others in the group still commit (the memory of jobs under lease is cleared,
 *       as it may hold undone changes);
 *   <li>make the claims that completions joined for their freed slots, one per pool ({@link
 *       GroupClaims}), each in a savepoint of its own;
 *   <li>write the audit events of the tasks that succeeded, many rows per statement ({@link
 *       GroupEvents}), the job counts they move ({@link GroupCounts}), the fair shares ({@link
 *       GroupShares}), the metered usage ({@link GroupUsage}) and the job metrics they add ({@link
 *       GroupMetrics}), one row change per row touched, and commit once (if that fails, every task
 *       of the group fails and nothing is written);
 *   <li>after the commit, hand each successful task's updates to the listeners, then complete its
 *       caller's future.
 * </ol>
 *
 * <p>A database error never leaves the writer unable to go on: the cached statements are thrown
 * away (the driver may have finalized the one that failed), the transaction is rolled back, and the
 * next group starts afresh. Storage faults (disk full, I/O errors, a damaged file) reach callers as
 * {@link StorageFaultException} and are recorded in the {@link WriteHealth}, which logs once when
 * writes start failing and once when they work again; while they fail and no write comes, the
 * writer probes every {@link #PROBE_EVERY} with a one-row write so that recovery is seen without
 * waiting for a client. A commit that waits long for the disk is logged ({@link SlowCommits}).
 *
 * <p>Callers block in {@link #execute} until their task is committed, so a method that returned has
 * its write on disk. {@link #execute} is thread-safe; everything else runs on the writer thread.
 */
final class GroupCommitWriter implements AutoCloseable {
  /** Most tasks in one transaction: bounds the latency one commit adds to its first caller. */
  static final int MAX_GROUP = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final long POLL_MILLIS = 100;

  /** How often an idle writer whose writes fail tries a one-row write to see if they work again. */
  static final Duration PROBE_EVERY = Duration.ofSeconds(1);

  private static final String PROBE =
      "INSERT INTO store_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at";

  /** The work of one write task, run on the writer thread inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(WriteTransaction tx) throws SQLException;
  }

  private record Task<T>(Work<T> work, CompletableFuture<T> future) {}

  /** How one task of a group ended, kept until the group has committed. */
  private record Outcome(Task<?> task, Object value, Throwable failure, List<JobUpdate> updates) {}

  private final StatementCache statements;
  private final WriterTransactions transactions;
  private final LeasedJobs leased = new LeasedJobs();
  private final GroupEvents groupEvents = new GroupEvents();
  private final GroupCounts groupCounts = new GroupCounts();
  private final GroupMetrics groupMetrics = new GroupMetrics();
  private final GroupShares groupShares = new GroupShares();
  private final GroupUsage groupUsage = new GroupUsage();
  private final GroupClaims groupClaims = new GroupClaims();
  private final WriteTransaction.Deferred deferred =
      new WriteTransaction.Deferred(groupEvents, groupShares);
  private final WriteHealth health;
  private final SlowCommits slowCommits;
  private final InstantSource clock;
  private final List<Consumer<JobUpdate>> listeners;
  private final List<CommitObserver> commitObservers;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock admission = new ReentrantLock();
  private final Thread thread;
  private volatile boolean closed;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong completionClaims = new AtomicLong();
  private long lastProbeNanos;

  GroupCommitWriter(
      Connection connection,
      InstantSource clock,
      List<Consumer<JobUpdate>> listeners,
      List<CommitObserver> commitObservers,
      WriteHealth health,
      String name) {
    this.statements = new StatementCache(connection);
    this.transactions = new WriterTransactions(statements);
    this.health = health;
    this.slowCommits = new SlowCommits(health.database());
    this.clock = clock;
    this.listeners = listeners;
    this.commitObservers = commitObservers;
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    thread.start();
  }

  /**
   * Runs the work in the next group transaction and returns its result once that transaction is
   * committed. An exception thrown by the work (for example a stale lease) is rethrown here after
   * its savepoint was rolled back. A caller interrupted while waiting still waits for the outcome
   * (the write may already be on disk) and keeps its interrupt flag.
   *
   * @throws IllegalStateException when the store is closed, or when called from a listener (it
   *     would wait forever)
   */
  <T> T execute(Work<T> work) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("a store listener must not write to the store");
    }
    Task<T> task = new Task<>(work, new CompletableFuture<>());
    admission.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the job store is closed");
      }
      queue.add(task);
    } finally {
      admission.unlock();
    }
    return await(task.future());
  }

  /**
   * Runs a completion in the next group transaction and, in the same transaction, claims the jobs
   * for the slots it frees: together with the claims of the group's other completions of the same
   * pool, after every task of the group ({@link GroupClaims}). Returns once committed.
   */
  CompletedAndClaimed executeAndClaim(
      Work<Job> completion, ClaimRequest next, GroupClaims.Claimer claimer) {
    Work<Object> work = tx -> new GroupClaims.Request(completion.run(tx), next, claimer);
    return (CompletedAndClaimed) execute(work);
  }

  /** Write tasks waiting for the next group. */
  int pendingWrites() {
    return queue.size();
  }

  /**
   * Transactions committed so far; with {@link #pendingWrites()} it shows how well writes are
   * grouped.
   */
  long commits() {
    return commits.get();
  }

  /**
   * Claims made so far for the slots that completions freed, one per pool and group: with {@link
   * #commits()} it shows how well those claims are merged.
   */
  long completionClaims() {
    return completionClaims.get();
  }

  boolean isRunning() {
    return !closed && thread.isAlive();
  }

  /** Stops taking new tasks, finishes the ones already queued, and closes the writer connection. */
  @Override
  public void close() {
    admission.lock();
    try {
      closed = true;
    } finally {
      admission.unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    try {
      List<Task<?>> group = new ArrayList<>();
      while (true) {
        Task<?> first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed && queue.isEmpty()) {
            break;
          }
          probeIfFailing();
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        try {
          runGroup(group);
        } catch (Throwable e) { // keep the only writer alive; its callers must not wait forever
          LOG.error("job store writer failed on a group of {} writes", group.size(), e);
          clearGroup();
          statements.discardAll();
          rollbackQuietly();
          group.forEach(task -> task.future().completeExceptionally(e));
        }
        group.clear();
      }
    } catch (InterruptedException e) {
      LOG.warn("job store writer interrupted; pending writes fail");
      failRemaining(new SqliteStoreException("the job store writer was interrupted"));
    } finally {
      try {
        statements.close();
      } catch (SQLException e) {
        LOG.warn("closing the writer connection failed", e);
      }
    }
  }

  private void runGroup(List<Task<?>> group) {
    long changesBefore = health.isFailing() ? totalChanges() : -1;
    List<Outcome> outcomes = new ArrayList<>(group.size());
    try {
      long began = System.nanoTime();
      transactions.begin();
      for (Task<?> task : group) {
        outcomes.add(runInSavepoint(task));
      }
      claimForCompletions(outcomes);
      WriteTransaction beforeCommit =
          new WriteTransaction(statements, leased, deferred, clock.instant());
      groupEvents.writeBeforeCommit(beforeCommit);
      groupCounts.writeBeforeCommit(beforeCommit);
      groupShares.writeBeforeCommit(beforeCommit);
      groupUsage.writeBeforeCommit(beforeCommit);
      groupMetrics.writeBeforeCommit(beforeCommit);
      long committing = System.nanoTime();
      transactions.commit();
      long committed = System.nanoTime();
      commits.incrementAndGet();
      slowCommits.committed(committed - committing, group.size(), committed);
      long took = committed - began;
      commitObservers.forEach(observer -> observer.committed(group.size(), took));
    } catch (SQLException | RuntimeException e) {
      clearGroup();
      statements.discardAll(); // the statement that failed may be dead; prepare afresh
      rollbackQuietly();
      RuntimeException failure = groupFailure(e, group.size());
      group.forEach(task -> task.future().completeExceptionally(failure));
      return;
    }
    int faults = 0;
    for (Outcome outcome : outcomes) {
      if (outcome.failure() == null) {
        notifyListeners(outcome.updates());
        complete(outcome);
      } else {
        if (outcome.failure() instanceof StorageFaultException fault) {
          health.failed(fault, 1);
          faults++;
        }
        outcome.task().future().completeExceptionally(outcome.failure());
      }
    }
    if (faults == 0 && changesBefore >= 0 && totalChanges() > changesBefore) {
      health.succeeded();
    }
  }

  /**
   * Makes the claims the group's completions joined, one per pool; a claim that fails leaves its
   * completions without jobs, and they still commit.
   */
  @SuppressWarnings("unchecked")
  private void claimForCompletions(List<Outcome> outcomes) throws SQLException {
    for (GroupClaims.Claim claim : groupClaims.take()) {
      Outcome claimed = runInSavepoint(new Task<>(claim::run, new CompletableFuture<>()));
      completionClaims.incrementAndGet();
      if (claimed.failure() == null) {
        claim.deal((List<Job>) claimed.value());
        outcomes.add(claimed);
      } else {
        LOG.warn(
            "the claim for the slots that completions freed failed; they claim through their pool",
            claimed.failure());
      }
    }
  }

  /** The group did not commit: nothing it kept or remembered may reach the next one. */
  private void clearGroup() {
    groupClaims.clear();
    groupEvents.clear();
    groupCounts.clear();
    groupShares.clear();
    groupUsage.clear();
    groupMetrics.clear();
    leased.clear();
  }

  /**
   * What the callers of a group that could not commit get: a storage fault (recorded, logged once
   * per failing spell), or anything else (logged with its stack trace: a bug).
   */
  private RuntimeException groupFailure(Exception e, int writes) {
    RuntimeException failure =
        e instanceof SQLException sql
            ? SqliteFaults.of(sql, "write")
            : e instanceof StorageFaultException fault
                ? fault
                : new SqliteStoreException(
                    "the write could not be committed: " + e.getMessage(), e);
    if (failure instanceof StorageFaultException fault) {
      health.failed(fault, writes);
    } else {
      LOG.error("job store group commit of {} writes failed; all rolled back", writes, e);
    }
    return failure;
  }

  private Outcome runInSavepoint(Task<?> task) throws SQLException {
    statements.prepare("SAVEPOINT task").execute();
    WriteTransaction tx = new WriteTransaction(statements, leased, deferred, clock.instant());
    try {
      Object value = task.work().run(tx);
      GroupUsage.TaskUsage usage = groupUsage.count(tx);
      statements.prepare("RELEASE task").execute();
      if (value instanceof GroupClaims.Request request) {
        value = groupClaims.join(request);
      }
      groupEvents.taskSucceeded(tx.events());
      groupCounts.taskSucceeded(tx.updates());
      groupShares.taskSucceeded(tx);
      groupUsage.taskSucceeded(usage);
      groupMetrics.taskSucceeded(tx.updates());
      return new Outcome(task, value, null, tx.updates());
    } catch (Exception | LinkageError | AssertionError e) {
      // Undo only this task; the rest of the group goes on.
      leased.clear(); // the task may have remembered a change that is now undone
      groupEvents.taskFailed(); // the earlier tasks' events it wrote are undone with it
      groupShares.taskFailed(); // and so are the earlier tasks' shares it wrote
      if (e instanceof SQLException) {
        statements.discardAll();
      }
      try {
        statements.prepare("ROLLBACK TO task").execute();
        statements.prepare("RELEASE task").execute();
      } catch (SQLException rollback) {
        // After a full disk or an I/O error SQLite may have rolled back the whole transaction:
        // the group fails, with the task's own error (the one that says why).
        if (e instanceof SQLException sql) {
          sql.addSuppressed(rollback);
          throw sql;
        }
        rollback.addSuppressed(e);
        throw rollback;
      }
      return new Outcome(
          task, null, e instanceof SQLException sql ? SqliteFaults.of(sql, "write") : e, List.of());
    }
  }

  /**
   * While writes fail and none comes, one small write every {@link #PROBE_EVERY}: the first that
   * commits tells the health that writes work again.
   */
  private void probeIfFailing() {
    if (!health.isFailing() || System.nanoTime() - lastProbeNanos < PROBE_EVERY.toNanos()) {
      return;
    }
    lastProbeNanos = System.nanoTime();
    try {
      transactions.begin();
      StatementCache.bind(statements.prepare(PROBE), clock.millis()).executeUpdate();
      transactions.commit();
      health.succeeded();
    } catch (SQLException e) {
      statements.discardAll();
      rollbackQuietly();
      LOG.debug("the write probe failed: {}", e.getMessage());
    }
  }

  /** Rows changed on this connection since it opened; -1 when even that cannot be read. */
  private long totalChanges() {
    try (ResultSet row = statements.prepare("SELECT total_changes()").executeQuery()) {
      return row.next() ? row.getLong(1) : -1;
    } catch (SQLException e) {
      statements.discardAll();
      return -1;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Outcome outcome) {
    Object value =
        outcome.value() instanceof GroupClaims.Share share ? share.result() : outcome.value();
    ((CompletableFuture<T>) outcome.task().future()).complete((T) value);
  }

  private void notifyListeners(List<JobUpdate> updates) {
    for (JobUpdate update : updates) {
      for (Consumer<JobUpdate> listener : listeners) {
        try {
          listener.accept(update);
        } catch (RuntimeException e) {
          LOG.warn("job store listener failed on job {}", update.job().id(), e);
        }
      }
    }
  }

  private void rollbackQuietly() {
    try {
      transactions.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback after a failed group found no transaction: {}", e.getMessage());
    }
  }

  private void failRemaining(RuntimeException failure) {
    admission.lock();
    try {
      closed = true;
    } finally {
      admission.unlock();
    }
    for (Task<?> task = queue.poll(); task != null; task = queue.poll()) {
      task.future().completeExceptionally(failure);
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new SqliteStoreException("database write failed: " + cause.getMessage(), cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
