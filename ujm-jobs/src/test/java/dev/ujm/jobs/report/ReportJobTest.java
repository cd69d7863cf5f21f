package dev.ujm.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.jobs.JobsRuntime;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports over the jobs of a real runtime, rendered to CSV and PDF files that are read back. */
class ReportJobTest {
  @TempDir Path dir;
  private FileStore files;
  private JobsRuntime ujm;

  @BeforeEach
  void start() {
    files = DataDirectoryFileStore.open(dir.resolve("files"), InstantSource.system());
    ujm = JobsRuntime.start(Map.of(), Map.of(FileStore.class, files));
  }

  @AfterEach
  void stop() {
    ujm.close();
  }

  @Test
  void a_report_counts_the_submitters_jobs_per_type_and_renders_csv_and_a_pdf_with_its_table()
      throws Exception {
    for (int i = 0; i < 3; i++) {
      ujm.awaitFinal(ujm.submit("echo", Map.of("i", i)));
    }
    ujm.awaitFinal(ujm.submit("flaky", Map.of("failTimes", 1)));
    String cancelled =
        ujm.submit(
            NewJob.ofType("noop")
                .tenant("t1")
                .owner("alice")
                .runAt(Instant.now().plusSeconds(3600)));
    ujm.ujm().jobs().cancel(cancelled, "test");
    ujm.awaitFinal(ujm.submit(NewJob.ofType("echo").payload(Map.of()).tenant("t1").owner("bob")));
    Instant now = Instant.now();

    Job report =
        ujm.awaitFinal(
            ujm.submit(
                "report",
                Map.of(
                    "title",
                    "Weekly jobs",
                    "from",
                    now.minusSeconds(3600).toString(),
                    "to",
                    now.toString())));

    assertThat(report.state()).isEqualTo(JobState.COMPLETED);
    JsonNode result = report.result();
    assertThat(result.get("jobsRead").asInt()).isEqualTo(5); // bob's echo is not alice's
    List<CSVRecord> csv = csv(file(result, "text/csv"));
    assertThat(csv).extracting(r -> r.get("type")).containsExactly("echo", "flaky", "noop");
    assertThat(csv.get(0).get("jobs")).isEqualTo("3");
    assertThat(csv.get(0).get("completed")).isEqualTo("3");
    assertThat(csv.get(1).get("failedAttempts")).isEqualTo("1");
    assertThat(csv.get(2).get("cancelled")).isEqualTo("1");
    assertThat(csv.get(0).get("meanSeconds")).isNotEmpty();
    String pdf = pdfText(file(result, "application/pdf"));
    assertThat(pdf)
        .contains(
            "Weekly jobs",
            "Jobs created from",
            "echo",
            "flaky",
            "noop",
            "completed",
            "failedAttempts");
    assertThat(pdf).containsPattern("echo\\s+3\\s+3\\s+0\\s+0\\s+0\\s+0");
  }

  @Test
  void a_report_resumed_after_its_csv_was_written_writes_only_the_pdf_from_the_same_numbers()
      throws Exception {
    var env =
        new dev.ujm.core.handler.JobEnvironment(InstantSource.system(), Map.of())
            .with(FileStore.class, files)
            .with(dev.ujm.core.store.JobStore.class, ujm.store());
    var report = ReportJobHandler.definition(env);
    ReportPayload payload = new ReportPayload("Resumed", null, null, null, null, null, null);
    var first = dev.ujm.test.TestJobContext.firstAttempt("report", payload);
    var rows =
        new ReportSource.Rows(
            List.of(new ReportRow(List.of("echo"), 4, 4, 0, 0, 0, 0, 0.1, 0.2)), 4, false);
    Instant to = Instant.parse("2026-12-01T00:00:00Z");
    var csvWritten =
        files.put(
            new dev.ujm.core.files.NewFile(
                null, null, "earlier.csv", "text/csv", first.job().id(), 1 << 20),
            new java.io.ByteArrayInputStream("type\n".getBytes(StandardCharsets.UTF_8)));
    var checkpoint =
        dev.ujm.core.model.Json.mapper()
            .valueToTree(
                new ReportJobHandler.Checkpoint(
                    to.minusSeconds(86_400),
                    to,
                    rows,
                    Map.of("csv", dev.ujm.jobs.files.FileRef.of(csvWritten))));

    var outcome = report.handler().run(first.nextAttempt(checkpoint));

    JsonNode result = ((dev.ujm.core.handler.JobOutcome.Completed) outcome).result();
    assertThat(result.get("files").findValuesAsText("name"))
        .containsExactly("earlier.csv", "report-2026-11-30T000000Z-2026-12-01T000000Z.pdf");
    assertThat(pdfText(file(result, "application/pdf"))).contains("Resumed", "echo");
    assertThat(result.get("jobsRead").asInt()).isEqualTo(4);
  }

  @Test
  void bad_report_payloads_are_refused_at_submit() {
    assertThatThrownBy(() -> ujm.submit("report", Map.of("groupBy", List.of("tenant"))))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("payload.groupBy"));
    assertThatThrownBy(() -> ujm.submit("report", Map.of("formats", List.of("xlsx"))))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("payload.formats"));
    assertThatThrownBy(
            () ->
                ujm.submit(
                    "report", Map.of("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z")))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("payload.from"));
  }

  private byte[] file(JsonNode result, String type) throws Exception {
    for (JsonNode f : result.get("files")) {
      if (f.get("contentType").asText().equals(type)) {
        try (InputStream in = files.open(f.get("id").asText())) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError("no " + type + " in " + result.get("files"));
  }

  private static List<CSVRecord> csv(byte[] bytes) throws Exception {
    return CSVFormat.DEFAULT
        .builder()
        .setHeader()
        .setSkipHeaderRecord(true)
        .get()
        .parse(
            new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8))
        .getRecords();
  }

  private static String pdfText(byte[] bytes) throws Exception {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      return new PDFTextStripper().getText(doc);
    }
  }
}
