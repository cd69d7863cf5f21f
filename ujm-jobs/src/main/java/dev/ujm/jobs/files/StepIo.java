package dev.ujm.jobs.files;

import dev.ujm.core.files.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** What a running step may read and write. Given by {@link FileProcessRun} to one step. */
interface StepIo {
  /** The file this step works on. */
  StoredFile input();

  /** The files earlier steps of this job wrote, in order. */
  List<StoredFile> outputs();

  /**
   * Opens a stored file; its bytes count towards the job's progress, and reading stops with a
   * {@link java.util.concurrent.CancellationException} once the job is cancelled.
   */
  InputStream open(StoredFile file) throws IOException;

  /** Writes a new file of the job's owner; the content is bounded by {@code UJM_MAX_FILE_BYTES}. */
  StoredFile write(String name, String contentType, Content content)
      throws IOException, StepFailedException;

  /** Writes a file's content. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException, StepFailedException;
  }

  /** The input cannot be processed by this step (not CSV, not an image, …); fails the job. */
  final class StepFailedException extends Exception {
    StepFailedException(String message) {
      super(message);
    }
  }
}
