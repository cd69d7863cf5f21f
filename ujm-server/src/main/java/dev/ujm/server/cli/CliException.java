package dev.ujm.server.cli;

/**
 * A command that cannot go ahead; its message is the one line the user sees, {@link #exitCode()}
 * the exit code.
 */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
