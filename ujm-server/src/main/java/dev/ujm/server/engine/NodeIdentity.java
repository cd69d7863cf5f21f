package dev.ujm.server.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The node's stable name, kept in {@code <data dir>/node.id}: a random id made on the first start
 * of a data directory, never a host name, so two nodes never share one. It survives restarts, so a
 * node that died takes back at once the jobs it held (their worker ids start with it) instead of
 * waiting for their leases to expire. Reached through {@link DataDirectory#nodeId()}.
 */
public final class NodeIdentity {
  /** The file name in the data directory. */
  public static final String FILE = "node.id";

  private NodeIdentity() {}

  /**
   * The node id stored in the data directory, created on first use.
   *
   * @throws UncheckedIOException when the directory cannot be read or written
   */
  public static String loadOrCreate(Path dataDir) {
    return loadOrCreate(dataDir, true);
  }

  /**
   * The node id stored in the data directory; when there is none, a new one, kept there when the
   * directory can be written and for this run only when it cannot.
   *
   * @throws UncheckedIOException when the id cannot be read, or cannot be kept in a writable
   *     directory
   */
  static String loadOrCreate(Path dataDir, boolean writable) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (id.matches("[A-Za-z0-9_.-]{1,64}")) {
          return id;
        }
        throw new IOException(
            file + " does not hold a node id (1 to 64 letters, digits, '_', '.' or '-')");
      }
      byte[] random = new byte[6];
      new SecureRandom().nextBytes(random);
      String id = "node-" + HexFormat.of().formatHex(random);
      if (!writable) {
        return id; // a read-only directory holds no jobs this node could take back
      }
      Files.createDirectories(dataDir);
      Path temp = Files.createTempFile(dataDir, "node", ".tmp"); // mode 600
      Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the node id in " + file + ": " + DataDirectory.reason(e), e);
    }
  }
}
