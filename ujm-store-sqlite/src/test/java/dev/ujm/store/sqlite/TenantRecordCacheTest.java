package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.tenant.Tenant;
import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant records are read from memory between changes, and no change is missed for long. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TenantRecordCacheTest {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.startingAt2026();

  @Test
  void a_put_is_read_back_at_once_by_the_store_that_made_it() {
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ujm.db"), clock)) {
      assertThat(store.tenants().get("acme")).isEmpty(); // now held as absent

      store.tenants().put(new Tenant("acme", "Acme", 2.0, null));
      assertThat(store.tenants().get("acme"))
          .hasValueSatisfying(t -> assertThat(t.weight()).isEqualTo(2.0));

      store.tenants().put(new Tenant("acme", "Acme", 5.0, null));
      assertThat(store.tenants().get("acme"))
          .hasValueSatisfying(t -> assertThat(t.weight()).isEqualTo(5.0));
    }
  }

  @Test
  void a_change_another_process_made_in_the_same_file_is_seen_within_a_second() {
    Path file = dir.resolve("ujm.db");
    try (SqliteJobStore reader = SqliteJobStore.open(file, clock);
        SqliteJobStore writer = SqliteJobStore.open(file, clock)) {
      assertThat(reader.tenants().get("acme")).isEmpty();

      writer.tenants().put(new Tenant("acme", "Acme", 3.0, null));

      await()
          .atMost(TenantRecordCache.FRESH_FOR.plus(Duration.ofSeconds(4)))
          .until(() -> reader.tenants().get("acme").isPresent());
    }
  }
}
