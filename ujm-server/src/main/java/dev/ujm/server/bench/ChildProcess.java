package dev.ujm.server.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process a benchmark started (a server, a script), with its scratch directory: closing stops it
 * (politely, then by force after 30 s) and deletes the directory; a benchmark stopped first
 * (Ctrl-C, a kill) stops it too, so no server of a benchmark outlives it.
 */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final Thread stopAtExit;

  /**
   * @param dir its scratch directory, deleted on close; null when it has none
   */
  ChildProcess(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
    this.stopAtExit = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  Process process() {
    return process;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook stops the process
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    ScratchDirectory.delete(dir);
  }
}
