package dev.ujm.test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import java.time.Instant;

/**
 * Readable starting points for tests: {@code aJob().priority(HIGH).build()}. Every builder is
 * fresh, so tests can change it freely.
 */
public final class JobFixtures {
  private JobFixtures() {}

  /** A {@code noop} job with an empty payload and every other option left to the defaults. */
  public static NewJob.Builder aJob() {
    return aJob("noop");
  }

  /** A job of the given type with an empty payload and every other option left to the defaults. */
  public static NewJob.Builder aJob(String type) {
    return NewJob.ofType(type).payload(JsonNodeFactory.instance.objectNode());
  }

  /** A job of the given queue (type {@code noop}). */
  public static NewJob.Builder aJobIn(String queue) {
    return aJob().queue(queue);
  }

  /** An empty JSON object, for payloads, results and checkpoints. */
  public static ObjectNode json() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A one-field JSON object: {@code json("page", 3)}. */
  public static ObjectNode json(String field, Object value) {
    ObjectNode node = json();
    node.set(field, Json.mapper().valueToTree(value));
    return node;
  }

  /** A failure of the given attempt, as a worker reports it. */
  public static JobError anError(String type, int attempt, Instant at) {
    return new JobError(type, type + " in attempt " + attempt, attempt, at);
  }
}
