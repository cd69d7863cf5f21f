package dev.ujm.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.files.FileQuery;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.FileTooLargeException;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.files.StoredFileNotFoundException;
import dev.ujm.core.store.Page;
import dev.ujm.test.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileStore} guarantees, whatever keeps the bytes (a directory, MongoDB GridFS,
 * …). Subclass it per implementation and make a fresh, empty store in {@link #newStore}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class FileStoreContract {
  private static final long MB = 1 << 20;

  /** The store's clock; tests move it instead of sleeping. */
  protected ManualClock clock;

  /** A fresh, empty store for this test. */
  protected FileStore store;

  /** A fresh, empty store on this clock. */
  protected abstract FileStore newStore(ManualClock clock);

  @BeforeEach
  void openStore() {
    clock = ManualClock.startingAt2026();
    store = newStore(clock);
  }

  private StoredFile put(String tenant, String owner, String name, String text) throws IOException {
    return store.put(
        new NewFile(tenant, owner, name, "text/plain", null, MB),
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a_stored_file_reads_back_byte_for_byte_with_its_size_and_sha256() throws Exception {
    byte[] content = new byte[300_000];
    new java.util.Random(7).nextBytes(content);

    StoredFile stored =
        store.put(
            new NewFile("t1", "alice", "data.bin", "application/octet-stream", "job-1", MB),
            new ByteArrayInputStream(content));

    assertThat(stored.size()).isEqualTo(content.length);
    assertThat(stored.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    assertThat(stored.createdAt()).isEqualTo(clock.instant());
    assertThat(store.describe(stored.id())).contains(stored);
    try (InputStream in = store.open(stored.id())) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(stored)
        .extracting(StoredFile::tenantId, StoredFile::ownerId, StoredFile::name, StoredFile::jobId)
        .containsExactly("t1", "alice", "data.bin", "job-1");
  }

  @Test
  void content_over_the_limit_is_refused_and_leaves_nothing_behind() {
    assertThatThrownBy(
            () ->
                store.put(
                    new NewFile("t1", "alice", "big", null, null, 1000),
                    new ByteArrayInputStream(new byte[1001])))
        .isInstanceOf(FileTooLargeException.class);

    assertThat(store.list(FileQuery.ofTenant("t1", 10)).items()).isEmpty();
  }

  @Test
  void a_failing_upload_stream_leaves_nothing_behind() {
    InputStream broken =
        new InputStream() {
          private int left = 10_000;

          @Override
          public int read() throws IOException {
            if (left-- <= 0) {
              throw new IOException("connection reset");
            }
            return 'x';
          }
        };

    assertThatThrownBy(() -> store.put(new NewFile("t1", "a", "f", null, null, MB), broken))
        .isInstanceOf(IOException.class);
    assertThat(store.list(FileQuery.ofTenant("t1", 10)).items()).isEmpty();
  }

  @Test
  void listing_shows_one_tenants_files_newest_first_page_by_page() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(put("t1", i % 2 == 0 ? "alice" : "bob", "f" + i, "x").id());
      clock.advance(java.time.Duration.ofSeconds(1));
    }
    put("t2", "alice", "other", "y");

    Page<StoredFile> first = store.list(FileQuery.ofTenant("t1", 2));
    Page<StoredFile> second =
        store.list(FileQuery.ofTenant("t1", 2).withCursor(first.nextCursor()));
    Page<StoredFile> last = store.list(FileQuery.ofTenant("t1", 2).withCursor(second.nextCursor()));

    assertThat(first.items()).extracting(StoredFile::id).containsExactly(ids.get(4), ids.get(3));
    assertThat(second.items()).extracting(StoredFile::id).containsExactly(ids.get(2), ids.get(1));
    assertThat(last.items()).extracting(StoredFile::id).containsExactly(ids.get(0));
    assertThat(last.nextCursor()).isNull();
    assertThat(store.list(FileQuery.ofTenant("t1", 10).withOwner("alice")).items())
        .extracting(StoredFile::name)
        .containsExactly("f4", "f2", "f0");
  }

  @Test
  void listing_by_job_shows_only_what_that_job_produced() throws Exception {
    store.put(
        new NewFile("t1", "a", "out", null, "job-1", MB), new ByteArrayInputStream(new byte[1]));
    store.put(
        new NewFile("t1", "a", "other", null, "job-2", MB), new ByteArrayInputStream(new byte[1]));

    assertThat(store.list(FileQuery.ofTenant("t1", 10).withJob("job-1")).items())
        .extracting(StoredFile::name)
        .containsExactly("out");
  }

  @Test
  void a_deleted_file_is_gone_from_describe_open_and_list() throws Exception {
    StoredFile f = put("t1", "alice", "gone.txt", "bye");

    assertThat(store.delete(f.id())).isTrue();

    assertThat(store.describe(f.id())).isEmpty();
    assertThatThrownBy(() -> store.open(f.id())).isInstanceOf(StoredFileNotFoundException.class);
    assertThat(store.list(FileQuery.ofTenant("t1", 10)).items()).isEmpty();
    assertThat(store.delete(f.id())).isFalse();
  }

  @Test
  void an_unknown_or_malformed_id_is_simply_not_found() {
    assertThat(store.describe("0190c0de-0000-7000-8000-000000000000")).isEmpty();
    assertThat(store.describe("../../etc/passwd")).isEmpty();
    assertThatThrownBy(() -> store.open("../../etc/passwd"))
        .isInstanceOf(StoredFileNotFoundException.class);
  }

  @Test
  void a_cursor_the_store_never_gave_out_is_refused() {
    assertThatThrownBy(() -> store.list(FileQuery.ofTenant("t1", 10).withCursor("bad")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrent_puts_all_land_with_distinct_ids() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<StoredFile>> puts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String text = "file " + i;
        Callable<StoredFile> put = () -> put("t1", "alice", "f", text);
        puts.add(pool.submit(put));
      }
      for (Future<StoredFile> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(store.list(FileQuery.ofTenant("t1", 100)).items())
        .hasSize(40)
        .extracting(StoredFile::id)
        .doesNotHaveDuplicates();
  }
}
