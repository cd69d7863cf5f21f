package dev.ujm.jobs.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.Json;
import dev.ujm.test.TestJobContext;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An attempt that follows one cut off after the send completes without sending again. */
class EmailResumeTest {
  @Test
  void an_attempt_finding_the_sent_checkpoint_completes_without_a_second_message()
      throws Exception {
    try (MailServer mail = MailServer.started()) {
      JobDefinition<EmailPayload> email =
          EmailJobHandler.definition(
              new JobEnvironment(
                  InstantSource.system(),
                  Map.of(
                      "UJM_SMTP_HOST", "127.0.0.1",
                      "UJM_SMTP_PORT", String.valueOf(mail.port()),
                      "UJM_SMTP_SECURITY", "none",
                      "UJM_SMTP_FROM", "jobs@example.test")));
      JsonNode json =
          Json.mapper()
              .valueToTree(Map.of("to", List.of("ada@example.test"), "subject", "s", "text", "t"));
      EmailPayload payload = JobTypeRegistry.mapPayload(email, json);
      TestJobContext<EmailPayload> first = TestJobContext.firstAttempt("email", payload);

      JobOutcome sent = email.handler().run(first);
      TestJobContext<EmailPayload> second = first.nextAttempt(first.checkpointNow());
      JobOutcome again = email.handler().run(second);

      assertThat(sent).isInstanceOf(JobOutcome.Completed.class);
      assertThat(mail.received()).hasSize(1);
      JsonNode result = ((JobOutcome.Completed) again).result();
      assertThat(result.get("resumed").asBoolean()).isTrue();
      assertThat(result.get("messageId").asText())
          .isEqualTo("<" + first.job().id() + "@example.test>");
    }
  }
}
