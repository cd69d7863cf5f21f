package dev.ujm.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.Lease;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.HeartbeatRequest;
import dev.ujm.core.store.HeartbeatResult;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.StoreCapability;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.store.SubmitResult;
import java.io.IOException;
import java.nio.file.Files;
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
 */
public final class SqliteJobStore implements JobStore {
  /** Read connections: more than the cores rarely helps; reads are short. */
  static final int READERS = 4;

  private final Path file;
  private final InstantSource clock;
  private final List<Consumer<JobUpdate>> listeners = new CopyOnWriteArrayList<>();
  private final GroupCommitWriter writer;
  private final ReadPool readers;
  private final SubmitWrites submits;

  private SqliteJobStore(
      Path file, InstantSource clock, Connection writerConnection, ReadPool readers) {
    this.file = file;
    this.clock = clock;
    this.readers = readers;
    this.submits = new SubmitWrites(new JobIds(clock));
    this.writer = new GroupCommitWriter(writerConnection, clock, listeners, "ujm-sqlite-writer");
  }

  /**
   * Opens (creating it and its parent directories when missing) the database file and brings its
   * schema up to date.
   *
   * @param databaseFile the file, for example {@code <UJM_DATA_DIR>/ujm.db}
   * @param clock the only source of "now" for the store
   * @throws SqliteStoreException when the file cannot be opened or migrated
   */
  public static SqliteJobStore open(Path databaseFile, InstantSource clock) {
    Objects.requireNonNull(databaseFile, "databaseFile");
    Objects.requireNonNull(clock, "clock");
    Path file = databaseFile.toAbsolutePath();
    Connection writerConnection = null;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      SqliteConnections connections = new SqliteConnections(file);
      writerConnection = connections.openWriter();
      SchemaMigrations.migrate(writerConnection, clock);
      return new SqliteJobStore(file, clock, writerConnection, new ReadPool(connections, READERS));
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(writerConnection);
      if (e instanceof SqliteStoreException failure) {
        throw failure;
      }
      throw new SqliteStoreException("cannot open job database " + file + ": " + e.getMessage(), e);
    }
  }

  /** The writer, for tests in this package that look at grouping. */
  GroupCommitWriter writer() {
    return writer;
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

  /** The database file this store writes. */
  public Path databaseFile() {
    return file;
  }

  @Override
  public SubmitResult submit(NewJob job) {
    Objects.requireNonNull(job, "job");
    return writer.execute(tx -> submits.submitAll(tx, List.of(job)).get(0));
  }

  @Override
  public List<SubmitResult> submitAll(List<NewJob> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    List<NewJob> copy = List.copyOf(jobs);
    return writer.execute(tx -> submits.submitAll(tx, copy));
  }

  @Override
  public List<Job> claim(ClaimRequest request) {
    if (request.limit() < 1) {
      return List.of();
    }
    return writer.execute(tx -> LeaseWrites.claim(tx, request));
  }

  @Override
  public HeartbeatResult heartbeat(HeartbeatRequest request) {
    return writer.execute(tx -> LeaseWrites.heartbeat(tx, request));
  }

  @Override
  public Job progress(Lease lease, Progress progress) {
    return writer.execute(tx -> LeaseWrites.progress(tx, lease, progress));
  }

  @Override
  public Job checkpoint(Lease lease, JsonNode checkpoint) {
    return writer.execute(tx -> LeaseWrites.checkpoint(tx, lease, checkpoint));
  }

  @Override
  public Job complete(Lease lease, JsonNode result) {
    return writer.execute(tx -> LeaseWrites.complete(tx, lease, result));
  }

  @Override
  public Job fail(FailRequest request) {
    return writer.execute(tx -> LeaseWrites.fail(tx, request));
  }

  @Override
  public Job release(Lease lease, String reason) {
    return writer.execute(tx -> LeaseWrites.release(tx, lease, reason));
  }

  @Override
  public Job cancel(CancelRequest request) {
    return writer.execute(tx -> ControlWrites.cancel(tx, request));
  }

  @Override
  public Job cancelOwn(Lease lease, String reason) {
    return writer.execute(tx -> LeaseWrites.cancelOwn(tx, lease, reason));
  }

  @Override
  public Job retry(String jobId, String actor) {
    return writer.execute(tx -> ControlWrites.retry(tx, jobId, actor));
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
  public int promoteDue(int limit) {
    return limit < 1 ? 0 : writer.execute(tx -> DutyWrites.promoteDue(tx, limit));
  }

  @Override
  public int requeueExpired(int limit) {
    return limit < 1 ? 0 : writer.execute(tx -> DutyWrites.requeueExpired(tx, limit));
  }

  @Override
  public int requeueHeldBy(String workerIdPrefix, String reason) {
    if (workerIdPrefix == null || workerIdPrefix.isEmpty()) {
      throw new IllegalArgumentException("a worker id prefix is required");
    }
    return writer.execute(tx -> DutyWrites.requeueHeldBy(tx, workerIdPrefix, reason));
  }

  @Override
  public int purge(Instant finishedBefore, int limit) {
    return limit < 1
        ? 0
        : writer.execute(tx -> DutyWrites.purge(tx, finishedBefore.toEpochMilli(), limit));
  }

  @Override
  public StoreStats stats(String tenantId) {
    return readers.read(db -> StatsReads.stats(db, tenantId, clock.instant()));
  }

  @Override
  public void appendResults(Lease lease, List<JsonNode> items) {
    List<JsonNode> copy = List.copyOf(items);
    writer.execute(tx -> LeaseWrites.appendResults(tx, lease, copy));
  }

  @Override
  public Page<JsonNode> results(String jobId, String cursor, int limit) {
    return readers.read(db -> JobReads.results(db, jobId, cursor, limit));
  }

  @Override
  public void addListener(Consumer<JobUpdate> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Every move and all that follows from it commit in one SQLite transaction. */
  @Override
  public Set<StoreCapability> capabilities() {
    return EnumSet.of(StoreCapability.ATOMIC_FOLLOW_UPS, StoreCapability.SYNCHRONOUS_LISTENERS);
  }

  /** Ready while the writer thread runs and a read answers. */
  @Override
  public boolean isReady() {
    if (!writer.isRunning()) {
      return false;
    }
    try {
      return readers.read(
          db -> {
            try (var row = db.prepare("SELECT 1").executeQuery()) {
              return row.next();
            }
          });
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Finishes the writes already accepted, then closes every connection. Later calls throw.
   * Idempotent.
   */
  @Override
  public void close() {
    writer.close();
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
