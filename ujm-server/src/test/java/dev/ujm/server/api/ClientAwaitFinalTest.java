package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.api.JobView;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.client.UjmApiException;
import dev.ujm.core.model.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Java client waits for a job to finish over the long-poll, without polling. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAwaitFinalTest {
  @TempDir static Path dir;
  private ServerFixture ujm;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  @Test
  void await_final_returns_the_job_once_it_has_finished() {
    String id =
        ujm.admin()
            .submit(SubmitJobRequest.of("sleep", Json.mapper().createObjectNode().put("ms", 500)))
            .job()
            .id();

    Optional<JobView> done = ujm.admin().awaitFinal(id, Duration.ofSeconds(30));

    assertThat(done).hasValueSatisfying(job -> assertThat(job.state()).isEqualTo("completed"));
  }

  @Test
  void await_final_is_empty_when_the_timeout_runs_out_first() {
    String id =
        ujm.admin().submit(SubmitJobRequest.of("noop", null).withDelaySeconds(3600L)).job().id();

    assertThat(ujm.admin().awaitFinal(id, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void await_final_of_a_job_that_does_not_exist_throws_the_problem() {
    assertThatThrownBy(
            () ->
                ujm.admin()
                    .awaitFinal("01a2239d-4534-729f-96f3-2563e13cbf68", Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(UjmApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}
