package dev.ujm.store.sqlite;

import dev.ujm.core.store.StorageFaultException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database file on disk before SQLite opens it. The file holds every payload and the API keys'
 * hashes, so it is private to the user running UJM:
 *
 * <ul>
 *   <li>a missing directory is created with mode 700, a missing file with mode 600 (SQLite gives
 *       its {@code -wal} and {@code -shm} files the mode of the database file);
 *   <li>a file an older UJM left readable by group or others is set to 600, with its {@code -wal}
 *       and {@code -shm}, and that is logged;
 *   <li>a file whose directory or file system cannot be written is opened read-only; when there is
 *       no file and the directory cannot be written, the open fails saying "permission denied" and
 *       naming the directory.
 * </ul>
 *
 * Stateless.
 */
final class DatabaseFile {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseFile.class);
  private static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private DatabaseFile() {}

  /**
   * Makes sure the file exists (new, empty and incremental-vacuum) with private modes, unless it
   * may only be read.
   *
   * @return whether the file may only be read
   * @throws StorageFaultException when there is no file and none can be made
   */
  static boolean prepare(Path file) throws IOException, SQLException {
    Path dir = file.getParent();
    if (Files.exists(file)) {
      if (!Files.isWritable(file) || (dir != null && !Files.isWritable(dir))) {
        return true;
      }
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        makePrivate(file.resolveSibling(file.getFileName() + suffix));
      }
      if (Files.size(file) == 0) {
        FreePages.prepareNewFile(file);
      }
      return false;
    }
    if (dir != null) {
      createDirectory(dir);
      if (!Files.isWritable(dir)) {
        throw cannotCreate(dir, "the directory is read-only", null);
      }
    }
    try {
      if (isPosix()) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
      } else {
        Files.createFile(file);
      }
    } catch (AccessDeniedException e) {
      throw cannotCreate(dir, "the directory is not writable", e);
    } catch (FileSystemException e) {
      throw cannotCreate(
          dir, e.getReason() == null ? "the directory is read-only" : e.getReason(), e);
    }
    FreePages.prepareNewFile(file);
    return false;
  }

  private static void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      if (isPosix()) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
      } else {
        Files.createDirectories(dir);
      }
    } catch (AccessDeniedException e) {
      throw cannotCreate(dir, "a parent directory is not writable", e);
    } catch (FileSystemException e) {
      throw cannotCreate(dir, e.getReason() == null ? "read-only file system" : e.getReason(), e);
    }
  }

  private static void makePrivate(Path file) throws IOException {
    if (!isPosix() || !Files.exists(file)) {
      return;
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
    if (now.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
      return;
    }
    Files.setPosixFilePermissions(file, PRIVATE_FILE);
    LOG.info(
        "{} was readable by other users (mode {}); it is now 600",
        file,
        PosixFilePermissions.toString(now));
  }

  private static StorageFaultException cannotCreate(Path dir, String why, Exception cause) {
    return new StorageFaultException(
        StorageFaultException.Kind.READ_ONLY,
        "cannot create the job database in " + dir + ": permission denied (" + why + ")",
        cause);
  }

  private static boolean isPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
