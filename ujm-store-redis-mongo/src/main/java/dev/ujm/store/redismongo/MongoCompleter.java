package dev.ujm.store.redismongo;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.model.Transition.Move;
import dev.ujm.core.store.StorageFaultException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of the ends of attempts (complete, fail, retry later, release, cancel own): the
 * fenced moves of many workers written in one unordered {@code bulkWrite}, so a busy node pays one
 * read and one write round trip per group, not per job.
 *
 * <ol>
 *   <li>A worker hands in its lease and how to decide its move, then waits.
 *   <li>The completer thread takes every request waiting at that moment (up to {@link #MAX_GROUP})
 *       and reads their documents in one query by {@code _id}.
 *   <li>It decides each move from the document as read ({@code decide}, which throws for a lease no
 *       longer held); a job named as a dependency is left to the caller's single write, which
 *       records the cascade with it.
 *   <li>It writes every move in one unordered bulk write, each update on the condition that the
 *       revision read is unchanged ({@link MongoJobs#writeAll}): the fence holds in MongoDB as for
 *       a single write, and the usage they count is one more bulk write.
 *   <li>Each caller gets its committed move once MongoDB acknowledged the group ({@code w:
 *       majority, j: true}); a move that lost a race, or was left to the caller, comes back empty
 *       and the caller reads again and decides again on its own.
 * </ol>
 *
 * <p>Announcing the change (the Redis queue, the listeners) is the caller's, on its own thread
 * after the write. A fault of MongoDB fails every request of the group as a {@link
 * StorageFaultException}, with nothing announced. {@link #submit} is thread-safe.
 */
final class MongoCompleter implements AutoCloseable {
  /** Most moves in one bulk write: bounds what one group adds to its first caller's wait. */
  static final int MAX_GROUP = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(MongoCompleter.class);
  private static final long POLL_MILLIS = 100;

  /** How a request's move is decided from the job as read: throws to refuse. */
  interface Decision {
    /** The move, or null when the job needs the single write (it has dependents). */
    Move decide(Document doc, Job job);
  }

  private record Request(Lease lease, Decision decision, CompletableFuture<Move> outcome) {}

  private final MongoJobs jobs;
  private final BlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  MongoCompleter(MongoJobs jobs, String name) {
    this.jobs = jobs;
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    thread.start();
  }

  /**
   * Writes the move {@code decision} makes for the job under {@code lease} with the next group and
   * returns it once acknowledged, or null when it was not written (a lost race, a job with
   * dependents, a closed store): the caller then makes the move alone.
   *
   * @throws StaleLeaseException (or what else {@code decision} throws) when the move is refused
   * @throws StorageFaultException when MongoDB failed the group
   */
  Move submit(Lease lease, Decision decision) {
    if (closed) {
      return null;
    }
    Request request = new Request(lease, decision, new CompletableFuture<>());
    waiting.add(request);
    if (closed) {
      drainAndLeave();
    }
    try {
      return request.outcome().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw rethrown(cause);
      }
      throw e;
    }
  }

  /** The same exception, thrown again on the caller's thread with the caller's stack in front. */
  private static RuntimeException rethrown(RuntimeException cause) {
    cause.addSuppressed(new Exception("waiting for the group write"));
    return cause;
  }

  private void loop() {
    List<Request> group = new ArrayList<>();
    while (!closed) {
      try {
        Request first = waiting.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        waiting.drainTo(group, MAX_GROUP - 1);
        write(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.warn("a group of {} completions failed", group.size(), e);
        group.forEach(r -> r.outcome().completeExceptionally(e));
      } finally {
        group.clear();
      }
    }
    drainAndLeave();
  }

  /** One group: one read, the decisions, one bulk write; every request's future completed. */
  private void write(List<Request> group) {
    Map<String, Document> docs =
        jobs.findAll(group.stream().map(r -> r.lease().jobId()).distinct().toList());
    Map<Document, Move> moves = new LinkedHashMap<>();
    Map<Request, Document> decided = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (Request request : group) {
      String id = request.lease().jobId();
      Document doc = docs.get(id);
      if (doc == null || !taken.add(id)) {
        request.outcome().complete(null); // gone, or twice in one group: the single path decides
        continue;
      }
      try {
        Move move = request.decision().decide(doc, JobDocuments.job(doc));
        if (move == null) {
          request.outcome().complete(null);
        } else {
          moves.put(doc, move);
          decided.put(request, doc);
        }
      } catch (RuntimeException refused) {
        request.outcome().completeExceptionally(refused);
      }
    }
    Set<String> lost;
    try {
      lost = Set.copyOf(jobs.writeAll(moves));
    } catch (RuntimeException e) {
      decided.keySet().forEach(r -> r.outcome().completeExceptionally(e));
      return;
    }
    decided.forEach(
        (request, doc) ->
            request
                .outcome()
                .complete(lost.contains(doc.getString(JobDocuments.ID)) ? null : moves.get(doc)));
  }

  /** Sends every request still waiting back to its caller's single write. */
  private void drainAndLeave() {
    List<Request> left = new ArrayList<>();
    waiting.drainTo(left);
    left.forEach(r -> r.outcome().complete(null));
  }

  /** Stops the thread once the group in hand is written; later requests go the single way. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drainAndLeave();
  }
}
