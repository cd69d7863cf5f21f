package dev.ujm.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Priority;
import java.time.Instant;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Fluent checks of a {@link Job} snapshot with messages that name the job and the field. */
public final class JobAssert extends AbstractAssert<JobAssert, Job> {

  public JobAssert(Job actual) {
    super(actual, JobAssert.class);
  }

  public JobAssert hasState(JobState expected) {
    return field("state", actual.state(), expected);
  }

  public JobAssert hasAttempt(int expected) {
    return field("attempt", actual.attempt(), expected);
  }

  public JobAssert hasMaxAttempts(int expected) {
    return field("maxAttempts", actual.maxAttempts(), expected);
  }

  public JobAssert hasPriority(Priority expected) {
    return field("priority", actual.priority(), expected);
  }

  public JobAssert hasQueue(String expected) {
    return field("queue", actual.queue(), expected);
  }

  public JobAssert hasType(String expected) {
    return field("type", actual.type(), expected);
  }

  public JobAssert hasRunAt(Instant expected) {
    return field("runAt", actual.runAt(), expected);
  }

  public JobAssert hasResult(JsonNode expected) {
    return field("result", actual.result(), expected);
  }

  public JobAssert hasCheckpoint(JsonNode expected) {
    return field("checkpoint", actual.checkpoint(), expected);
  }

  /** Processing under this worker with a lease running until the given instant. */
  public JobAssert isLeasedBy(String workerId, Instant until) {
    hasState(JobState.PROCESSING);
    field("workerId", actual.workerId(), workerId);
    return field("leaseUntil", actual.leaseUntil(), until);
  }

  /** No lease: {@code leaseUntil} is null. */
  public JobAssert hasNoLease() {
    return field("leaseUntil", actual.leaseUntil(), null);
  }

  public JobAssert hasErrorCount(int expected) {
    return field("number of errors", actual.errors().size(), expected);
  }

  public JobAssert hasLastErrorType(String expected) {
    isNotNull();
    if (actual.lastError() == null) {
      failWithMessage(
          "Expected job %s to have a last error of type <%s> but it has no errors",
          actual.id(), expected);
    }
    return field("last error type", actual.lastError().type(), expected);
  }

  public JobAssert isFinal() {
    isNotNull();
    if (!actual.state().isFinal()) {
      failWithMessage(
          "Expected job %s to be in a final state but it is <%s>", actual.id(), actual.state());
    }
    return this;
  }

  public JobAssert isNotFinal() {
    isNotNull();
    if (actual.state().isFinal()) {
      failWithMessage(
          "Expected job %s not to be in a final state but it is <%s>", actual.id(), actual.state());
    }
    return this;
  }

  public JobAssert isFinishedAt(Instant expected) {
    return field("finishedAt", actual.finishedAt(), expected);
  }

  public JobAssert isUnfinished() {
    return field("finishedAt", actual.finishedAt(), null);
  }

  private JobAssert field(String name, Object value, Object expected) {
    isNotNull();
    if (!Objects.equals(value, expected)) {
      failWithActualExpectedAndMessage(
          value,
          expected,
          "Expected job %s to have %s <%s> but it was <%s>",
          actual.id(),
          name,
          expected,
          value);
    }
    return this;
  }
}
