package dev.ujm.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.memory.InMemoryJobStore;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How an application uses UJM in-process: its own job type, registered in code, run by the embedded
 * workers.
 */
class UjmLibraryUsageTest {

  /** The application's payload: a list of numbers to add up. */
  record SumRequest(List<Integer> numbers) {}

  /** The application's job type. */
  static JobDefinition<SumRequest> sumType() {
    return JobDefinition.<SumRequest>of(
            "sum",
            SumRequest.class,
            ctx -> {
              int total = 0;
              for (int i = 0; i < ctx.payload().numbers().size(); i++) {
                total += ctx.payload().numbers().get(i);
                ctx.progress(i + 1, ctx.payload().numbers().size(), "adding");
              }
              ctx.log().info("the sum is {}", total);
              return JobOutcome.completed(Map.of("sum", total));
            })
        .withValidator(
            request -> {
              if (request.numbers() == null || request.numbers().isEmpty()) {
                throw new InvalidPayloadException("numbers", "give at least one number");
              }
            });
  }

  @Test
  void an_application_registers_its_own_job_type_submits_a_job_and_reads_the_result() {
    JobStore store = new InMemoryJobStore(InstantSource.system());

    Job submitted;
    try (Ujm ujm = Ujm.builder().store(store).nodeId("app-1").register(sumType()).build().start()) {
      submitted =
          ujm.submit(NewJob.ofType("sum").payload(new SumRequest(List.of(1, 2, 3, 4))).build())
              .job();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ujm.jobs().get(submitted.id()).state() == JobState.COMPLETED);
      Job done = ujm.jobs().get(submitted.id());
      assertThat(done.result().get("sum").asInt()).isEqualTo(10);
      assertThat(ujm.types().typeNames()).contains("sum").doesNotContain("noop", "sleep");
      assertThat(ujm.workers().snapshot().pools())
          .extracting(p -> p.queue())
          .containsExactly("sum");
    }

    // Closing UJM stopped its workers but left the store open: the application owns it.
    assertThat(store.get(submitted.id())).isPresent();
    assertThat(store.isReady()).isTrue();
  }

  @Test
  void the_diagnostic_types_come_only_when_asked_for() {
    JobStore store = new InMemoryJobStore(InstantSource.system());
    try (Ujm ujm = Ujm.builder().store(store).diagnosticTypes(true).build().start()) {
      assertThat(ujm.types().typeNames()).contains("noop", "echo", "sleep", "flaky");
    }
  }

  @Test
  void a_bad_payload_is_refused_before_anything_is_stored() {
    JobStore store = new InMemoryJobStore(InstantSource.system());
    try (Ujm ujm = Ujm.builder().store(store).register(sumType()).build().start()) {
      Throwable refused =
          catchThrowable(
              () -> ujm.submit(NewJob.ofType("sum").payload(new SumRequest(List.of())).build()));

      assertThat(refused).isInstanceOf(InvalidJobException.class);
      assertThat(((InvalidJobException) refused).field()).isEqualTo("payload.numbers");
      assertThat(store.stats().totals()).isEmpty();
    }
  }

  /**
   * The bad inputs the foundation issue names: an unknown type, a payload its type refuses, a
   * negative timeout.
   */
  static Stream<Arguments> badJobs() {
    return Stream.of(
        Arguments.of(
            "unknown type",
            NewJob.ofType("no-such-type").build(),
            InvalidJobException.Reason.UNKNOWN_TYPE,
            "type"),
        Arguments.of(
            "payload failing validation",
            NewJob.ofType("sum").payload(new SumRequest(List.of())).build(),
            InvalidJobException.Reason.INVALID_PAYLOAD,
            "payload.numbers"),
        Arguments.of(
            "negative timeout",
            NewJob.ofType("sum").payload(new SumRequest(List.of(1))).timeoutSeconds(-5).build(),
            InvalidJobException.Reason.INVALID_OPTION,
            "timeoutSeconds"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badJobs")
  void bad_input_is_refused_with_a_clear_exception_and_nothing_is_stored_alone_or_in_a_batch(
      String what, NewJob bad, InvalidJobException.Reason reason, String field) {
    JobStore store = new InMemoryJobStore(InstantSource.system());
    try (Ujm ujm = Ujm.builder().store(store).register(sumType()).build().start()) {
      NewJob good = NewJob.ofType("sum").payload(new SumRequest(List.of(1, 2))).build();

      Throwable alone = catchThrowable(() -> ujm.submit(bad));
      Throwable inBatch = catchThrowable(() -> ujm.jobs().submitAll(List.of(good, bad)));

      for (Throwable refused : List.of(alone, inBatch)) {
        assertThat(refused).isInstanceOf(InvalidJobException.class).message().isNotBlank();
        assertThat(((InvalidJobException) refused).reason()).isEqualTo(reason);
        assertThat(((InvalidJobException) refused).field()).isEqualTo(field);
      }
      assertThat(store.stats().totals().values()).allMatch(count -> count == 0);
    }
  }
}
