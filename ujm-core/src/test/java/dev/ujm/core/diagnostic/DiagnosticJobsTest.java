package dev.ujm.core.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The diagnostic types refuse bad payloads before anything is stored, and only a builder that asks
 * for them gets them.
 */
class DiagnosticJobsTest {
  private final JobEnvironment environment = new JobEnvironment(InstantSource.system(), Map.of());
  private final JobTypeRegistry types = register(new DiagnosticJobs().definitions(environment));

  private static JobTypeRegistry register(
      java.util.List<dev.ujm.core.handler.JobDefinition<?>> all) {
    JobTypeRegistry registry = new JobTypeRegistry();
    all.forEach(registry::register);
    return registry;
  }

  private NewJob validate(String type, String payloadJson) throws Exception {
    JsonNode payload = payloadJson == null ? null : Json.mapper().readTree(payloadJson);
    return types.validate(
        NewJob.ofType(type).payload(payload).build(), Instant.parse("2026-01-01T00:00:00Z"));
  }

  private InvalidJobException refusal(String type, String payloadJson) {
    Throwable thrown = catchThrowable(() -> validate(type, payloadJson));
    assertThat(thrown).isInstanceOf(InvalidJobException.class);
    return (InvalidJobException) thrown;
  }

  @Test
  void the_module_is_not_on_the_class_path_and_brings_the_four_types_when_asked_for() {
    assertThat(new JobTypeRegistry().loadModules(environment).typeNames())
        .doesNotContain("noop", "echo", "sleep", "flaky");
    assertThat(types.typeNames()).contains("noop", "echo", "sleep", "flaky");
  }

  @Test
  void noop_and_echo_accept_any_json_object() throws Exception {
    assertThat(validate("noop", null).payload().isObject()).isTrue();
    assertThat(validate("echo", "{\"any\":[1,2,{\"deep\":true}]}").payload().get("any").size())
        .isEqualTo(3);
  }

  @Test
  void echo_refuses_a_payload_that_is_not_an_object() {
    assertThatThrownBy(() -> validate("echo", "[1,2]")).isInstanceOf(InvalidJobException.class);
  }

  @Test
  void sleep_needs_ms_from_zero_to_one_day() throws Exception {
    assertThat(validate("sleep", "{\"ms\":0}").payload().get("ms").asLong()).isZero();
    assertThat(validate("sleep", "{\"ms\":86400000}").payload().get("ms").asLong())
        .isEqualTo(SleepJob.MAX_MS);

    assertThat(refusal("sleep", "{\"ms\":-1}").field()).isEqualTo("payload.ms");
    assertThat(refusal("sleep", "{\"ms\":86400001}").field()).isEqualTo("payload.ms");
    assertThat(refusal("sleep", "{}").field()).isEqualTo("payload.ms");
    assertThat(refusal("sleep", "{}").getMessage()).contains("ms is required");
    assertThat(refusal("sleep", "{\"ms\":\"soon\"}").field()).isEqualTo("payload.ms");
    assertThat(refusal("sleep", "{\"ms\":10,\"extra\":1}").field()).isEqualTo("payload.extra");
  }

  @Test
  void flaky_needs_fail_times_of_zero_or_more() throws Exception {
    assertThat(validate("flaky", "{\"failTimes\":0}").payload().get("failTimes").asInt()).isZero();

    assertThat(refusal("flaky", "{\"failTimes\":-1}").field()).isEqualTo("payload.failTimes");
    assertThat(refusal("flaky", "{\"failTimes\":-1}").reason())
        .isEqualTo(InvalidJobException.Reason.INVALID_PAYLOAD);
    assertThat(refusal("flaky", "{}").field()).isEqualTo("payload.failTimes");
  }
}
