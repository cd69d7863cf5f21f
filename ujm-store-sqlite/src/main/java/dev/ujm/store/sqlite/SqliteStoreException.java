package dev.ujm.store.sqlite;

import dev.ujm.core.model.UjmException;

/**
 * The database itself failed (disk full, file unreadable, a closed store): not a rule of the job
 * model. The write that raised it was rolled back, so the store is unchanged by it.
 */
public final class SqliteStoreException extends UjmException {
  public SqliteStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public SqliteStoreException(String message) {
    super(message);
  }
}
