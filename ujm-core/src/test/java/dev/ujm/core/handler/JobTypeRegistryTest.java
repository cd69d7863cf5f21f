package dev.ujm.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobTypeRegistryTest {
  record Sleep(long ms) {}

  record Empty() {}

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final JobTypeRegistry registry =
      new JobTypeRegistry()
          .register(
              JobDefinition.of("sleep", Sleep.class, context -> JobOutcome.completed())
                  .withValidator(
                      p -> {
                        if (p.ms() < 0 || p.ms() > 60_000) {
                          throw new InvalidPayloadException("ms", "ms must be 0 to 60000");
                        }
                      })
                  .withDefaultTimeout(Duration.ofMinutes(2)))
          .register(JobDefinition.of("noop", Empty.class, context -> JobOutcome.completed()));

  private static JsonNode json(Map<String, ?> fields) {
    return Json.mapper().valueToTree(fields);
  }

  private static NewJob.Builder sleep(Object ms) {
    return NewJob.ofType("sleep").payload(json(Map.of("ms", ms)));
  }

  private void assertRejected(NewJob job, Reason reason, String field) {
    assertThatThrownBy(() -> registry.validate(job, NOW))
        .isInstanceOfSatisfying(
            InvalidJobException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  @Test
  void an_unknown_type_is_rejected_with_the_known_types_in_the_message() {
    assertRejected(NewJob.ofType("teleport").build(), Reason.UNKNOWN_TYPE, "type");
    assertThatThrownBy(() -> registry.validate(NewJob.ofType("teleport").build(), NOW))
        .hasMessageContaining("teleport")
        .hasMessageContaining("noop, sleep");
  }

  @Test
  void a_missing_type_is_rejected() {
    assertRejected(NewJob.ofType(null).build(), Reason.UNKNOWN_TYPE, "type");
  }

  @Test
  void a_payload_field_of_the_wrong_kind_is_rejected_by_name() {
    assertRejected(sleep("soon").build(), Reason.INVALID_PAYLOAD, "payload.ms");
  }

  @Test
  void an_unknown_payload_field_is_rejected_by_name() {
    assertRejected(
        NewJob.ofType("sleep").payload(json(Map.of("ms", 5, "extra", true))).build(),
        Reason.INVALID_PAYLOAD,
        "payload.extra");
  }

  @Test
  void a_missing_number_is_rejected_by_name() {
    assertRejected(NewJob.ofType("sleep").build(), Reason.INVALID_PAYLOAD, "payload.ms");
  }

  @Test
  void a_payload_that_fails_the_types_own_check_is_rejected() {
    assertRejected(sleep(-1).build(), Reason.INVALID_PAYLOAD, "payload.ms");
  }

  @Test
  void a_payload_that_is_not_an_object_is_rejected() {
    assertRejected(
        NewJob.ofType("sleep").payload(JsonNodeFactory.instance.arrayNode()).build(),
        Reason.INVALID_PAYLOAD,
        "payload");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 101})
  void max_attempts_outside_1_to_100_are_rejected(int attempts) {
    assertRejected(sleep(5).maxAttempts(attempts).build(), Reason.INVALID_OPTION, "maxAttempts");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100})
  void max_attempts_at_the_bounds_are_accepted(int attempts) {
    assertThat(registry.validate(sleep(5).maxAttempts(attempts).build(), NOW).maxAttempts())
        .isEqualTo(attempts);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5})
  void a_timeout_that_is_not_positive_is_rejected(int seconds) {
    assertRejected(
        sleep(5).timeoutSeconds(seconds).build(), Reason.INVALID_OPTION, "timeoutSeconds");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "slash/queue"})
  void a_bad_queue_name_is_rejected(String queue) {
    assertRejected(sleep(5).queue(queue).build(), Reason.INVALID_OPTION, "queue");
  }

  @Test
  void a_valid_job_gets_its_defaults_filled_in() {
    NewJob job = registry.validate(sleep(5).runAt(NOW.minusSeconds(1)).build(), NOW);

    assertThat(job.queue()).isEqualTo("sleep");
    assertThat(job.priority()).isEqualTo(Priority.MEDIUM);
    assertThat(job.maxAttempts()).isEqualTo(3);
    assertThat(job.timeoutSeconds()).isEqualTo(120);
    assertThat(job.runAt()).as("a run time already past means now").isNull();
  }

  @Test
  void given_options_win_over_the_defaults() {
    Instant later = NOW.plusSeconds(60);

    NewJob job =
        registry.validate(
            sleep(5)
                .queue("slow")
                .priority(Priority.LOW)
                .maxAttempts(7)
                .timeoutSeconds(9)
                .runAt(later)
                .build(),
            NOW);

    assertThat(job.queue()).isEqualTo("slow");
    assertThat(job.priority()).isEqualTo(Priority.LOW);
    assertThat(job.maxAttempts()).isEqualTo(7);
    assertThat(job.timeoutSeconds()).isEqualTo(9);
    assertThat(job.runAt()).isEqualTo(later);
  }

  @Test
  void a_missing_payload_becomes_an_empty_object() {
    NewJob job = registry.validate(NewJob.ofType("noop").build(), NOW);

    assertThat(job.payload()).isEqualTo(JsonNodeFactory.instance.objectNode());
    assertThat(job.timeoutSeconds()).isNull();
  }

  @Test
  void registering_a_type_again_replaces_it() {
    registry.register(JobDefinition.of("sleep", Sleep.class, context -> JobOutcome.completed()));

    assertThat(registry.typeNames()).containsExactly("noop", "sleep");
    assertThat(registry.validate(sleep(-1).build(), NOW).payload().get("ms").asLong())
        .isEqualTo(-1);
  }
}
