package dev.ujm.jobs.files;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.handler.JobEnvironment;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits of file handling, read from the environment. Immutable.
 *
 * @param maxFileBytes the largest file stored, uploaded or produced ({@code UJM_MAX_FILE_BYTES})
 * @param maxTextChars the most characters text extraction writes ({@code
 *     UJM_FILE_PROCESS_MAX_TEXT_CHARS}); the rest is cut and the step says so
 * @param maxImagePixels the largest image decoded ({@code UJM_FILE_PROCESS_MAX_PIXELS}), against
 *     images built to exhaust memory
 */
public record FileProcessSettings(long maxFileBytes, long maxTextChars, long maxImagePixels) {

  /**
   * @throws ConfigException naming every bad value
   */
  public static FileProcessSettings from(JobEnvironment env) {
    List<String> problems = new ArrayList<>();
    long maxFile = number(env, "UJM_MAX_FILE_BYTES", 100L << 20, 1, 1L << 40, problems);
    long maxText =
        number(env, "UJM_FILE_PROCESS_MAX_TEXT_CHARS", 10_000_000, 1, 1L << 31, problems);
    long maxPixels = number(env, "UJM_FILE_PROCESS_MAX_PIXELS", 50_000_000, 1, 1L << 32, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new FileProcessSettings(maxFile, maxText, maxPixels);
  }

  static long number(
      JobEnvironment env, String name, long fallback, long min, long max, List<String> problems) {
    String raw = env.setting(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(raw.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(name + "='" + raw + "' must be a whole number from " + min + " to " + max);
    return fallback;
  }
}
