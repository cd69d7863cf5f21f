package dev.ujm.store.redismongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import dev.ujm.core.store.StorageFaultException;
import dev.ujm.core.store.StorageFaultException.Kind;
import java.util.function.Supplier;

/**
 * Sorts the errors of the MongoDB driver into storage faults ({@link StorageFaultException}: the
 * server cannot be reached, has no primary, did not acknowledge the write with a majority, or is
 * out of space), which the API answers with 503 or 507 and after which the same call succeeds, and
 * the rest, which are bugs of the store and pass unchanged. Stateless.
 */
final class MongoFaults {
  private static final int OUT_OF_DISK_SPACE = 14031;

  private MongoFaults() {}

  /** Runs one call to MongoDB, turning a fault of the server into a storage fault. */
  static <T> T call(String what, Supplier<T> body) {
    try {
      return body.get();
    } catch (MongoException e) {
      throw translate(e, what);
    }
  }

  /** The exception to throw for a failed MongoDB call. */
  static RuntimeException translate(MongoException e, String what) {
    Kind kind = kindOf(e);
    if (kind == null) {
      return e;
    }
    String why =
        kind == Kind.FULL
            ? "the MongoDB of the jobs is out of disk space"
            : "the MongoDB of the jobs cannot be reached";
    // the driver's own text (cluster state, addresses) stays in the cause, for the logs
    return new StorageFaultException(
        kind, why + " (" + what + ", " + e.getClass().getSimpleName() + ")", e);
  }

  /** The kind of storage fault, or null when the error is not one. */
  static Kind kindOf(MongoException e) {
    if (e.getCode() == OUT_OF_DISK_SPACE) {
      return Kind.FULL;
    }
    if (e instanceof MongoTimeoutException
        || e instanceof MongoSocketException
        || e instanceof MongoNotPrimaryException
        || e instanceof MongoNodeIsRecoveringException
        || e instanceof MongoWriteConcernException
        || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
      return Kind.UNAVAILABLE;
    }
    if (e instanceof MongoCommandException command && command.getErrorCode() == 91) {
      return Kind.UNAVAILABLE; // ShutdownInProgress
    }
    return null;
  }
}
