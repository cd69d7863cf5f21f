package dev.ujm.client;

import dev.ujm.api.Problem;

/** The server answered with an error; {@link #problem()} is its problem body (RFC 9457). */
public final class UjmApiException extends RuntimeException {
  private final Problem problem;

  public UjmApiException(Problem problem) {
    super(
        problem.detail() != null
            ? problem.detail()
            : problem.title() + " (HTTP " + problem.status() + ")");
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public int status() {
    return problem.status();
  }

  /** The stable problem type URI, one of {@link dev.ujm.api.ProblemTypes}. */
  public String type() {
    return problem.type();
  }
}
