package dev.ujm.jobs.files;

import java.util.List;

/**
 * What a {@code file-process} job is asked to do: run named steps, in order, on a stored file of
 * its owner. Each step reads the output of the step before it (or, with {@code "from": "source"},
 * the original file); a step that writes no file (checksum) passes its input on. Checked at submit
 * by {@link FileProcessPayloadValidator}. Immutable.
 *
 * @param fileId the file to process
 * @param steps the pipeline, 1 to {@value FileProcessPayloadValidator#MAX_STEPS} steps
 */
public record FileProcessPayload(String fileId, List<Step> steps) {
  public FileProcessPayload {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /**
   * One step and its options (each step reads only its own).
   *
   * @param name {@code checksum}, {@code extract-text}, {@code csv-to-json}, {@code json-to-csv},
   *     {@code resize}, {@code thumbnail}, {@code gzip} or {@code zip}
   * @param from {@code previous} (default) or {@code source}
   * @param algorithm checksum: {@code sha-256} (default), {@code sha-512}, {@code sha-1}, {@code
   *     md5}
   * @param delimiter csv-to-json and json-to-csv: one character, {@code ,} by default
   * @param width resize and thumbnail: the largest width (thumbnail default 128)
   * @param height resize and thumbnail: the largest height (thumbnail default 128)
   */
  public record Step(
      String name, String from, String algorithm, String delimiter, Integer width, Integer height) {
    public static Step named(String name) {
      return new Step(name, null, null, null, null, null);
    }

    /** Whether the step reads the original file rather than the previous step's output. */
    public boolean fromSource() {
      return "source".equals(from);
    }
  }
}
