package dev.ujm.jobs.files;

import java.util.List;
import java.util.Map;

/** The checkpoint and result records of a {@code file-process} job. */
final class FileProcessRecords {
  private FileProcessRecords() {}

  /**
   * One finished step.
   *
   * @param index its place in the pipeline, from 0
   * @param name the step's name
   * @param attempt the attempt that ran it (an earlier one when the job resumed)
   * @param output the file it wrote, or null
   * @param value what it found (a checksum, row counts, image sizes), or null
   * @param bytesRead bytes the step read
   */
  record StepRecord(
      int index,
      String name,
      int attempt,
      FileRef output,
      Map<String, Object> value,
      long bytesRead) {}

  /**
   * What a later attempt resumes from: the steps already done, whose outputs are stored.
   *
   * @param version format version
   */
  record Checkpoint(int version, List<StepRecord> done) {
    static final int VERSION = 1;

    Checkpoint {
      done = done == null ? List.of() : List.copyOf(done);
    }
  }

  /**
   * The job's result.
   *
   * @param source the processed file
   * @param steps every step, in order
   * @param files every file the steps wrote, in order
   * @param resumed whether this attempt continued from an earlier one's checkpoint
   */
  record Result(FileRef source, List<StepRecord> steps, List<FileRef> files, boolean resumed) {}
}
