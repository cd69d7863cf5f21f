package dev.ujm.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileQuery;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.test.ManualClock;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file contract on the data directory, and what only a directory can show. */
class DataDirectoryFileStoreContractTest extends FileStoreContract {
  @TempDir Path dir;

  @Override
  protected FileStore newStore(ManualClock clock) {
    return DataDirectoryFileStore.open(dir.resolve("files"), clock);
  }

  @Test
  void files_survive_a_reopen_and_leftovers_of_an_interrupted_put_are_removed() throws Exception {
    StoredFile kept =
        store.put(
            new NewFile("t1", "a", "kept", null, null, 100), new ByteArrayInputStream(new byte[3]));
    Path shard = dir.resolve("files").resolve(kept.id().substring(kept.id().length() - 2));
    Path leftover =
        Files.writeString(
            shard.resolve(
                "0190c0de-0000-7000-8000-0000000000"
                    + kept.id().substring(kept.id().length() - 2)
                    + ".bin.tmp"),
            "half");

    FileStore reopened = newStore(clock);

    assertThat(reopened.describe(kept.id())).contains(kept);
    assertThat(reopened.list(FileQuery.ofTenant("t1", 10)).items()).containsExactly(kept);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void the_directory_and_its_files_are_readable_by_the_owner_only() throws Exception {
    StoredFile f =
        store.put(
            new NewFile("t1", "a", "secret", null, null, 100),
            new ByteArrayInputStream(new byte[3]));
    Path shard = dir.resolve("files").resolve(f.id().substring(f.id().length() - 2));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("files"))))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(shard.resolve(f.id() + ".bin"))))
        .isEqualTo("rw-------");
  }
}
