package dev.ujm.server.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The throw-away data directory of one benchmark phase: made fresh, deleted with all it holds. */
public final class ScratchDirectory {
  private ScratchDirectory() {}

  /** A new empty directory in the system's temporary directory. */
  public static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes the directory and everything in it; null does nothing. A file that cannot be deleted is
   * left behind: a benchmark's scratch data in the temporary directory is harmless.
   */
  public static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // left behind, see above
    }
  }
}
