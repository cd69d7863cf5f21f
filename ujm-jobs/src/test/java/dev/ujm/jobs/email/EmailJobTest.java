package dev.ujm.jobs.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobQuery;
import dev.ujm.jobs.JobsRuntime;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** E-mail jobs run by the worker runtime against a real SMTP server (GreenMail) on 127.0.0.1. */
class EmailJobTest {
  @TempDir Path templates;
  private MailServer mail;
  private JobsRuntime node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (mail != null) {
      mail.close();
    }
  }

  private JobsRuntime nodeSendingTo(int port) {
    return nodeSendingTo(port, Map.of());
  }

  private JobsRuntime nodeSendingTo(int port, Map<Class<?>, Object> services) {
    Map<String, String> s = new HashMap<>();
    s.put("UJM_SMTP_HOST", "127.0.0.1");
    s.put("UJM_SMTP_PORT", String.valueOf(port));
    s.put("UJM_SMTP_SECURITY", "none");
    s.put("UJM_SMTP_FROM", "UJM <jobs@example.test>");
    s.put("UJM_SMTP_TIMEOUT_MS", "2000");
    s.put("UJM_SMTP_MAX_RECIPIENTS", "3");
    s.put("UJM_SMTP_TEMPLATES_DIR", templates.toString());
    node = JobsRuntime.start(s, services);
    return node;
  }

  @Test
  void a_plain_message_is_sent_with_a_message_id_derived_from_the_job_id() throws Exception {
    mail = MailServer.started();
    JobsRuntime ujm = nodeSendingTo(mail.port());

    String id =
        ujm.submit(
            "email",
            Map.of("to", List.of("ada@example.test"), "subject", "Hello", "text", "Hi Ada"));
    Job done = ujm.awaitFinal(id);

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(mail.received()).hasSize(1);
    MimeMessage message = mail.received().get(0);
    assertThat(message.getMessageID()).isEqualTo("<" + id + "@example.test>");
    assertThat(message.getSubject()).isEqualTo("Hello");
    assertThat(message.getFrom()[0].toString()).isEqualTo("UJM <jobs@example.test>");
    assertThat(message.getRecipients(Message.RecipientType.TO)[0].toString())
        .isEqualTo("ada@example.test");
    assertThat(((String) message.getContent()).strip()).isEqualTo("Hi Ada");
    assertThat(done.result().get("messageId").asText()).isEqualTo("<" + id + "@example.test>");
    assertThat(done.result().get("recipients").asInt()).isEqualTo(1);
  }

  @Test
  void text_and_html_together_are_sent_as_alternatives() throws Exception {
    mail = MailServer.started();
    JobsRuntime ujm = nodeSendingTo(mail.port());

    String id =
        ujm.submit(
            "email",
            Map.of(
                "to", List.of("ada@example.test"),
                "cc", List.of("Grace <grace@example.test>"),
                "subject", "Both",
                "text", "plain words",
                "html", "<p><b>bold</b> words</p>"));
    ujm.awaitFinal(id);

    assertThat(mail.received()).hasSize(2); // one copy per mailbox
    MimeMessage message = mail.received().get(0);
    assertThat(message.getContentType()).startsWith("multipart/alternative");
    Multipart parts = (Multipart) message.getContent();
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) parts.getBodyPart(1).getContent()).contains("<b>bold</b>");
    assertThat(message.getHeader("Cc")[0]).contains("grace@example.test");
  }

  @Test
  void a_template_is_rendered_with_its_model_escaping_values_only_in_html() throws Exception {
    Files.writeString(templates.resolve("welcome.txt.mustache"), "Welcome, {{name}}!");
    Files.writeString(
        templates.resolve("welcome.html.mustache"),
        "<h1>Welcome, {{name}}!</h1>{{#items}}<li>{{.}}</li>{{/items}}");
    mail = MailServer.started();
    JobsRuntime ujm = nodeSendingTo(mail.port());

    String id =
        ujm.submit(
            "email",
            Map.of(
                "to",
                List.of("ada@example.test"),
                "subject",
                "Hi {{name}}",
                "template",
                "welcome",
                "model",
                Map.of("name", "Ada <3>", "items", List.of("one", "two"))));
    ujm.awaitFinal(id);

    MimeMessage message = mail.received().get(0);
    assertThat(message.getSubject()).isEqualTo("Hi Ada <3>");
    Multipart parts = (Multipart) message.getContent();
    assertThat((String) parts.getBodyPart(0).getContent()).isEqualTo("Welcome, Ada <3>!");
    assertThat((String) parts.getBodyPart(1).getContent())
        .isEqualTo("<h1>Welcome, Ada &lt;3&gt;!</h1><li>one</li><li>two</li>");
  }

  @Test
  void the_result_of_another_job_of_the_same_owner_is_attached_as_json() throws Exception {
    mail = MailServer.started();
    JobsRuntime ujm = nodeSendingTo(mail.port());
    String echo = ujm.submit("echo", Map.of("answer", 42));

    String id =
        ujm.submit(
            NewJob.ofType("email")
                .payload(
                    Map.of(
                        "to",
                        List.of("ada@example.test"),
                        "subject",
                        "Your result",
                        "text",
                        "attached",
                        "attachments",
                        List.of(Map.of("resultOf", echo))))
                .tenant("t1")
                .owner("alice")
                .dependsOn(List.of(echo)));
    Job done = ujm.awaitFinal(id);

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    Multipart mixed = (Multipart) mail.received().get(0).getContent();
    assertThat(mixed.getCount()).isEqualTo(2);
    Part attachment = mixed.getBodyPart(1);
    assertThat(attachment.getFileName()).isEqualTo("echo-" + echo + ".json");
    assertThat(new String(attachment.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("\"answer\" : 42");
  }

  @Test
  void a_stored_file_and_the_output_files_of_a_finished_job_are_attached() throws Exception {
    mail = MailServer.started();
    FileStore files =
        DataDirectoryFileStore.open(templates.resolve("files"), InstantSource.system());
    JobsRuntime ujm = nodeSendingTo(mail.port(), Map.of(FileStore.class, files));
    StoredFile csv =
        files.put(
            new NewFile("t1", "alice", "data.csv", "text/csv", null, 1 << 20),
            new ByteArrayInputStream("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
    String converted =
        ujm.submit(
            "file-process",
            Map.of("fileId", csv.id(), "steps", List.of(Map.of("name", "csv-to-json"))));
    ujm.awaitFinal(converted);

    String id =
        ujm.submit(
            "email",
            Map.of(
                "to",
                List.of("ada@example.test"),
                "subject",
                "Files",
                "text",
                "two files",
                "attachments",
                List.of(
                    Map.of("fileId", csv.id(), "name", "table.csv"),
                    Map.of("resultOf", converted))));
    Job done = ujm.awaitFinal(id);

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    Multipart mixed = (Multipart) mail.received().get(0).getContent();
    assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("table.csv");
    assertThat(mixed.getBodyPart(2).getFileName()).isEqualTo("data.json");
    assertThat(
            new String(
                mixed.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("[{\"a\":\"1\",\"b\":\"2\"}]");
  }

  @Test
  void a_job_of_another_owner_is_not_attached_and_the_message_fails_for_good() {
    mail = MailServer.started();
    JobsRuntime ujm = nodeSendingTo(mail.port());
    String bobs =
        ujm.submit(NewJob.ofType("echo").payload(Map.of("secret", 1)).tenant("t1").owner("bob"));
    ujm.awaitFinal(bobs);

    String id =
        ujm.submit(
            "email",
            Map.of(
                "to",
                List.of("ada@example.test"),
                "subject",
                "Steal",
                "text",
                "x",
                "attachments",
                List.of(Map.of("resultOf", bobs))));
    Job failed = ujm.awaitFinal(id);

    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.lastError().type()).isEqualTo("email.attachment-not-found");
    assertThat(failed.errors()).hasSize(1);
    assertThat(mail.received()).isEmpty();
  }

  @Test
  void a_server_that_refuses_with_421_is_tried_again_and_the_message_is_sent_once()
      throws Exception {
    mail = MailServer.started();
    try (RefusingSmtpProxy busy = new RefusingSmtpProxy(1, mail.port())) {
      JobsRuntime ujm = nodeSendingTo(busy.port());

      String id =
          ujm.submit(
              "email", Map.of("to", List.of("ada@example.test"), "subject", "Later", "text", "x"));
      Job done = ujm.awaitFinal(id);

      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.attempt()).isEqualTo(2);
      assertThat(done.errors()).hasSize(1);
      assertThat(done.errors().get(0).message()).contains("421");
      assertThat(busy.connections()).isEqualTo(2);
      assertThat(mail.received()).hasSize(1);
    }
  }

  @Test
  void while_the_server_is_down_attempts_fail_and_are_retried_with_backoff_until_it_is_up() {
    mail = MailServer.reserved();
    JobsRuntime ujm = nodeSendingTo(mail.port());

    String id =
        ujm.submit(
            NewJob.ofType("email")
                .payload(Map.of("to", List.of("ada@example.test"), "subject", "Up?", "text", "x"))
                .tenant("t1")
                .owner("alice")
                .maxAttempts(20));
    Job waiting = ujm.awaitJob(id, j -> j.state() == JobState.SCHEDULED);
    mail.start();
    Job done = ujm.awaitFinal(id);

    assertThat(waiting.errors().get(0).message()).containsIgnoringCase("connect");
    assertThat(waiting.runAt()).isAfterOrEqualTo(waiting.lastError().at().plusMillis(200));
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(mail.received()).hasSize(1);
  }

  @Test
  void bad_payloads_are_refused_at_submit_naming_the_field_and_nothing_is_stored()
      throws Exception {
    Files.writeString(templates.resolve("bill.txt.mustache"), "You owe {{amount}}");
    JobsRuntime ujm = nodeSendingTo(MailServer.reserved().port());
    List<Map.Entry<String, Map<String, Object>>> bad = new java.util.ArrayList<>();
    bad.add(Map.entry("payload.to", Map.of("subject", "s", "text", "t")));
    bad.add(
        Map.entry(
            "payload.to", Map.of("to", List.of("not an address"), "subject", "s", "text", "t")));
    bad.add(
        Map.entry(
            "payload.cc",
            Map.of(
                "to",
                List.of("a@x.test"),
                "cc",
                List.of("b@x.test\r\nBcc: c@x.test"),
                "subject",
                "s",
                "text",
                "t")));
    bad.add(
        Map.entry(
            "payload.to",
            Map.of(
                "to", List.of("a@x.test", "b@x.test", "c@x.test", "d@x.test"),
                "subject", "s",
                "text", "t")));
    bad.add(
        Map.entry(
            "payload.subject", Map.of("to", List.of("a@x.test"), "subject", "a\nb", "text", "t")));
    bad.add(Map.entry("payload.text", Map.of("to", List.of("a@x.test"), "subject", "s")));
    bad.add(
        Map.entry(
            "payload.template",
            Map.of("to", List.of("a@x.test"), "subject", "s", "template", "../../etc/passwd")));
    bad.add(
        Map.entry(
            "payload.template",
            Map.of(
                "to", List.of("a@x.test"), "subject", "s", "template", "bill", "model", Map.of())));
    bad.add(
        Map.entry(
            "payload.attachments[0]",
            Map.of(
                "to",
                List.of("a@x.test"),
                "subject",
                "s",
                "text",
                "t",
                "attachments",
                List.of(Map.of("resultOf", "a", "fileId", "b")))));
    bad.add(Map.entry("payload.from", Map.of("to", List.of("a@x.test"), "from", "ceo@x.test")));

    for (var entry : bad) {
      assertThatThrownBy(() -> ujm.submit("email", entry.getValue()))
          .as(entry.getValue().toString())
          .isInstanceOfSatisfying(
              InvalidJobException.class, e -> assertThat(e.field()).isEqualTo(entry.getKey()));
    }
    assertThat(ujm.store().find(JobQuery.all(10)).items()).isEmpty();
  }

  @Test
  void a_node_without_smtp_settings_refuses_email_jobs_with_one_sentence() {
    node = JobsRuntime.start(Map.of());

    assertThatThrownBy(
            () ->
                node.submit(
                    "email", Map.of("to", List.of("a@x.test"), "subject", "s", "text", "t")))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("set UJM_SMTP_HOST and UJM_SMTP_FROM");
  }
}
