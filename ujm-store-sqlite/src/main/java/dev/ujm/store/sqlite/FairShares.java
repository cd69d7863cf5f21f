package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.tenant.Tenant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fair order of claims across tenants in SQL (stride scheduling, see {@link
 * dev.ujm.core.store.JobStore#claim}). {@code fair_shares} holds, per queue and tenant, the pass
 * and the number of queued jobs; triggers on {@code jobs} keep the count (and set the pass of a
 * tenant that gets work after having none) on every move into or out of {@code queued}, so the
 * bookkeeping cannot be forgotten by any one move. A claim then serves one job at a time: the
 * tenant with work and the lowest pass ({@code fair_shares_turns}), its next job by priority and
 * age ({@code jobs_claim_by_tenant}), and its pass moved on by cost over weight. Each step is an
 * index seek, so a claim costs the same with one tenant holding work or a thousand. Runs on the
 * writer thread inside a write task.
 */
final class FairShares {
  /**
   * Where a tenant joins a queue's turns: the lowest pass among the tenants with work there, or,
   * when none has any, the highest pass reached there.
   */
  static final String VIRTUAL_TIME =
      "ifnull((SELECT min(pass) FROM fair_shares WHERE queue = new.queue AND queued > 0),"
          + " (SELECT ifnull(max(pass), 0) FROM fair_shares WHERE queue = new.queue))";

  /** The trigger body for a job that entered {@code queued}. */
  static final String ENTER_QUEUE =
      " BEGIN INSERT INTO fair_shares (queue, tenant, pass, queued)"
          + " VALUES (new.queue, ifnull(new.tenant_id, ''), "
          + VIRTUAL_TIME
          + ", 1) ON CONFLICT (queue, tenant) DO UPDATE SET"
          + " pass = CASE WHEN queued = 0 THEN max(pass, excluded.pass) ELSE pass END,"
          + " queued = queued + 1; END";

  /** The trigger body for a job that left {@code queued}. */
  static final String LEAVE_QUEUE =
      " BEGIN UPDATE fair_shares SET queued = queued - 1"
          + " WHERE queue = old.queue AND tenant = ifnull(old.tenant_id, ''); END";

  /** The tenants with work in a queue, lowest pass first, with their weight and running limit. */
  static final String TURNS =
      "SELECT f.tenant, t.weight, t.max_running FROM fair_shares f INDEXED BY fair_shares_turns"
          + " LEFT JOIN tenants t ON t.id = f.tenant"
          + " WHERE f.queue = ? AND f.queued > 0 ORDER BY f.pass, f.tenant";

  static final String RUNNING =
      "SELECT count(*) FROM jobs INDEXED BY jobs_running_by_tenant"
          + " WHERE tenant_id IS ? AND state = 'processing'";

  /** Claims a tenant's next job in a queue: highest priority first, oldest first. */
  static final String CLAIM_NEXT =
      "UPDATE jobs SET state = 'processing', attempt = attempt + 1, worker_id = ?, lease_until = ?,"
          + " started_at = ifnull(started_at, ?), updated_at = ?, attempt_started_at = ?"
          + " WHERE id = (SELECT id FROM jobs INDEXED BY jobs_claim_by_tenant"
          + " WHERE queue = ? AND tenant_id IS ? AND "
          + MoveSql.startsFrom(Transition.CLAIM)
          + " ORDER BY priority, id LIMIT 1)"
          + " RETURNING "
          + JobRows.COLUMNS;

  static final String CHARGE =
      "UPDATE fair_shares SET pass = pass + ? WHERE queue = ? AND tenant = ?";

  /** A tenant whose turn it is, with the weight it is charged by. */
  private record Turn(String tenant, double weight) {
    /** The tenant id the jobs carry: null for the tenant of jobs without one. */
    String tenantId() {
      return tenant.isEmpty() ? null : tenant;
    }
  }

  private FairShares() {}

  static List<Job> claim(WriteTransaction tx, ClaimRequest request) throws SQLException {
    long leaseUntil = tx.now().plus(request.leaseDuration()).toEpochMilli();
    List<Job> claimed = new ArrayList<>(Math.min(request.limit(), 64));
    while (claimed.size() < request.limit()) {
      Turn turn = nextTurn(tx, request.queue());
      if (turn == null) {
        break;
      }
      List<Job> next =
          tx.jobs(
              CLAIM_NEXT,
              request.workerId(),
              leaseUntil,
              tx.nowMillis(),
              tx.nowMillis(),
              tx.nowMillis(),
              request.queue(),
              turn.tenantId());
      if (next.isEmpty()) {
        throw new SqliteStoreException(
            "fair_shares counts queued jobs of tenant '"
                + turn.tenant()
                + "' in queue "
                + request.queue()
                + " that the jobs table does not hold");
      }
      Job job = next.get(0);
      tx.update(CHARGE, job.cost() / turn.weight(), request.queue(), turn.tenant());
      tx.changed(job, Transition.CLAIM, JobState.QUEUED, null);
      tx.leased().remember(job);
      claimed.add(job);
    }
    return claimed;
  }

  /** The first tenant in the turns of a queue that is below its running limit, or null. */
  private static Turn nextTurn(WriteTransaction tx, String queue) throws SQLException {
    try (ResultSet rows = StatementCache.bind(tx.prepare(TURNS), queue).executeQuery()) {
      while (rows.next()) {
        String tenant = rows.getString(1);
        double weight = rows.getDouble(2);
        Turn turn = new Turn(tenant, rows.wasNull() ? Tenant.DEFAULT_WEIGHT : weight);
        Integer maxRunning = JobRows.integer(rows, 3);
        if (maxRunning == null || running(tx, turn.tenantId()) < maxRunning) {
          return turn;
        }
      }
      return null;
    }
  }

  private static int running(WriteTransaction tx, String tenantId) throws SQLException {
    PreparedStatement count = tx.prepare(RUNNING);
    try (ResultSet rows = StatementCache.bind(count, tenantId).executeQuery()) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }
}
