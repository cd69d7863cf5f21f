package dev.ujm.jobs.files;

import dev.ujm.core.files.FileStore;
import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobDefinition.PayloadValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a file-process payload at submit: the node keeps files, the file id is well formed, there
 * are 1 to {@value #MAX_STEPS} steps, each with a known name and options that step understands
 * within their bounds. Whether the file exists and belongs to the submitter is checked when the job
 * runs (a validator does not know who submits). Reports every problem at once. Thread-safe.
 */
final class FileProcessPayloadValidator implements PayloadValidator<FileProcessPayload> {
  static final int MAX_STEPS = 20;
  static final int MAX_SIDE = 10_000;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  static final Set<String> ALGORITHMS = Set.of("sha-256", "sha-512", "sha-1", "md5");

  private final Optional<FileStore> files;

  FileProcessPayloadValidator(Optional<FileStore> files) {
    this.files = files;
  }

  @Override
  public void validate(FileProcessPayload p) throws InvalidPayloadException {
    if (files.isEmpty()) {
      throw new InvalidPayloadException(null, "this node keeps no files, so it cannot process one");
    }
    List<String[]> problems = new ArrayList<>();
    if (p.fileId() == null || !ID.matcher(p.fileId()).matches()) {
      problems.add(new String[] {"fileId", "fileId must name a stored file"});
    }
    if (p.steps().isEmpty() || p.steps().size() > MAX_STEPS) {
      problems.add(new String[] {"steps", "steps must hold 1 to " + MAX_STEPS + " steps"});
    }
    for (int i = 0; i < p.steps().size(); i++) {
      String problem = stepProblem(p.steps().get(i));
      if (problem != null) {
        problems.add(new String[] {"steps[" + i + "]", "steps[" + i + "]: " + problem});
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPayloadException(
          problems.get(0)[0], String.join("; ", problems.stream().map(x -> x[1]).toList()));
    }
  }

  private static String stepProblem(FileProcessPayload.Step s) {
    if (s == null || s.name() == null) {
      return "each step needs a name: one of " + FileSteps.NAMES;
    }
    if (!FileSteps.NAMES.contains(s.name())) {
      return "unknown step '" + s.name() + "'; known steps: " + FileSteps.NAMES;
    }
    if (s.from() != null && !s.from().equals("source") && !s.from().equals("previous")) {
      return "from must be 'previous' or 'source'";
    }
    boolean image = s.name().equals("resize") || s.name().equals("thumbnail");
    boolean csv = s.name().equals("csv-to-json") || s.name().equals("json-to-csv");
    if (s.algorithm() != null
        && (!s.name().equals("checksum") || !ALGORITHMS.contains(s.algorithm()))) {
      return "algorithm belongs to checksum and is one of " + ALGORITHMS;
    }
    if (s.delimiter() != null
        && (!csv || s.delimiter().length() != 1 || s.delimiter().equals("\""))) {
      return "delimiter belongs to csv-to-json and json-to-csv and is one character";
    }
    if ((s.width() != null || s.height() != null) && !image) {
      return "width and height belong to resize and thumbnail";
    }
    if (s.name().equals("resize") && s.width() == null && s.height() == null) {
      return "resize needs a width or a height";
    }
    for (Integer side : new Integer[] {s.width(), s.height()}) {
      if (side != null && (side < 1 || side > MAX_SIDE)) {
        return "width and height must be 1 to " + MAX_SIDE;
      }
    }
    return null;
  }
}
