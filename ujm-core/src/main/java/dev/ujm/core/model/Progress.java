package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How far a running job has come. Every field is optional.
 *
 * @param percent 0 to 100, or null when unknown
 * @param message what it is doing now
 * @param current units done
 * @param total units planned
 * @param etaSeconds estimated seconds left
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Progress(Integer percent, String message, Long current, Long total, Long etaSeconds) {
  public Progress {
    if (percent != null && (percent < 0 || percent > 100)) {
      throw new IllegalArgumentException("percent must be 0 to 100, not " + percent);
    }
  }

  public static Progress of(long current, long total, String message) {
    int percent = total <= 0 ? 0 : (int) Math.min(100, current * 100 / total);
    return new Progress(percent, message, current, total, null);
  }
}
