package dev.ujm.store.sqlite;

import static dev.ujm.test.JobFixtures.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.test.ManualClock;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads asked for on virtual threads run on the pool's platform threads (a native SQLite call would
 * hold a virtual thread's carrier); platform threads read directly; answers and errors reach the
 * caller either way.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadPoolTest {
  @TempDir Path dir;
  private SqliteJobStore store;

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("ujm.db"), ManualClock.startingAt2026());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_read_from_a_virtual_thread_runs_on_a_platform_reader_and_answers_the_caller()
      throws Exception {
    String id = store.submit(aJob().build()).job().id();
    try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      var read =
          CompletableFuture.supplyAsync(
              () ->
                  store
                      .readers()
                      .read(
                          db ->
                              (Thread.currentThread().isVirtual() ? "virtual " : "platform ")
                                  + Thread.currentThread().getName()
                                  + " "
                                  + JobReads.get(db, id).orElseThrow().id()),
              virtual);

      assertThat(read.get()).startsWith("platform ujm-sqlite-reader-").endsWith(" " + id);
    }
  }

  @Test
  void a_read_from_a_platform_thread_runs_on_that_thread() {
    Thread caller = Thread.currentThread();

    Thread reader = store.readers().read(db -> Thread.currentThread());

    assertThat((Object) reader).isSameAs(caller);
  }

  @Test
  void a_failing_read_on_a_platform_reader_fails_its_virtual_caller_with_the_store_error()
      throws Exception {
    try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      var read =
          virtual.submit(
              () ->
                  store
                      .readers()
                      .read(
                          db -> {
                            throw new SQLException("no such table: nowhere");
                          }));

      assertThatThrownBy(read::get)
          .cause()
          .isInstanceOf(RuntimeException.class)
          .hasMessageContaining("nowhere");
    }
  }
}
