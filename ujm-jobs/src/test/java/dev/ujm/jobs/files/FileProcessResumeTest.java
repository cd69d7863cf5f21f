package dev.ujm.jobs.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileQuery;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.store.Page;
import dev.ujm.test.TestJobContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file-process attempt that stops resumes after its last finished step. */
class FileProcessResumeTest {
  @TempDir Path dir;

  private static final List<FileProcessPayload.Step> PIPELINE =
      List.of(
          FileProcessPayload.Step.named("csv-to-json"),
          FileProcessPayload.Step.named("gzip"),
          FileProcessPayload.Step.named("checksum"));

  @Test
  void an_attempt_handed_back_after_a_step_is_finished_without_redoing_that_step()
      throws Exception {
    CountingFiles files =
        new CountingFiles(DataDirectoryFileStore.open(dir, InstantSource.system()));
    StoredFile source = upload(files);
    TestJobContext<FileProcessPayload> first = attempt(source);
    files.afterPut = n -> first.shutDown(); // the node stops once the first output is stored

    JobOutcome stopped = handler(files).handler().run(first);
    TestJobContext<FileProcessPayload> second = first.nextAttempt(first.checkpointNow());
    JobOutcome finished = handler(files).handler().run(second);

    assertThat(stopped).isInstanceOf(JobOutcome.Cancelled.class);
    JsonNode result = ((JobOutcome.Completed) finished).result();
    assertThat(result.get("resumed").asBoolean()).isTrue();
    assertThat(result.get("steps").findValuesAsText("attempt")).containsExactly("1", "2", "2");
    assertThat(files.puts.get()).isEqualTo(2); // csv-to-json once, gzip once
    assertThat(jobFiles(files, first)).hasSize(2);
  }

  @Test
  void after_a_crash_between_storing_an_output_and_its_checkpoint_the_orphan_is_removed()
      throws Exception {
    CountingFiles files =
        new CountingFiles(DataDirectoryFileStore.open(dir, InstantSource.system()));
    StoredFile source = upload(files);
    TestJobContext<FileProcessPayload> first = attempt(source);
    JsonNode[] lastCheckpoint = new JsonNode[1];
    files.afterPut =
        n -> {
          if (n == 1) {
            lastCheckpoint[0] = null; // the checkpoint of step 1 is written after this put
          } else {
            lastCheckpoint[0] = first.checkpointNow();
            first.cancelByUser(); // the process dies: the gzip output is stored, its step is not
          }
        };

    try {
      handler(files).handler().run(first);
    } catch (RuntimeException e) {
      // the dying attempt's last write was refused
    }
    TestJobContext<FileProcessPayload> second = first.nextAttempt(lastCheckpoint[0]);
    JobOutcome finished = handler(files).handler().run(second);

    JsonNode result = ((JobOutcome.Completed) finished).result();
    assertThat(result.get("steps").findValuesAsText("attempt")).containsExactly("1", "2", "2");
    assertThat(jobFiles(files, first))
        .extracting(StoredFile::id)
        .containsExactlyInAnyOrderElementsOf(result.get("files").findValuesAsText("id"));
  }

  /** A source of no tenant and no owner, like the jobs of a test context. */
  private static StoredFile upload(FileStore files) throws IOException {
    return files.put(
        new NewFile(null, null, "data.csv", "text/csv", null, 1 << 20),
        new java.io.ByteArrayInputStream(csv()));
  }

  private static byte[] csv() {
    return FileProcessJobTest.CSV
        .repeat(50)
        .replaceAll("(?s)\nname,count", "")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static TestJobContext<FileProcessPayload> attempt(StoredFile source) {
    return new TestJobContext<>(
        "file-process",
        new FileProcessPayload(source.id(), PIPELINE),
        "0190c0de-0000-7000-8000-00000000a11c",
        1,
        null,
        InstantSource.system());
  }

  private static JobDefinition<FileProcessPayload> handler(FileStore files) {
    return FileProcessJobHandler.definition(
        new JobEnvironment(InstantSource.system(), Map.of()).with(FileStore.class, files));
  }

  private static List<StoredFile> jobFiles(FileStore files, TestJobContext<?> ctx) {
    Page<StoredFile> page = files.list(FileQuery.ofTenant("", 100).withJob(ctx.job().id()));
    return page.items();
  }

  /** A file store that counts job outputs and calls a hook after each. */
  private static final class CountingFiles implements FileStore {
    private final FileStore inner;
    final AtomicInteger puts = new AtomicInteger();
    volatile IntConsumer afterPut = n -> {};

    CountingFiles(FileStore inner) {
      this.inner = inner;
    }

    @Override
    public StoredFile put(NewFile file, InputStream content) throws IOException {
      StoredFile stored = inner.put(file, content);
      if (file.jobId() != null) {
        afterPut.accept(puts.incrementAndGet());
      }
      return stored;
    }

    @Override
    public Optional<StoredFile> describe(String id) {
      return inner.describe(id);
    }

    @Override
    public InputStream open(String id) throws IOException {
      return inner.open(id);
    }

    @Override
    public Page<StoredFile> list(FileQuery query) {
      return inner.list(query);
    }

    @Override
    public boolean delete(String id) throws IOException {
      return inner.delete(id);
    }
  }
}
