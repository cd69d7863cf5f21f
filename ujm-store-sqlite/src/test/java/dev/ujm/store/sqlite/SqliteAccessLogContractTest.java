package dev.ujm.store.sqlite;

import dev.ujm.core.audit.AccessLog;
import dev.ujm.store.tck.AccessLogContract;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteAccessLogContractTest extends AccessLogContract {
  @TempDir Path dir;
  private final List<SqliteJobStore> opened = new ArrayList<>();

  @Override
  protected AccessLog newLog() {
    SqliteJobStore store =
        SqliteJobStore.open(dir.resolve("ujm-" + opened.size() + ".db"), InstantSource.system());
    opened.add(store);
    return store.accessLog();
  }

  @AfterEach
  void close() {
    opened.forEach(SqliteJobStore::close);
  }
}
