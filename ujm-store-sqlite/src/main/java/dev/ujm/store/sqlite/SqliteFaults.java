package dev.ujm.store.sqlite;

import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.store.StorageFaultException.Kind;
import java.sql.SQLException;

/**
 * Sorts the errors of the database into storage faults ({@link StorageFaultException}: full disk,
 * I/O error, damaged file, read-only) that an operator fixes outside UJM and after which the same
 * write succeeds, and the rest ({@link SqliteStoreException}: a statement the store got wrong).
 * Stateless.
 */
final class SqliteFaults {
  private SqliteFaults() {}

  /**
   * The exception to throw for a failed database call.
   *
   * @param what what failed, for the message: {@code write}, {@code read}, …
   */
  static RuntimeException of(SQLException e, String what) {
    Kind kind = kindOf(e);
    if (kind == null) {
      return new SqliteStoreException("database " + what + " failed: " + e.getMessage(), e);
    }
    return new StorageFaultException(kind, describe(kind) + ": " + e.getMessage(), e);
  }

  /**
   * The kind of storage fault, or null when the error is not one (a constraint, a bad SQL text).
   */
  static Kind kindOf(SQLException e) {
    return switch (e.getErrorCode() & 0xff) {
      case 13 -> Kind.FULL; // SQLITE_FULL
      case 11, 26 -> Kind.CORRUPT; // SQLITE_CORRUPT, SQLITE_NOTADB
      case 8 -> Kind.READ_ONLY; // SQLITE_READONLY
      // SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_IOERR, SQLITE_CANTOPEN,
      // SQLITE_PROTOCOL
      case 3, 5, 6, 7, 10, 14, 15 -> Kind.UNAVAILABLE;
      default -> null;
    };
  }

  /** What a kind of fault means for the job database, for people. */
  static String describe(Kind kind) {
    return switch (kind) {
      case FULL -> "the disk of the job database is full";
      case UNAVAILABLE -> "the job database cannot be read or written";
      case CORRUPT -> "the job database file is damaged";
      case READ_ONLY -> "the job database can only be read";
    };
  }
}
