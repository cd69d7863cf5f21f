package dev.ujm.server.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's data directory ({@code UJM_DATA_DIR}): the embedded database, the node id, the
 * generated admin key and the lock. One process at a time has it open:
 *
 * <ol>
 *   <li>{@link #open} creates the directory (mode 700) when it is missing, and warns when an
 *       existing one lets other users in;
 *   <li>it takes an OS file lock on {@value #LOCK_FILE} and writes its pid there; a second process
 *       on the same directory stops with {@link DataDirectoryLockedException}, naming the holder's
 *       pid. The OS drops the lock when the holder exits, even after {@code kill -9};
 *   <li>it hands out the paths of the files in it and the node id ({@link NodeIdentity});
 *   <li>{@link #close()} releases the lock.
 * </ol>
 *
 * A directory that cannot be written (a read-only file system or mode) is opened without a lock:
 * nobody can change its files, so two readers are harmless; the store opens read-only and the node
 * id is one for this run. Thread-safe.
 */
public final class DataDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

  /** The lock file's name in the data directory. */
  public static final String LOCK_FILE = "ujm.lock";

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private final Path dir;
  private FileChannel channel;
  private FileLock lock;

  /** Why the directory could not be made or locked at the last try; null when it could. */
  private String problem;

  /** Whether the last try found the directory read-only (logged once per change). */
  private boolean readOnly;

  /** Whether the directory's mode has been checked (warned about once). */
  private boolean modeChecked;

  private DataDirectory(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates (when missing) and locks the directory. A directory that cannot be made or locked now
   * (permission denied, a full disk) is tried again by {@link #nodeId()}: the server starts in a
   * degraded state and comes up once the cause is gone.
   *
   * @throws DataDirectoryLockedException when another process has it open
   */
  public static DataDirectory open(Path path) {
    DataDirectory directory = new DataDirectory(path.toAbsolutePath().normalize());
    directory.tryOpen();
    return directory;
  }

  /** One attempt to make and lock the directory; leaves {@link #problem} set when it fails. */
  private synchronized void tryOpen() {
    if (isLocked()) {
      return;
    }
    try {
      createOrCheck(dir, !modeChecked);
      modeChecked = true;
    } catch (IOException e) {
      fail("cannot create the data directory " + dir + ": " + reason(e));
      return;
    }
    if (!Files.isWritable(dir)) {
      if (!readOnly) {
        LOG.info("the data directory {} cannot be written: it is opened read-only", dir);
      }
      readOnly = true;
      problem = null;
      return;
    }
    readOnly = false;
    Path lockFile = dir.resolve(LOCK_FILE);
    FileChannel opened = null;
    try {
      opened =
          FileChannel.open(
              lockFile,
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
              privateFile());
      FileLock taken = tryLock(opened);
      if (taken == null) {
        String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
        opened.close();
        throw new DataDirectoryLockedException(dir, holder.isEmpty() ? "unknown" : holder);
      }
      opened.truncate(0);
      opened.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      opened.force(true);
      channel = opened;
      lock = taken;
      problem = null;
    } catch (IOException e) {
      closeQuietly(opened);
      fail("cannot lock the data directory " + dir + ": " + reason(e));
    }
  }

  private void fail(String why) {
    if (!why.equals(problem)) {
      LOG.warn("{}", why);
    }
    problem = why;
  }

  /** The directory, absolute. */
  public Path path() {
    return dir;
  }

  /** A file in the directory. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** Whether this process holds the directory's lock (false when it could only be read). */
  public synchronized boolean isLocked() {
    return lock != null && lock.isValid();
  }

  /**
   * This node's id: the one kept in the directory, made on first use; for a directory that can only
   * be read and holds none, one for this run. First makes and locks the directory if that failed
   * before.
   *
   * @throws UncheckedIOException when the directory still cannot be made or locked, or the id
   *     cannot be read or kept
   * @throws DataDirectoryLockedException when another process has taken the directory meanwhile
   */
  public synchronized String nodeId() {
    tryOpen();
    if (problem != null) {
      throw new UncheckedIOException(problem, new IOException(problem));
    }
    return NodeIdentity.loadOrCreate(dir, isLocked());
  }

  /** Releases the lock. The lock file stays, so no other process ever locks a deleted file. */
  @Override
  public synchronized void close() {
    closeQuietly(channel);
    channel = null;
    lock = null;
  }

  private static void createOrCheck(Path dir, boolean checkMode) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.exists(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory");
    }
    if (posix && checkMode) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
      if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        LOG.warn(
            "the data directory {} is open to other users (mode {}); it holds every payload and the"
                + " API keys' hashes: chmod 700 {}",
            dir,
            PosixFilePermissions.toString(mode),
            dir);
      }
    }
  }

  private static FileAttribute<?>[] privateFile() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  /** The lock, or null when another process holds it; this process counts as another holder. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very process (another server in the same JVM)
    }
  }

  /** Why a file operation failed, in words that name the cause. */
  static String reason(IOException e) {
    return switch (e) {
      case AccessDeniedException denied -> "permission denied";
      case FileSystemException fs when fs.getReason() != null ->
          fs.getReason().toLowerCase(java.util.Locale.ROOT).contains("read-only")
              ? "permission denied (read-only file system)"
              : fs.getReason();
      default -> e.getMessage();
    };
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close(); // releases the lock with it
    } catch (IOException e) {
      LOG.debug("closing the lock file failed: {}", e.getMessage());
    }
  }
}
