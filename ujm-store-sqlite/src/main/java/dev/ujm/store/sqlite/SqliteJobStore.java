package dev.ujm.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.PurgedJob;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.CommitObserver;
import dev.ujm.core.store.CompletedAndClaimed;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.store.StoreCapability;
import dev.ujm.core.store.StoreHealth;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.core.tenant.TenantDefaults;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The embedded job store: one SQLite file in WAL mode. Writes go through one writer thread that
 * commits concurrent writes together ({@link GroupCommitWriter}); with {@code synchronous=FULL} a
 * write method returns only once its change is durable. Reads run on a small pool of read
 * connections and see the last committed state. The schema is created and upgraded by numbered
 * migrations when the file is opened.
 *
 * <p>Semantics are those of {@link JobStore} and its contract suite. Thread-safe. Listeners run on
 * the writer thread after the commit, before the writing caller returns; they must not write to the
 * store.
 *
 * <p>Storage faults: a full disk, an I/O error or a damaged page fails the writes of the moment
 * with {@link StorageFaultException}, makes {@link #health()} not ready and is logged once; the
 * writer goes on, and the first write that commits after the cause is gone makes the store ready
 * again (logged once, with the count of failed writes). A file in a directory that cannot be
 * written is opened read-only: reads work, every write throws {@link StorageFaultException} of kind
 * {@code READ_ONLY}, and the workers' and duties' own writes find nothing to do (a claim returns no
 * job, a duty acts on none), so a read-only node serves reads quietly.
 */
public final class SqliteJobStore implements JobStore {
  /** Read connections: more than the cores rarely helps; reads are short. */
  static final int READERS = 4;

  private final Path file;
  private final InstantSource clock;
  private final List<Consumer<JobUpdate>> listeners = new CopyOnWriteArrayList<>();
  private final List<CommitObserver> commitObservers = new CopyOnWriteArrayList<>();
  private final WriteHealth health;

  /** The one writer; null when the file may only be read. */
  private final GroupCommitWriter writer;

  private final ReadPool readers;
  private final TenantRecordCache tenantRecords = new TenantRecordCache();
  private final SubmitWrites submits;
  private volatile TenantDefaults tenantDefaults = TenantDefaults.NONE;
  private volatile boolean closed;

  private SqliteJobStore(
      Path file, InstantSource clock, Connection writerConnection, ReadPool readers) {
    this.file = file;
    this.clock = clock;
    this.readers = readers;
    this.submits = new SubmitWrites(new JobIds(clock));
    this.health = new WriteHealth(file.toString(), clock);
    this.writer =
        writerConnection == null
            ? null
            : new GroupCommitWriter(
                writerConnection, clock, listeners, commitObservers, health, "ujm-sqlite-writer");
  }

  /**
   * Opens (creating it and its parent directories, private to this user, when missing) the database
   * file and brings its schema up to date. A file in a directory that cannot be written is opened
   * read-only (see the class comment).
   *
   * @param databaseFile the file, for example {@code <UJM_DATA_DIR>/ujm.db}
   * @param clock the only source of "now" for the store
   * @throws StorageFaultException when the file cannot be made or read (permission denied, a full
   *     disk, a damaged file)
   * @throws SqliteStoreException when the file cannot be opened or migrated for another reason
   */
  public static SqliteJobStore open(Path databaseFile, InstantSource clock) {
    Objects.requireNonNull(databaseFile, "databaseFile");
    Objects.requireNonNull(clock, "clock");
    Path file = databaseFile.toAbsolutePath();
    Connection writerConnection = null;
    try {
      boolean readOnly = DatabaseFile.prepare(file);
      SqliteConnections connections = new SqliteConnections(file, readOnly);
      if (readOnly) {
        try (Connection check = connections.openReader()) {
          SchemaMigrations.requireLatest(check);
        }
        return new SqliteJobStore(file, clock, null, new ReadPool(connections, READERS));
      }
      writerConnection = connections.openWriter();
      FreePages.switchToIncremental(writerConnection, file);
      SchemaMigrations.migrate(writerConnection, clock);
      return new SqliteJobStore(file, clock, writerConnection, new ReadPool(connections, READERS));
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(writerConnection);
      throw openFailure(file, e);
    }
  }

  private static RuntimeException openFailure(Path file, Exception e) {
    return switch (e) {
      case StorageFaultException fault -> fault;
      case SqliteStoreException failure -> failure;
      case SQLException sql when SqliteFaults.kindOf(sql) != null ->
          new StorageFaultException(
              SqliteFaults.kindOf(sql),
              "cannot open job database " + file + ": " + e.getMessage(),
              e);
      default ->
          new SqliteStoreException("cannot open job database " + file + ": " + e.getMessage(), e);
    };
  }

  /** The writer, for tests in this package that look at grouping; null when read-only. */
  GroupCommitWriter writer() {
    return writer;
  }

  /** Whether the file was opened read-only, because its directory cannot be written. */
  public boolean isReadOnly() {
    return writer == null;
  }

  /**
   * Runs a write on the writer.
   *
   * @throws StorageFaultException of kind {@code READ_ONLY} when the file may only be read
   */
  <T> T write(GroupCommitWriter.Work<T> work) {
    writable();
    return writer.execute(work);
  }

  /** Throws unless this store has a writer: it is open and its file can be written. */
  private void writable() {
    if (writer == null) {
      if (closed) {
        throw new IllegalStateException("the job store is closed");
      }
      throw new StorageFaultException(StorageFaultException.Kind.READ_ONLY, readOnlyReason());
    }
  }

  private String readOnlyReason() {
    return "the job database "
        + file
        + " is read-only (its directory or file system cannot be written): reads are served,"
        + " writes are refused";
  }

  /** The read connections, for the schedule and workflow stores on this file. */
  ReadPool readers() {
    return readers;
  }

  /** The submit path, shared with the schedule and workflow stores on this file. */
  SubmitWrites submits() {
    return submits;
  }

  /** The schedules in this database file, written through this store's writer. */
  public dev.ujm.core.schedule.ScheduleStore schedules() {
    return new SqliteScheduleStore(this);
  }

  /** The workflows in this database file, written through this store's writer. */
  public dev.ujm.core.workflow.WorkflowStore workflows() {
    return new SqliteWorkflowStore(this);
  }

  /** The tenant records in this database file, written through this store's writer. */
  public dev.ujm.core.tenant.TenantStore tenants() {
    return new SqliteTenantStore(this);
  }

  /** The tenant records as last read, shared by every {@link #tenants()} view of this store. */
  TenantRecordCache tenantRecords() {
    return tenantRecords;
  }

  /** The job metrics in this database file, added to by this store's writer with every commit. */
  public JobMetrics metrics() {
    return new SqliteJobMetrics(this);
  }

  /** What a tenant without a record, or whose record leaves them out, claims with. */
  void useTenantDefaults(TenantDefaults defaults) {
    this.tenantDefaults = defaults;
  }

  /** The access audit in this database file, written through this store's writer. */
  public dev.ujm.core.audit.AccessLog accessLog() {
    return new SqliteAccessLog(this);
  }

  /** The database file this store writes. */
  public Path databaseFile() {
    return file;
  }

  @Override
  public SubmitResult submit(NewJob job) {
    Objects.requireNonNull(job, "job");
    List<SubmitWrites.Prepared> prepared = SubmitWrites.prepare(List.of(job));
    return write(tx -> submits.submitPrepared(tx, prepared).get(0));
  }

  @Override
  public List<SubmitResult> submitAll(List<NewJob> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    List<SubmitWrites.Prepared> prepared = SubmitWrites.prepare(jobs);
    return write(tx -> submits.submitPrepared(tx, prepared));
  }

  @Override
  public List<Job> claim(ClaimRequest request) {
    if (request.limit() < 1 || isReadOnly()) {
      return List.of(); // nothing can be claimed from a file that may only be read
    }
    TenantDefaults defaults = tenantDefaults;
    return write(tx -> FairShares.claim(tx, request, defaults));
  }

  @Override
  public HeartbeatResult heartbeat(HeartbeatRequest request) {
    if (request.leases().isEmpty() && isReadOnly()) {
      return new HeartbeatResult(Set.of(), Set.of());
    }
    return write(tx -> LeaseWrites.heartbeat(tx, request));
  }

  @Override
  public Job progress(Lease lease, Progress progress) {
    return write(tx -> LeaseWrites.progress(tx, lease, progress));
  }

  @Override
  public Job checkpoint(Lease lease, JsonNode checkpoint) {
    return write(tx -> LeaseWrites.checkpoint(tx, lease, checkpoint));
  }

  @Override
  public Job complete(Lease lease, JsonNode result) {
    LeaseWrites.Result stored = LeaseWrites.result(result);
    return write(tx -> LeaseWrites.complete(tx, lease, stored));
  }

  /** One write task: the completion, then (when it was not refused) the claim. */
  @Override
  public CompletedAndClaimed completeAndClaim(Lease lease, JsonNode result, ClaimRequest next) {
    TenantDefaults defaults = tenantDefaults;
    writable();
    LeaseWrites.Result stored = LeaseWrites.result(result);
    return writer.executeAndClaim(
        tx -> LeaseWrites.complete(tx, lease, stored),
        next,
        (tx, request) -> FairShares.claim(tx, request, defaults));
  }

  @Override
  public Job fail(FailRequest request) {
    return write(tx -> LeaseWrites.fail(tx, request));
  }

  @Override
  public Job release(Lease lease, String reason) {
    return write(tx -> LeaseWrites.release(tx, lease, reason));
  }

  @Override
  public Job cancel(CancelRequest request) {
    return write(tx -> ControlWrites.cancel(tx, request));
  }

  @Override
  public Job cancelOwn(Lease lease, String reason) {
    return writer.execute(tx -> LeaseWrites.cancelOwn(tx, lease, reason));
  }

  @Override
  public Job retry(String jobId, String actor) {
    return write(tx -> ControlWrites.retry(tx, jobId, actor));
  }

  @Override
  public Optional<Job> get(String jobId) {
    return readers.read(db -> JobReads.get(db, jobId));
  }

  @Override
  public List<Job> getAll(Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return List.of();
    }
    return readers.read(db -> JobReads.getAll(db, jobIds));
  }

  @Override
  public Page<Job> find(JobQuery query) {
    return readers.read(db -> JobReads.find(db, query));
  }

  @Override
  public List<JobEvent> history(String jobId) {
    return readers.read(db -> JobReads.history(db, jobId));
  }

  @Override
  public Optional<PurgedJob> purged(String jobId) {
    return readers.read(db -> PurgedTrails.find(db, jobId));
  }

  @Override
  public int promoteDue(int limit) {
    return limit < 1 || isReadOnly() ? 0 : write(tx -> DutyWrites.promoteDue(tx, limit));
  }

  @Override
  public int requeueExpired(int limit) {
    return limit < 1 || isReadOnly() ? 0 : write(tx -> DutyWrites.requeueExpired(tx, limit));
  }

  @Override
  public int requeueHeldBy(String workerIdPrefix, String reason) {
    if (workerIdPrefix == null || workerIdPrefix.isEmpty()) {
      throw new IllegalArgumentException("a worker id prefix is required");
    }
    if (isReadOnly()) {
      return 0; // no job of a read-only file can be held by a worker
    }
    return write(tx -> DutyWrites.requeueHeldBy(tx, workerIdPrefix, reason));
  }

  @Override
  public int purge(Instant finishedBefore, int limit) {
    return limit < 1 || isReadOnly()
        ? 0
        : write(tx -> DutyWrites.purge(tx, finishedBefore.toEpochMilli(), limit));
  }

  @Override
  public int purgeHistory(Instant finishedBefore, int limit) {
    return limit < 1 || isReadOnly()
        ? 0
        : write(tx -> PurgedTrails.deleteDue(tx, finishedBefore.toEpochMilli(), limit));
  }

  /** Gives back up to {@code limit} free pages of the file, keeping a reserve (see FreePages). */
  @Override
  public int reclaimSpace(int limit) {
    return limit < 1 || isReadOnly() ? 0 : write(tx -> FreePages.reclaim(tx, limit));
  }

  @Override
  public StoreStats stats(String tenantId) {
    return readers.read(db -> StatsReads.stats(db, tenantId, clock.instant()));
  }

  @Override
  public void appendResults(Lease lease, List<JsonNode> items) {
    List<JsonNode> copy = List.copyOf(items);
    write(tx -> LeaseWrites.appendResults(tx, lease, copy));
  }

  @Override
  public Page<JsonNode> results(String jobId, String cursor, int limit) {
    return readers.read(db -> JobReads.results(db, jobId, cursor, limit));
  }

  @Override
  public void addListener(Consumer<JobUpdate> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void addCommitObserver(CommitObserver observer) {
    commitObservers.add(Objects.requireNonNull(observer, "observer"));
  }

  /** Every move and all that follows from it commit in one SQLite transaction. */
  @Override
  public Set<StoreCapability> capabilities() {
    return EnumSet.of(
        StoreCapability.ATOMIC_FOLLOW_UPS,
        StoreCapability.SYNCHRONOUS_LISTENERS,
        StoreCapability.CLAIM_ON_COMPLETE);
  }

  @Override
  public boolean isReady() {
    return health().ready();
  }

  /**
   * Ready while the writer runs, its writes reach the disk and a read answers; not ready while the
   * file may only be read, or while writes fail (since when, how many, and why).
   */
  @Override
  public StoreHealth health() {
    if (closed) {
      return StoreHealth.notReady("the job store is closed");
    }
    if (writer == null) {
      return StoreHealth.notReady(readOnlyReason());
    }
    if (!writer.isRunning()) {
      return StoreHealth.notReady("the job store's writer has stopped");
    }
    StoreHealth writes = health.health();
    if (!writes.ready()) {
      return writes;
    }
    try {
      readers.read(
          db -> {
            try (var row = db.prepare("SELECT 1").executeQuery()) {
              return row.next();
            }
          });
      return StoreHealth.READY;
    } catch (RuntimeException e) {
      return StoreHealth.notReady(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /**
   * Finishes the writes already accepted, then closes every connection. Later calls throw.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    if (writer != null) {
      writer.close();
    }
    readers.close();
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // opening failed already; that failure is the one to report
      }
    }
  }
}
