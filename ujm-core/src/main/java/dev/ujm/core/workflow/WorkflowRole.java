package dev.ujm.core.workflow;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a job is to its workflow. */
public enum WorkflowRole {
  /** One of the workflow's own jobs. */
  STEP,
  /** Runs once when every step completed, with the summary. */
  ON_COMPLETE,
  /** Runs once when every step ended and one did not complete, with the summary. */
  ON_FAILURE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static WorkflowRole parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
