package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.tenant.TenantDefaults;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The fair order of claims across tenants in SQL (stride scheduling, see {@link
 * dev.ujm.core.store.JobStore#claim}). {@code fair_shares} holds, per queue and tenant, the pass
 * and the number of queued jobs; the writer keeps the count (and sets the pass of a tenant that
 * gets work after having none) from every move into or out of {@code queued} that its tasks record,
 * one row change per queue and tenant a group touched ({@link GroupShares}), written before any
 * statement reads the table, so a claim sees the submits before it in its own group commit. A claim
 * reads the tenants with work by pass ({@code fair_shares_turns}), chooses its jobs by stride
 * scheduling in memory, reading each served tenant's next jobs by priority and age ({@code
 * jobs_claim_by_tenant}), then claims them all in one statement and moves each served tenant's pass
 * and queued count once. Every read is an index seek bounded by the claim's limit, so a claim costs
 * the same with one tenant holding work or a thousand. Runs on the writer thread inside a write
 * task.
 */
final class FairShares {
  /**
   * Where a tenant joins a queue's turns: the lowest pass among the tenants with work there, or,
   * when none has any, the highest pass reached there.
   */
  static final String VIRTUAL_TIME =
      "ifnull((SELECT min(pass) FROM fair_shares WHERE queue = new.queue AND queued > 0),"
          + " (SELECT ifnull(max(pass), 0) FROM fair_shares WHERE queue = new.queue))";

  /** The trigger body for a job that entered {@code queued} (schema step 8 only). */
  static final String ENTER_QUEUE =
      " BEGIN INSERT INTO fair_shares (queue, tenant, pass, queued)"
          + " VALUES (new.queue, ifnull(new.tenant_id, ''), "
          + VIRTUAL_TIME
          + ", 1) ON CONFLICT (queue, tenant) DO UPDATE SET"
          + " pass = CASE WHEN queued = 0 THEN max(pass, excluded.pass) ELSE pass END,"
          + " queued = queued + 1; END";

  /** The trigger body for a job that left {@code queued}: deletes still count down by it. */
  static final String LEAVE_QUEUE =
      " BEGIN UPDATE fair_shares SET queued = queued - 1"
          + " WHERE queue = old.queue AND tenant = ifnull(old.tenant_id, ''); END";

  /**
   * The tenants with work in a queue, lowest pass first, with their weight, running limit and first
   * queued job (so a claim that serves each tenant once reads nothing more). Binds the default
   * weight and {@code maxRunning} (for a tenant without a record, or whose record leaves them out),
   * then the queue.
   */
  static final String TURNS =
      "SELECT f.tenant, f.pass, ifnull(t.weight, ?), ifnull(t.max_running, ?), j.priority, j.id,"
          + " j.cost"
          + " FROM fair_shares f INDEXED BY fair_shares_turns"
          + " LEFT JOIN tenants t ON t.id = f.tenant"
          + " JOIN jobs j ON j.id = (SELECT id FROM jobs INDEXED BY jobs_claim_by_tenant"
          + " WHERE queue = f.queue AND tenant_id IS nullif(f.tenant, '') AND "
          + MoveSql.startsFrom(Transition.CLAIM)
          + " ORDER BY priority, id LIMIT 1)"
          + " WHERE f.queue = ? AND f.queued > 0 ORDER BY f.pass, f.tenant";

  static final String RUNNING =
      "SELECT count(*) FROM jobs INDEXED BY jobs_running"
          + " WHERE tenant_id IS ? AND state = 'processing'";

  /**
   * A tenant's next queued jobs in a queue after a (priority, id): highest priority, oldest first.
   */
  static final String NEXT_JOBS =
      "SELECT priority, id, cost FROM jobs INDEXED BY jobs_claim_by_tenant"
          + " WHERE queue = ? AND tenant_id IS ? AND "
          + MoveSql.startsFrom(Transition.CLAIM)
          + " AND (priority, id) > (?, ?) ORDER BY priority, id LIMIT ?";

  /** Claims the chosen jobs (a JSON array of ids) in one statement. */
  static final String CLAIM_CHOSEN =
      "UPDATE jobs SET state = 'processing', attempt = attempt + 1, worker_id = ?, lease_until = ?,"
          + " started_at = ifnull(started_at, ?), updated_at = ?, attempt_started_at = ?"
          + " WHERE id IN (SELECT value FROM json_each(?)) AND "
          + MoveSql.startsFrom(Transition.CLAIM)
          + " RETURNING "
          + JobRows.COLUMNS;

  /**
   * {@link #CLAIM_CHOSEN} for one job (a claim for one slot, as a completion makes it), by its id:
   * no JSON array to build and read.
   */
  static final String CLAIM_ONE =
      CLAIM_CHOSEN.replace(" IN (SELECT value FROM json_each(?))", " = ?");

  /**
   * Moves a served tenant's pass and counts its claimed jobs out of the queue: stride, jobs
   * claimed, queue, tenant. One statement per tenant served, by primary key: a single statement for
   * all of them reading a JSON array of charges reads that array once per row it changes.
   */
  static final String CHARGE =
      "UPDATE fair_shares SET pass = pass + ?, queued = queued - ? WHERE queue = ? AND tenant = ?";

  private FairShares() {}

  /**
   * Chooses up to {@code limit} jobs by stride scheduling in memory, then claims them in one
   * statement and moves each served tenant's pass once. Only the first {@code limit} tenants in
   * pass order that are below their running limit can be served: a tenant further back becomes the
   * lowest only after every one ahead of it was served at least once.
   */
  static List<Job> claim(WriteTransaction tx, ClaimRequest request, TenantDefaults defaults)
      throws SQLException {
    PriorityQueue<Turn> turns = new PriorityQueue<>(Turn.ORDER);
    turns.addAll(firstTurns(tx, request.queue(), request.limit(), defaults));
    List<String> chosen = new ArrayList<>(Math.min(request.limit(), 256));
    List<Turn> served = new ArrayList<>();
    while (chosen.size() < request.limit() && !turns.isEmpty()) {
      Turn turn = turns.poll();
      Queued next = turn.next(tx, request.queue(), request.limit() - chosen.size());
      if (next == null) {
        continue; // its last queued jobs were chosen already
      }
      chosen.add(next.id());
      if (turn.charged == 0) {
        served.add(turn);
      }
      turn.serve(next.cost());
      if (turn.mayRunMore()) {
        turns.add(turn);
      }
    }
    if (chosen.isEmpty()) {
      return List.of();
    }
    long leaseUntil = tx.now().plus(request.leaseDuration()).toEpochMilli();
    long now = tx.nowMillis();
    List<Job> claimed =
        new ArrayList<>(
            chosen.size() == 1
                ? tx.jobs(CLAIM_ONE, request.workerId(), leaseUntil, now, now, now, chosen.get(0))
                : tx.jobs(
                    CLAIM_CHOSEN,
                    request.workerId(),
                    leaseUntil,
                    now,
                    now,
                    now,
                    JobRows.text(chosen)));
    if (claimed.size() != chosen.size()) {
      throw new SqliteStoreException(
          "claimed " + claimed.size() + " of the " + chosen.size() + " queued jobs chosen");
    }
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < chosen.size(); i++) {
      position.put(chosen.get(i), i);
    }
    claimed.sort(Comparator.comparing(job -> position.get(job.id()))); // RETURNING gives no order
    charge(tx, request.queue(), served);
    for (Job job : claimed) {
      tx.changed(job, Transition.CLAIM, JobState.QUEUED, null);
      tx.leased().remember(job);
    }
    // The charge counted the claimed jobs out of the queue already, as the moves were made and
    // after every earlier change (written before the turns were read): none is left for the group.
    tx.sharesWritten(tx.updates().size());
    return claimed;
  }

  /** Moves the served tenants' passes and counts their jobs out. */
  private static void charge(WriteTransaction tx, String queue, List<Turn> served)
      throws SQLException {
    for (Turn turn : served) {
      tx.update(CHARGE, turn.charged, turn.served, queue, turn.tenant);
    }
  }

  /** Up to {@code limit} tenants with work in the queue, below their running limit, by pass. */
  private static List<Turn> firstTurns(
      WriteTransaction tx, String queue, int limit, TenantDefaults defaults) throws SQLException {
    List<Turn> turns = new ArrayList<>();
    try (ResultSet rows =
        StatementCache.bind(
                tx.prepare(TURNS), defaults.weight(), defaults.quotas().maxRunning(), queue)
            .executeQuery()) {
      while (turns.size() < limit && rows.next()) {
        String tenant = rows.getString(1);
        double pass = rows.getDouble(2);
        double weight = rows.getDouble(3);
        Integer maxRunning = JobRows.integer(rows, 4);
        Turn turn =
            new Turn(
                tenant,
                pass,
                weight,
                maxRunning,
                new Queued(rows.getInt(5), rows.getString(6), rows.getDouble(7)));
        if (maxRunning != null) {
          turn.running = running(tx, turn.tenantId());
        }
        if (turn.mayRunMore()) {
          turns.add(turn);
        }
      }
    }
    return turns;
  }

  private static int running(WriteTransaction tx, String tenantId) throws SQLException {
    PreparedStatement count = tx.prepare(RUNNING);
    try (ResultSet rows = StatementCache.bind(count, tenantId).executeQuery()) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  /** A queued job as the choice needs it. */
  private record Queued(int priority, String id, double cost) {}

  /**
   * One tenant in the choice of a claim: its pass as it grows, what it is charged, how many of its
   * jobs run, and its next queued jobs, read a few at a time.
   */
  private static final class Turn {
    static final Comparator<Turn> ORDER =
        Comparator.comparingDouble((Turn t) -> t.pass).thenComparing(t -> t.tenant);

    final String tenant;
    final double weight;
    final Integer maxRunning;
    double pass;
    double charged;
    int served;
    int running;
    private final ArrayDeque<Queued> buffered = new ArrayDeque<>();
    private Queued last;
    private boolean exhausted;

    Turn(String tenant, double pass, double weight, Integer maxRunning, Queued first) {
      this.tenant = tenant;
      this.pass = pass;
      this.weight = weight;
      this.maxRunning = maxRunning;
      buffered.add(first);
    }

    /** The tenant id the jobs carry: null for the tenant of jobs without one. */
    String tenantId() {
      return tenant.isEmpty() ? null : tenant;
    }

    boolean mayRunMore() {
      return maxRunning == null || running < maxRunning;
    }

    void serve(double cost) {
      double stride = cost / weight;
      pass += stride;
      charged += stride;
      served++;
      running++;
    }

    /**
     * The tenant's next queued job, or null: the first came with the turns (most tenants are served
     * once per claim); after it, as many are read as the claim may still take.
     */
    Queued next(WriteTransaction tx, String queue, int wanted) throws SQLException {
      if (buffered.isEmpty() && !exhausted) {
        try (ResultSet rows =
            StatementCache.bind(
                    tx.prepare(NEXT_JOBS), queue, tenantId(), last.priority(), last.id(), wanted)
                .executeQuery()) {
          while (rows.next()) {
            buffered.add(new Queued(rows.getInt(1), rows.getString(2), rows.getDouble(3)));
          }
        }
        exhausted = buffered.size() < wanted;
      }
      Queued next = buffered.poll();
      if (next != null) {
        last = next;
      }
      return next;
    }
  }
}
