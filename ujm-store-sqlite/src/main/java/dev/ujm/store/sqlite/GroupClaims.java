package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.ClaimOrder;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.CompletedAndClaimed;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims that the completions of one group commit make for their freed slots ({@link
 * SqliteJobStore#completeAndClaim}), made together: each completion joins the group's claim for its
 * pool (same queue, worker, lease and order) with the slots it frees, and once every task of the
 * group has run, the writer makes one claim per pool for all of them and deals the claimed jobs to
 * the completions in the order they joined. A claim costs its statements once (the turns, the
 * claiming {@code UPDATE}, the charge of the passes) instead of once per completion, and it still
 * commits in the transaction of the completions that asked for it, after all of them: a job a
 * completion released from waiting, or a slot under {@code maxRunning} that a completion freed, is
 * there for it to take.
 *
 * <p>If a pool's claim fails, its savepoint is rolled back and its completions get no jobs (their
 * slots claim through the pool as they would without a claim on completion); the completions
 * themselves still commit. Used by the writer thread only; not thread-safe.
 */
final class GroupClaims {
  /** Claims for one pool, in a write task of its own. */
  @FunctionalInterface
  interface Claimer {
    List<Job> claim(WriteTransaction tx, ClaimRequest request) throws SQLException;
  }

  /** Whose claims may be made as one: every field of the request but its limit. */
  private record Pool(String queue, String workerId, Duration leaseDuration, ClaimOrder order) {
    static Pool of(ClaimRequest request) {
      return new Pool(
          request.queue(), request.workerId(), request.leaseDuration(), request.order());
    }
  }

  /**
   * A completion waiting for its share of the group's claim: the value its task returns, which the
   * writer turns into the caller's {@link CompletedAndClaimed} once the claims were made.
   */
  static final class Share {
    private final Job completed;
    private final int limit;
    private List<Job> claimed = List.of();

    private Share(Job completed, int limit) {
      this.completed = completed;
      this.limit = limit;
    }

    CompletedAndClaimed result() {
      return new CompletedAndClaimed(completed, claimed);
    }
  }

  /** One pool's claim for the group: the request for all its shares, and how to deal the jobs. */
  static final class Claim {
    private final ClaimRequest request;
    private final Claimer claimer;
    private final List<Share> shares = new ArrayList<>();
    private int limit;

    private Claim(ClaimRequest request, Claimer claimer) {
      this.request = request;
      this.claimer = claimer;
    }

    /** Claims for every share in one request; runs as a write task inside the group. */
    List<Job> run(WriteTransaction tx) throws SQLException {
      return claimer.claim(
          tx,
          new ClaimRequest(
              request.queue(),
              request.workerId(),
              limit,
              request.leaseDuration(),
              request.order()));
    }

    /** Gives each share, in the order they joined, up to its limit of the jobs claimed. */
    void deal(List<Job> jobs) {
      int next = 0;
      for (Share share : shares) {
        int take = Math.min(share.limit, jobs.size() - next);
        share.claimed = take > 0 ? jobs.subList(next, next + take) : List.of();
        next += Math.max(take, 0);
      }
    }
  }

  private final Map<Pool, Claim> claims = new LinkedHashMap<>();

  /**
   * What a completion's task returns when it claims for its slots: the writer joins it to its
   * pool's claim once the task's savepoint is released (a task rolled back never joins).
   */
  record Request(Job completed, ClaimRequest next, Claimer claimer) {}

  /** Joins a completed job's slots to its pool's claim for this group. */
  Share join(Request request) {
    ClaimRequest next = request.next();
    Share share = new Share(request.completed(), next.limit());
    if (next.limit() < 1) {
      return share;
    }
    Claim claim = claims.computeIfAbsent(Pool.of(next), pool -> new Claim(next, request.claimer()));
    claim.shares.add(share);
    claim.limit += next.limit();
    return share;
  }

  /** The claims joined since the last call, in the order their pools first joined; then none. */
  List<Claim> take() {
    List<Claim> taken = new ArrayList<>(claims.values());
    claims.clear();
    return taken;
  }

  /** Forgets the claims joined in a group that failed. */
  void clear() {
    claims.clear();
  }
}
