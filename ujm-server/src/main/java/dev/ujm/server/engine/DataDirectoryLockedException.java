package dev.ujm.server.engine;

import dev.ujm.core.model.UjmException;
import java.nio.file.Path;

/** Another process has the data directory open: a second server on it would run its jobs twice. */
public final class DataDirectoryLockedException extends UjmException {
  private final String holderPid;

  public DataDirectoryLockedException(Path dir, String holderPid) {
    super(
        "the data directory "
            + dir
            + " is in use by another UJM process (pid "
            + holderPid
            + "): stop that one first, or give this one another --data-dir");
    this.holderPid = holderPid;
  }

  /** The pid the holder wrote into the lock file, or {@code unknown}. */
  public String holderPid() {
    return holderPid;
  }
}
