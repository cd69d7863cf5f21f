package dev.ujm.jobs.files;

import dev.ujm.core.files.FileStore;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobHandler;
import dev.ujm.core.handler.JobOutcome;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code file-process} job type: a pipeline of named steps on a stored file (checksum, text
 * extraction, CSV↔JSON, image resize and thumbnail, gzip, zip), each output stored as a new file of
 * the job's owner and listed in the result. Each attempt is a {@link FileProcessRun}; finished
 * steps are checkpointed, so a resumed job does not redo them. Thread-safe.
 */
public final class FileProcessJobHandler implements JobHandler<FileProcessPayload> {
  /** The job type name. */
  public static final String TYPE = "file-process";

  private final Optional<FileStore> files;
  private final FileProcessSettings settings;

  FileProcessJobHandler(Optional<FileStore> files, FileProcessSettings settings) {
    this.files = files;
    this.settings = settings;
  }

  /**
   * The job type, working on the environment's {@link FileStore}; without one it refuses its jobs
   * at submit.
   */
  public static JobDefinition<FileProcessPayload> definition(JobEnvironment env) {
    Optional<FileStore> files = env.service(FileStore.class);
    return JobDefinition.of(
            TYPE,
            FileProcessPayload.class,
            new FileProcessJobHandler(files, FileProcessSettings.from(env)))
        .withValidator(new FileProcessPayloadValidator(files))
        .withDefaultTimeout(Duration.ofHours(1));
  }

  @Override
  public JobOutcome run(JobContext<FileProcessPayload> ctx) throws Exception {
    FileStore store =
        files.orElseThrow(() -> new IllegalStateException("this node keeps no files"));
    return new FileProcessRun(ctx, store, settings).execute();
  }
}
