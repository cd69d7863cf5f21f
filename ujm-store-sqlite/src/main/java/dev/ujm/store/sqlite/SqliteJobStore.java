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
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.store.StoreHealth;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * again (logged once, with the count of failed writes).
 */
public final class SqliteJobStore implements JobStore {
  /** Read connections: more than the cores rarely helps; reads are short. */
  static final int READERS = 4;

  private final Path file;
  private final InstantSource clock;
  private final List<Consumer<JobUpdate>> listeners = new CopyOnWriteArrayList<>();
  private final WriteHealth health;
  private final GroupCommitWriter writer;
  private final ReadPool readers;
  private final SubmitWrites submits;

  private SqliteJobStore(
      Path file, InstantSource clock, Connection writerConnection, ReadPool readers) {
    this.file = file;
    this.clock = clock;
    this.readers = readers;
    this.submits = new SubmitWrites(new JobIds(clock));
    this.health = new WriteHealth(file.toString(), clock);
    this.writer =
        new GroupCommitWriter(writerConnection, clock, listeners, health, "ujm-sqlite-writer");
  }

  /**
   * Opens (creating it and its parent directories when missing) the database file and brings its
   * schema up to date.
   *
   * @param databaseFile the file, for example {@code <UJM_DATA_DIR>/ujm.db}
   * @param clock the only source of "now" for the store
   * @throws StorageFaultException when the file cannot be read or written (a full disk, a damaged
   *     file)
   * @throws SqliteStoreException when the file cannot be opened or migrated for another reason
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

  /** The writer, for tests in this package that look at grouping. */
  GroupCommitWriter writer() {
    return writer;
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

  @Override
  public boolean isReady() {
    return health().ready();
  }

  /**
   * Ready while the writer runs, its writes reach the disk and a read answers; not ready while
   * writes fail (since when, how many, and why).
   */
  @Override
  public StoreHealth health() {
    if (!writer.isRunning()) {
      return StoreHealth.notReady("the job store is closed");
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
