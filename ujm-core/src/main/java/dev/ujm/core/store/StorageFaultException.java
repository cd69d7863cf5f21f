package dev.ujm.core.store;

import dev.ujm.core.model.UjmException;
import java.util.Objects;

/**
 * The storage under a store failed: the disk is full, the data cannot be read or written, it is
 * damaged, or it may only be read. Not a rule of the job model and not a bug of the caller: the
 * same call can succeed once the cause is gone (space freed, the disk back). A write that threw it
 * changed nothing. The HTTP API answers it with 507 (full) or 503 and a stable problem type.
 */
public final class StorageFaultException extends UjmException {
  /** What went wrong, as far as an operator needs to know to fix it. */
  public enum Kind {
    /** No space left for the write: free space on the store's disk. */
    FULL,
    /** The storage cannot be reached or fails to read or write (I/O error, locked, gone). */
    UNAVAILABLE,
    /** The data is damaged: restore it or repair it before writing again. */
    CORRUPT,
    /** The storage may only be read (a read-only directory or file system): reads still work. */
    READ_ONLY
  }

  private final Kind kind;

  public StorageFaultException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public StorageFaultException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
