package dev.ujm.test;

import dev.ujm.core.model.Job;
import org.assertj.core.api.Assertions;

/**
 * AssertJ's entry point plus UJM's own assertions, so one static import serves a whole test: {@code
 * assertThat(job).hasState(COMPLETED)} next to {@code assertThat(list).hasSize(3)}.
 */
public class UjmAssertions extends Assertions {
  /** Not meant to be instantiated; extensible only to add more entry points. */
  protected UjmAssertions() {}

  /** Assertions on one job snapshot. */
  public static JobAssert assertThat(Job actual) {
    return new JobAssert(actual);
  }
}
