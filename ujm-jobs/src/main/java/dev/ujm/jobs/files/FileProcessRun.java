package dev.ujm.jobs.files;

import dev.ujm.core.files.FileQuery;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.FileTooLargeException;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Job;
import dev.ujm.jobs.files.FileProcessRecords.Checkpoint;
import dev.ujm.jobs.files.FileProcessRecords.Result;
import dev.ujm.jobs.files.FileProcessRecords.StepRecord;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One attempt of one {@code file-process} job. Its loop:
 *
 * <ol>
 *   <li>find the source file; one that is missing or belongs to another owner fails the job;
 *   <li>take the finished steps from the checkpoint, and delete files this job wrote that no
 *       finished step lists (a step cut off after storing its output, before its checkpoint);
 *   <li>run each remaining step on its input, counting the bytes it reads as progress; after each
 *       step save the checkpoint, so no later attempt redoes it;
 *   <li>complete with every step and every written file; on cancel stop between two reads (finished
 *       steps stay checkpointed); when a step cannot read its input, delete what the job wrote and
 *       fail for good.
 * </ol>
 *
 * Not thread-safe; one per attempt.
 */
final class FileProcessRun {
  private static final long REPORT_EVERY = 256 * 1024;

  private final JobContext<FileProcessPayload> ctx;
  private final FileStore files;
  private final FileProcessSettings settings;
  private final Job job;
  private final List<StepRecord> done = new CopyOnWriteArrayList<>();
  private final List<StoredFile> outputs = new ArrayList<>();
  private long bytesBefore;
  private long bytesThisStep;
  private long planned;
  private int stepIndex;

  FileProcessRun(
      JobContext<FileProcessPayload> ctx, FileStore files, FileProcessSettings settings) {
    this.ctx = ctx;
    this.files = files;
    this.settings = settings;
    this.job = ctx.job();
  }

  JobOutcome execute() throws IOException {
    FileProcessPayload p = ctx.payload();
    StoredFile source = files.describe(p.fileId()).filter(this::ownedByJobOwner).orElse(null);
    if (source == null) {
      return JobOutcome.failed("file-process.file-not-found", "no file " + p.fileId());
    }
    boolean resumed = restore();
    ctx.checkpointWith(() -> new Checkpoint(Checkpoint.VERSION, List.copyOf(done)));
    for (stepIndex = done.size(); stepIndex < p.steps().size(); stepIndex++) {
      if (ctx.isCancelled()) {
        return JobOutcome.cancelled();
      }
      FileProcessPayload.Step step = p.steps().get(stepIndex);
      StoredFile input = step.fromSource() ? source : current(source);
      planned = bytesBefore + remainingEstimate(p, source, input);
      bytesThisStep = 0;
      FileSteps.Outcome outcome;
      try {
        outcome = FileSteps.of(step, settings).run(new Io(input));
      } catch (StepIo.StepFailedException e) {
        return failed("file-process.step-failed", describe(step) + ": " + e.getMessage());
      } catch (FileTooLargeException e) {
        return failed(
            "file-process.too-large",
            describe(step) + " would write more than " + e.limit() + " bytes (UJM_MAX_FILE_BYTES)");
      } catch (CancellationException e) {
        return JobOutcome.cancelled();
      }
      if (outcome.output() != null) {
        outputs.add(outcome.output());
      }
      done.add(
          new StepRecord(
              stepIndex,
              step.name(),
              ctx.attempt(),
              outcome.output() == null ? null : FileRef.of(outcome.output()),
              outcome.value(),
              bytesThisStep));
      bytesBefore += bytesThisStep;
      ctx.saveCheckpoint(new Checkpoint(Checkpoint.VERSION, List.copyOf(done)));
    }
    ctx.progress(bytesBefore, bytesBefore, p.steps().size() + " steps done");
    return JobOutcome.completed(
        new Result(
            FileRef.of(source),
            List.copyOf(done),
            outputs.stream().map(FileRef::of).toList(),
            resumed));
  }

  /** Step 2 of the loop; returns whether an earlier attempt's steps were taken over. */
  private boolean restore() throws IOException {
    Checkpoint cp =
        ctx.checkpoint(Checkpoint.class)
            .filter(c -> c.version() == Checkpoint.VERSION)
            .orElse(null);
    if (cp != null) {
      for (StepRecord r : cp.done()) {
        StoredFile out = r.output() == null ? null : files.describe(r.output().id()).orElse(null);
        if (r.output() != null && out == null) {
          break; // its output was deleted meanwhile: redo from this step
        }
        done.add(r);
        bytesBefore += r.bytesRead();
        if (out != null) {
          outputs.add(out);
        }
      }
      ctx.log()
          .info(
              "file-process resumed at attempt {}: {} steps already done",
              ctx.attempt(),
              done.size());
    }
    Set<String> kept = new HashSet<>();
    outputs.forEach(f -> kept.add(f.id()));
    FileQuery mine =
        FileQuery.ofTenant(Objects.requireNonNullElse(job.tenantId(), ""), 1000).withJob(job.id());
    for (StoredFile f : files.list(mine).items()) {
      if (!kept.contains(f.id())) {
        files.delete(f.id());
      }
    }
    return cp != null && !done.isEmpty();
  }

  private StoredFile current(StoredFile source) {
    return outputs.isEmpty() ? source : outputs.get(outputs.size() - 1);
  }

  private long remainingEstimate(FileProcessPayload p, StoredFile source, StoredFile input) {
    long estimate = 0;
    for (int i = stepIndex; i < p.steps().size(); i++) {
      FileProcessPayload.Step s = p.steps().get(i);
      estimate +=
          s.name().equals("zip")
              ? outputs.stream().mapToLong(StoredFile::size).sum() + input.size()
              : s.fromSource() ? source.size() : input.size();
    }
    return estimate;
  }

  private JobOutcome failed(String type, String message) throws IOException {
    for (StoredFile f : outputs) {
      files.delete(f.id());
    }
    return JobOutcome.failed(type, message);
  }

  private String describe(FileProcessPayload.Step step) {
    return "step " + (stepIndex + 1) + " (" + step.name() + ")";
  }

  private boolean ownedByJobOwner(StoredFile f) {
    return Objects.equals(f.tenantId(), job.tenantId())
        && Objects.equals(f.ownerId(), job.ownerId());
  }

  private void counted(long n) {
    long before = bytesThisStep;
    bytesThisStep += n;
    if (before / REPORT_EVERY != bytesThisStep / REPORT_EVERY) {
      long current = bytesBefore + bytesThisStep;
      ctx.progress(
          current,
          Math.max(planned, current),
          "step "
              + (stepIndex + 1)
              + " of "
              + ctx.payload().steps().size()
              + " ("
              + ctx.payload().steps().get(stepIndex).name()
              + ")");
    }
  }

  /** The {@link StepIo} of one step. */
  private final class Io implements StepIo {
    private final StoredFile input;

    Io(StoredFile input) {
      this.input = input;
    }

    @Override
    public StoredFile input() {
      return input;
    }

    @Override
    public List<StoredFile> outputs() {
      return List.copyOf(outputs);
    }

    @Override
    public InputStream open(StoredFile file) throws IOException {
      return new FilterInputStream(files.open(file.id())) {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (ctx.isCancelled()) {
            throw new CancellationException("file-process cancelled");
          }
          int n = super.read(b, off, len);
          if (n > 0) {
            counted(n);
          }
          return n;
        }
      };
    }

    @Override
    public StoredFile write(String name, String contentType, Content content)
        throws IOException, StepFailedException {
      Path temp = Files.createTempFile("ujm-file-process-", ".part");
      try {
        try (OutputStream out = bounded(Files.newOutputStream(temp), settings.maxFileBytes())) {
          content.writeTo(out);
        }
        try (InputStream in = Files.newInputStream(temp)) {
          return files.put(
              new NewFile(
                  job.tenantId(),
                  job.ownerId(),
                  name,
                  contentType,
                  job.id(),
                  settings.maxFileBytes()),
              in);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static OutputStream bounded(OutputStream out, long max) {
    return new FilterOutputStream(out) {
      private long written;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > max) {
          throw new FileTooLargeException(max);
        }
        out.write(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }
    };
  }
}
