package dev.ujm.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database file up to the schema this code expects. The {@code schema_version} table lists
 * the numbered steps already applied; every later step runs in order, each in its own transaction
 * together with its version row, so a crash half way leaves a database at a whole version.
 * Re-running on an up-to-date file changes nothing. A file written by a newer UJM (a version this
 * code does not know) is refused rather than guessed at.
 *
 * <p>A released step is never edited: a change to the schema is a new step at the end of {@link
 * #STEPS}.
 */
final class SchemaMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

  /** One numbered step: its statements run in one transaction. */
  record Step(int version, String description, List<String> statements) {}

  static final List<Step> STEPS =
      List.of(
          new Step(
              1,
              "jobs, audit events, result items, dependencies and tags",
              List.of(
                  """
                  CREATE TABLE jobs (
                    id TEXT PRIMARY KEY,
                    type TEXT NOT NULL,
                    queue TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    tenant_id TEXT,
                    owner_id TEXT,
                    payload TEXT,
                    state TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    max_attempts INTEGER NOT NULL,
                    run_at INTEGER,
                    timeout_seconds INTEGER,
                    idempotency_key TEXT,
                    depends_on TEXT,
                    tags TEXT,
                    progress TEXT,
                    checkpoint TEXT,
                    result TEXT,
                    errors TEXT,
                    worker_id TEXT,
                    lease_until INTEGER,
                    created_at INTEGER NOT NULL,
                    started_at INTEGER,
                    finished_at INTEGER,
                    updated_at INTEGER NOT NULL)""",
                  // Partial indexes hold only the rows a duty looks at, so a state change touches
                  // few of them.
                  // updated_at last: it is when a job entered the queue, so stats find the oldest
                  // from this index alone.
                  "CREATE INDEX jobs_claim ON jobs (queue, priority, id, updated_at) WHERE state = 'queued'",
                  "CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'scheduled'",
                  "CREATE INDEX jobs_lease ON jobs (lease_until) WHERE state = 'processing'",
                  "CREATE INDEX jobs_finished ON jobs (finished_at)"
                      + " WHERE state IN ('completed', 'failed', 'cancelled')",
                  // ifnull(tenant_id, 0): a job without a tenant is its own tenant (the integer 0
                  // equals no text).
                  "CREATE UNIQUE INDEX jobs_idempotency ON jobs (ifnull(tenant_id, 0), idempotency_key)"
                      + " WHERE idempotency_key IS NOT NULL",
                  "CREATE INDEX jobs_by_tenant ON jobs (tenant_id, id)",
                  "CREATE INDEX jobs_by_owner ON jobs (owner_id, id)",
                  "CREATE INDEX jobs_by_state ON jobs (state, id)",
                  "CREATE INDEX jobs_by_type ON jobs (type, id)",
                  "CREATE INDEX jobs_by_queue ON jobs (queue, state, id)",
                  """
                  CREATE TABLE job_events (
                    seq INTEGER PRIMARY KEY,
                    job_id TEXT NOT NULL,
                    from_state TEXT,
                    to_state TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    worker_id TEXT,
                    actor TEXT,
                    reason TEXT,
                    at INTEGER NOT NULL)""",
                  "CREATE INDEX job_events_by_job ON job_events (job_id, seq)",
                  """
                  CREATE TABLE job_results (
                    seq INTEGER PRIMARY KEY,
                    job_id TEXT NOT NULL,
                    item TEXT NOT NULL)""",
                  "CREATE INDEX job_results_by_job ON job_results (job_id, seq)",
                  """
                  CREATE TABLE job_dependencies (
                    depends_on TEXT NOT NULL,
                    job_id TEXT NOT NULL,
                    PRIMARY KEY (depends_on, job_id)) WITHOUT ROWID""",
                  "CREATE INDEX job_dependencies_by_job ON job_dependencies (job_id)",
                  """
                  CREATE TABLE job_tags (
                    tag TEXT NOT NULL,
                    job_id TEXT NOT NULL,
                    PRIMARY KEY (tag, job_id)) WITHOUT ROWID""",
                  "CREATE INDEX job_tags_by_job ON job_tags (job_id)")),
          new Step(
              2,
              "the named move of each audit event",
              List.of("ALTER TABLE job_events ADD COLUMN transition TEXT")),
          new Step(
              3,
              "a job's own retry backoff",
              List.of("ALTER TABLE jobs ADD COLUMN retry_backoff TEXT")),
          new Step(
              4,
              "the writer's probe row",
              List.of(
                  // The row an idle writer rewrites, after a storage fault, to learn whether writes
                  // work again.
                  "CREATE TABLE store_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)")),
          new Step(
              5,
              "audit trails kept of purged jobs",
              List.of(
                  // One row per purged job: whom it belonged to, how it ended, and its audit events
                  // as one compact JSON array (see PurgedTrails), deleted by the audit retention.
                  """
                  CREATE TABLE purged_jobs (
                    id TEXT PRIMARY KEY,
                    type TEXT NOT NULL,
                    tenant_id TEXT,
                    owner_id TEXT,
                    state TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    finished_at INTEGER NOT NULL,
                    purged_at INTEGER NOT NULL,
                    events TEXT NOT NULL)""",
                  "CREATE INDEX purged_jobs_finished ON purged_jobs (finished_at)")),
          new Step(
              6,
              "dependency rules of jobs, workflows, schedules and their history",
              List.of(
                  "ALTER TABLE jobs ADD COLUMN rule TEXT",
                  """
                  CREATE TABLE workflows (
                    id TEXT PRIMARY KEY,
                    name TEXT,
                    tenant_id TEXT,
                    owner_id TEXT,
                    created_at INTEGER NOT NULL)""",
                  """
                  CREATE TABLE workflow_jobs (
                    workflow_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    ref TEXT NOT NULL,
                    job_id TEXT NOT NULL,
                    role TEXT NOT NULL,
                    depends_on TEXT,
                    PRIMARY KEY (workflow_id, position)) WITHOUT ROWID""",
                  "CREATE INDEX workflow_jobs_by_job ON workflow_jobs (job_id)",
                  """
                  CREATE TABLE schedules (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT,
                    owner_id TEXT,
                    definition TEXT NOT NULL,
                    enabled INTEGER NOT NULL,
                    next_fire_at INTEGER,
                    last_fire_at INTEGER,
                    last_job_id TEXT,
                    version INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL)""",
                  "CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE enabled = 1",
                  "CREATE INDEX schedules_by_tenant ON schedules (tenant_id, id)",
                  """
                  CREATE TABLE schedule_fires (
                    seq INTEGER PRIMARY KEY,
                    schedule_id TEXT NOT NULL,
                    fire_at INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    job_id TEXT,
                    at INTEGER NOT NULL)""",
                  "CREATE INDEX schedule_fires_by_schedule ON schedule_fires (schedule_id, seq)")),
          new Step(
              7,
              "workflows listed by tenant, newest first",
              List.of("CREATE INDEX workflows_by_tenant ON workflows (tenant_id, id)")),
          new Step(
              8,
              "tenant records, job costs, the fair order of claims across tenants, metered usage",
              List.of(
                  // One column per quota (null: no limit), so the claim reads weight and
                  // max_running by primary key in its own statement.
                  """
                  CREATE TABLE tenants (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    weight REAL NOT NULL,
                    max_running INTEGER,
                    max_queued INTEGER,
                    jobs_per_day INTEGER,
                    max_payload_bytes INTEGER,
                    allowed_types TEXT,
                    cost_per_day REAL,
                    updated_at INTEGER NOT NULL)""",
                  "ALTER TABLE jobs ADD COLUMN cost REAL NOT NULL DEFAULT 1",
                  // A tenant's next job in a queue, and its running jobs for maxRunning.
                  "CREATE INDEX jobs_claim_by_tenant ON jobs (queue, tenant_id, priority, id, cost)"
                      + " WHERE state = 'queued'",
                  "CREATE INDEX jobs_running_by_tenant ON jobs (tenant_id) WHERE state = 'processing'",
                  // The stride scheduler's state per queue and tenant ('' for jobs without one):
                  // its pass and how many of its jobs are queued there, kept by the triggers
                  // below on every move, so no store method has to remember it.
                  """
                  CREATE TABLE fair_shares (
                    queue TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    pass REAL NOT NULL,
                    queued INTEGER NOT NULL,
                    PRIMARY KEY (queue, tenant)) WITHOUT ROWID""",
                  // The turns: tenants with work in pass order, the claim's first read.
                  "CREATE INDEX fair_shares_turns ON fair_shares (queue, pass, tenant) WHERE queued > 0",
                  "CREATE INDEX fair_shares_by_pass ON fair_shares (queue, pass)",
                  """
                  INSERT INTO fair_shares (queue, tenant, pass, queued)
                  SELECT queue, ifnull(tenant_id, ''), 0, count(*) FROM jobs WHERE state = 'queued'
                  GROUP BY queue, ifnull(tenant_id, '')""",
                  "CREATE TRIGGER jobs_queued_insert AFTER INSERT ON jobs WHEN new.state = 'queued'"
                      + FairShares.ENTER_QUEUE,
                  "CREATE TRIGGER jobs_queued_enter AFTER UPDATE OF state ON jobs"
                      + " WHEN new.state = 'queued' AND old.state <> 'queued'"
                      + FairShares.ENTER_QUEUE,
                  "CREATE TRIGGER jobs_queued_leave AFTER UPDATE OF state ON jobs"
                      + " WHEN old.state = 'queued' AND new.state <> 'queued'"
                      + FairShares.LEAVE_QUEUE,
                  "CREATE TRIGGER jobs_queued_delete AFTER DELETE ON jobs WHEN old.state = 'queued'"
                      + FairShares.LEAVE_QUEUE,
                  // When the current attempt was claimed, for its running time.
                  "ALTER TABLE jobs ADD COLUMN attempt_started_at INTEGER",
                  """
                  CREATE TABLE tenant_usage (
                    tenant TEXT NOT NULL,
                    day TEXT NOT NULL,
                    type TEXT NOT NULL,
                    submitted INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    completed INTEGER NOT NULL,
                    failed INTEGER NOT NULL,
                    running_ms INTEGER NOT NULL,
                    cost REAL NOT NULL,
                    result_bytes INTEGER NOT NULL,
                    PRIMARY KEY (tenant, day, type)) WITHOUT ROWID""",
                  "CREATE TRIGGER jobs_usage_submit AFTER INSERT ON jobs" + UsageRows.COUNT_SUBMIT,
                  "CREATE TRIGGER jobs_usage_attempt_end AFTER UPDATE OF state ON jobs"
                      + " WHEN old.state = 'processing' AND new.state <> 'processing'"
                      + UsageRows.COUNT_ATTEMPT_END)),
          new Step(
              9,
              "job counts per tenant, queue and state",
              List.of(
                  // What stats and the queue gauges read, instead of counting the jobs: one row
                  // per tenant (ifnull(tenant_id, 0), as in jobs_idempotency), queue and state.
                  // The writer adds what each group commit's submits and moves change
                  // (GroupCounts), in the same transaction; deletes are counted by the trigger.
                  """
                  CREATE TABLE job_counts (
                    tenant NOT NULL,
                    queue TEXT NOT NULL,
                    state TEXT NOT NULL,
                    n INTEGER NOT NULL,
                    PRIMARY KEY (tenant, queue, state)) WITHOUT ROWID""",
                  """
                  INSERT INTO job_counts (tenant, queue, state, n)
                    SELECT ifnull(tenant_id, 0), queue, state, count(*) FROM jobs
                    GROUP BY ifnull(tenant_id, 0), queue, state""",
                  """
                  CREATE TRIGGER job_counts_delete AFTER DELETE ON jobs BEGIN
                    UPDATE job_counts SET n = n - 1
                      WHERE tenant = ifnull(old.tenant_id, 0) AND queue = old.queue AND state = old.state;
                  END""")),
          new Step(
              10,
              "the access audit: who read or changed which job, key or tenant",
              List.of(
                  // Append-only: rows are inserted, and deleted only by age (the purge walks
                  // seq, which follows at).
                  """
                  CREATE TABLE access_audit (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    key_id TEXT NOT NULL,
                    tenant_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT,
                    outcome INTEGER NOT NULL,
                    request_id TEXT,
                    at INTEGER NOT NULL)""",
                  "CREATE INDEX access_audit_by_tenant ON access_audit (tenant_id, seq)",
                  "CREATE INDEX access_audit_by_key ON access_audit (key_id, seq)")),
          new Step(
              11,
              "job metrics per type, queue, tenant and minute, hour and day",
              // Added to by the writer (GroupMetrics) in each group commit, trimmed by age.
              List.of(MetricsRows.CREATE)),
          new Step(
              12,
              "tenant records that leave the weight to the default, and their submit rates",
              List.of(
                  // SQLite cannot drop NOT NULL from a column: the table is copied into a new
                  // one (a null weight is the configured default's, read by the claim).
                  """
                  CREATE TABLE tenants_12 (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    weight REAL,
                    max_running INTEGER,
                    max_queued INTEGER,
                    jobs_per_day INTEGER,
                    max_payload_bytes INTEGER,
                    allowed_types TEXT,
                    cost_per_day REAL,
                    submits_per_minute INTEGER,
                    key_submits_per_minute INTEGER,
                    updated_at INTEGER NOT NULL)""",
                  "INSERT INTO tenants_12 (id, name, weight, max_running, max_queued, jobs_per_day,"
                      + " max_payload_bytes, allowed_types, cost_per_day, updated_at)"
                      + " SELECT id, name, weight, max_running, max_queued, jobs_per_day,"
                      + " max_payload_bytes, allowed_types, cost_per_day, updated_at FROM tenants",
                  "DROP TABLE tenants",
                  "ALTER TABLE tenants_12 RENAME TO tenants")),
          new Step(
              13,
              "fair shares and metered usage kept by the writer instead of triggers",
              List.of(
                  // The writer adds each group commit's changes, one row change per row touched
                  // (GroupShares, GroupUsage); the rows stay as they are. A delete of a queued
                  // job still counts its share down by its trigger (jobs_queued_delete).
                  "DROP TRIGGER IF EXISTS jobs_queued_insert",
                  "DROP TRIGGER IF EXISTS jobs_queued_enter",
                  "DROP TRIGGER IF EXISTS jobs_queued_leave",
                  "DROP TRIGGER IF EXISTS jobs_usage_submit",
                  "DROP TRIGGER IF EXISTS jobs_usage_attempt_end")),
          new Step(
              14,
              "fewer indexes for a move to change: one of queued jobs, one of running jobs",
              List.of(
                  // Every move into or out of a state rewrites the entries of each index the
                  // state is part of. Queued jobs had two (the claim's by tenant, and one by
                  // priority that dated them for stats), running jobs two (leases for the reaper,
                  // tenants for maxRunning): one each now, which serves both readers (the reaper
                  // reads all running jobs' leases from it, a few thousand entries at most).
                  // Written so that running it again changes nothing.
                  "DROP INDEX IF EXISTS jobs_claim",
                  "DROP INDEX IF EXISTS jobs_claim_by_tenant",
                  "CREATE INDEX IF NOT EXISTS jobs_claim_by_tenant"
                      + " ON jobs (queue, tenant_id, priority, id, cost, updated_at)"
                      + " WHERE state = 'queued'",
                  "DROP INDEX IF EXISTS jobs_lease",
                  "DROP INDEX IF EXISTS jobs_running_by_tenant",
                  "CREATE INDEX IF NOT EXISTS jobs_running ON jobs (tenant_id, lease_until, worker_id)"
                      + " WHERE state = 'processing'")),
          new Step(
              15,
              "the listing by queue without the state, which every move rewrote",
              List.of(
                  // jobs_by_queue was (queue, state, id): a claim and a completion each deleted
                  // and inserted its entry. A job's queue never changes, so (queue, id) is written
                  // once, at the submit; it walks a queue's jobs newest first with no sort, and a
                  // listing by queue and state walks it, or jobs_by_state, skipping the other
                  // states, as the other pairs of filters do. Written so that running it again
                  // changes nothing.
                  "DROP INDEX IF EXISTS jobs_by_queue",
                  "CREATE INDEX IF NOT EXISTS jobs_by_queue ON jobs (queue, id)")));

  private SchemaMigrations() {}

  /**
   * Checks, without writing, that the file is at the version this code expects: a read-only
   * database cannot be migrated.
   *
   * @throws SqliteStoreException when it is at another version
   */
  static void requireLatest(Connection connection) throws SQLException {
    int current;
    try (Statement statement = connection.createStatement();
        ResultSet tables =
            statement.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
      tables.next();
      current = tables.getInt(1) == 0 ? 0 : currentVersion(statement);
    }
    if (current != latestVersion()) {
      throw new SqliteStoreException(
          "the database is at schema version "
              + current
              + " and this UJM needs version "
              + latestVersion()
              + ", which cannot be written to a read-only database");
    }
  }

  /** The version the code expects: the last step's number. */
  static int latestVersion() {
    return STEPS.get(STEPS.size() - 1).version();
  }

  /**
   * Applies the missing steps on this (auto-commit) connection.
   *
   * @return the version the file was at before
   * @throws SqliteStoreException when the file is at a version newer than this code knows
   */
  static int migrate(Connection connection, InstantSource clock) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS schema_version ("
              + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
      int current = currentVersion(statement);
      if (current > latestVersion()) {
        throw new SqliteStoreException(
            "database schema version "
                + current
                + " is newer than this UJM understands ("
                + latestVersion()
                + ")");
      }
      for (Step step : STEPS) {
        if (step.version() > current) {
          apply(connection, statement, step, clock);
        }
      }
      return current;
    }
  }

  private static int currentVersion(Statement statement) throws SQLException {
    try (ResultSet rows =
        statement.executeQuery("SELECT ifnull(max(version), 0) FROM schema_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void apply(
      Connection connection, Statement statement, Step step, InstantSource clock)
      throws SQLException {
    statement.execute("BEGIN IMMEDIATE");
    try {
      // Another process may have migrated between our read and our lock: check again under the
      // lock.
      if (currentVersion(statement) >= step.version()) {
        statement.execute("ROLLBACK");
        return;
      }
      for (String sql : step.statements()) {
        statement.execute(sql);
      }
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
        StatementCache.bind(insert, step.version(), step.description(), clock.millis())
            .executeUpdate();
      }
      statement.execute("COMMIT");
      LOG.info("database schema migrated to version {}: {}", step.version(), step.description());
    } catch (SQLException | RuntimeException e) {
      statement.execute("ROLLBACK");
      throw e;
    }
  }
}
