package dev.ujm.server.engine;

import dev.ujm.core.auth.ApiKeySecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the bootstrap admin key's secret comes from (docs/api.md): {@code UJM_ADMIN_KEY} when set;
 * else {@code <data dir>/admin.key}, generated on the first start with mode 600. A key file that
 * other users may read is refused (the key opens every tenant), like ssh refuses a private key
 * others can read. Logs the file's path, never the key.
 */
public final class AdminKeyFile {
  private static final Logger LOG = LoggerFactory.getLogger(AdminKeyFile.class);

  /** The file name in the data directory. */
  public static final String FILE = "admin.key";

  /** Shorter admin keys are refused: the key guards every tenant. */
  public static final int MIN_LENGTH = 16;

  private static final Set<PosixFilePermission> READABLE_BY_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private AdminKeyFile() {}

  /**
   * Why the key file in this data directory must not be used, in one sentence: it exists and group
   * or others may read or change it. Empty when there is no file, it is private, or {@code
   * UJM_ADMIN_KEY} is set (the file is then not read; a warning says it should go).
   *
   * @param configured the value of {@code UJM_ADMIN_KEY}, or null
   */
  public static Optional<String> problem(String configured, Path dataDir) {
    Path file = dataDir.resolve(FILE).toAbsolutePath();
    Optional<String> mode = looseMode(file);
    if (mode.isEmpty()) {
      return Optional.empty();
    }
    if (configured != null && !configured.isBlank()) {
      LOG.warn(
          "{} is readable by other users (mode {}) and unused while UJM_ADMIN_KEY is set: delete it",
          file,
          mode.get());
      return Optional.empty();
    }
    return Optional.of(
        file
            + " can be read by other users (mode "
            + mode.get()
            + "), and it holds the admin key of every tenant: run chmod 600 "
            + file
            + " or set UJM_ADMIN_KEY");
  }

  private static Optional<String> looseMode(Path file) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        || !Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      return mode.stream().anyMatch(READABLE_BY_OTHERS::contains)
          ? Optional.of(PosixFilePermissions.toString(mode))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // reading it will fail with the reason
    }
  }

  /**
   * The admin secret: the configured one, else the file's, else a new one written to the file.
   *
   * @param configured the value of {@code UJM_ADMIN_KEY}, or null
   */
  public static String secret(String configured, Path dataDir) {
    if (configured != null && !configured.isBlank()) {
      LOG.info("admin API key: taken from UJM_ADMIN_KEY");
      return configured.trim();
    }
    Path file = dataDir.resolve(FILE);
    Optional<String> loose = problem(null, dataDir);
    if (loose.isPresent()) {
      throw new IllegalStateException(loose.get());
    }
    try {
      if (Files.exists(file)) {
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.length() >= MIN_LENGTH) {
          LOG.info("admin API key: in {}", file.toAbsolutePath());
          return secret;
        }
        throw new IOException(
            file + " does not hold an admin key of at least " + MIN_LENGTH + " characters");
      }
      Files.createDirectories(dataDir);
      String secret = ApiKeySecrets.generate();
      Path temp = dataDir.resolve(FILE + ".tmp");
      Files.deleteIfExists(temp);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(temp);
      }
      Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      LOG.info(
          "admin API key: generated into {} (readable only by this user)", file.toAbsolutePath());
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the admin key in " + file + ": " + DataDirectory.reason(e), e);
    }
  }
}
