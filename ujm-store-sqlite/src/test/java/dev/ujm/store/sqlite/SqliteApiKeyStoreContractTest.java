package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.store.tck.ApiKeyStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteApiKeyStoreContractTest extends ApiKeyStoreContract {
  @TempDir Path dir;

  @Override
  protected ApiKeyStore newStore() {
    return SqliteApiKeyStore.open(dir.resolve("ujm.db"));
  }

  @Test
  void keys_survive_a_reopen_and_share_the_database_file_with_the_jobs() {
    ApiKeys.IssuedKey issued = keys.issue(ApiRole.USER, "acme", "alice", null, "admin");
    store.close();

    try (SqliteJobStore jobs = SqliteJobStore.open(dir.resolve("ujm.db"), clock);
        SqliteApiKeyStore reopened = SqliteApiKeyStore.open(dir.resolve("ujm.db"))) {
      assertThat(new ApiKeys(reopened, clock).authenticate(issued.secret())).contains(issued.key());
      assertThat(reopened.auditTrail(issued.key().id())).hasSize(1);
      assertThat(jobs.isReady()).isTrue();
    }
    store = newStore();
  }
}
