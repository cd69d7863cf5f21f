package dev.ujm.jobs.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileQuery;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.store.JobQuery;
import dev.ujm.jobs.JobsRuntime;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-process jobs run by the worker runtime on files in a real data directory. */
class FileProcessJobTest {
  static final String CSV = "name,count\ncrawl,12\n\"e-mail, sent\",3\n";

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

  static StoredFile upload(FileStore files, String owner, String name, byte[] content)
      throws IOException {
    return files.put(
        new NewFile("t1", owner, name, null, null, 1 << 20), new ByteArrayInputStream(content));
  }

  private byte[] read(JsonNode ref) throws IOException {
    try (InputStream in = files.open(ref.get("id").asText())) {
      return in.readAllBytes();
    }
  }

  private Job run(StoredFile source, List<Map<String, Object>> steps) {
    return ujm.awaitFinal(
        ujm.submit("file-process", Map.of("fileId", source.id(), "steps", steps)));
  }

  @Test
  void checksum_csv_to_json_and_gzip_run_in_order_and_their_outputs_are_listed() throws Exception {
    byte[] csv = CSV.getBytes(StandardCharsets.UTF_8);
    StoredFile source = upload(files, "alice", "data.csv", csv);

    Job done =
        run(
            source,
            List.of(
                Map.of("name", "checksum"), Map.of("name", "csv-to-json"), Map.of("name", "gzip")));

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    JsonNode steps = done.result().get("steps");
    assertThat(steps.get(0).get("value").get("checksum").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)));
    JsonNode json = Json.mapper().readTree(read(steps.get(1).get("output")));
    assertThat(json.toString())
        .isEqualTo(
            "[{\"name\":\"crawl\",\"count\":\"12\"},{\"name\":\"e-mail, sent\",\"count\":\"3\"}]");
    assertThat(steps.get(1).get("output").get("name").asText()).isEqualTo("data.json");
    byte[] gz = read(steps.get(2).get("output"));
    assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes())
        .isEqualTo(read(steps.get(1).get("output")));
    assertThat(done.result().get("files")).hasSize(2);
    assertThat(files.list(FileQuery.ofTenant("t1", 10).withJob(done.id())).items())
        .extracting(StoredFile::ownerId)
        .containsOnly("alice");
    assertThat(done.progress().current()).isEqualTo(done.progress().total());
  }

  @Test
  void json_to_csv_turns_the_json_back_into_the_same_table() throws Exception {
    StoredFile source = upload(files, "alice", "data.csv", CSV.getBytes(StandardCharsets.UTF_8));

    Job done = run(source, List.of(Map.of("name", "csv-to-json"), Map.of("name", "json-to-csv")));

    String back =
        new String(read(done.result().get("steps").get(1).get("output")), StandardCharsets.UTF_8);
    assertThat(back.replace("\r\n", "\n")).isEqualTo(CSV);
  }

  @Test
  void text_is_extracted_from_a_pdf_and_from_html() throws Exception {
    StoredFile pdf = upload(files, "alice", "letter.pdf", pdfSaying("Hello from a PDF"));
    StoredFile html =
        upload(
            files,
            "alice",
            "page.html",
            "<html><body><h1>Hello</h1><p>from HTML</p></body></html>"
                .getBytes(StandardCharsets.UTF_8));

    Job fromPdf = run(pdf, List.of(Map.of("name", "extract-text")));
    Job fromHtml = run(html, List.of(Map.of("name", "extract-text")));

    JsonNode step = fromPdf.result().get("steps").get(0);
    assertThat(new String(read(step.get("output")), StandardCharsets.UTF_8))
        .contains("Hello from a PDF");
    assertThat(step.get("value").get("detectedType").asText()).isEqualTo("application/pdf");
    assertThat(
            new String(
                read(fromHtml.result().get("steps").get(0).get("output")), StandardCharsets.UTF_8))
        .contains("Hello", "from HTML")
        .doesNotContain("<h1>");
  }

  @Test
  void an_image_is_resized_a_thumbnail_made_from_the_source_and_both_zipped() throws Exception {
    StoredFile png = upload(files, "alice", "photo.png", png(400, 200));

    Job done =
        run(
            png,
            List.of(
                Map.of("name", "resize", "width", 100),
                Map.of("name", "thumbnail", "from", "source", "width", 64, "height", 64),
                Map.of("name", "zip")));

    JsonNode steps = done.result().get("steps");
    BufferedImage resized =
        ImageIO.read(new ByteArrayInputStream(read(steps.get(0).get("output"))));
    BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(read(steps.get(1).get("output"))));
    assertThat(resized.getWidth()).isEqualTo(100);
    assertThat(resized.getHeight()).isEqualTo(50);
    assertThat(thumb.getWidth()).isEqualTo(64);
    assertThat(thumb.getHeight()).isEqualTo(32);
    List<String> entries = new ArrayList<>();
    try (ZipInputStream zip =
        new ZipInputStream(new ByteArrayInputStream(read(steps.get(2).get("output"))))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        entries.add(e.getName());
      }
    }
    assertThat(entries).containsExactly("photo-resized-100x50.png", "photo-thumbnail-64x32.png");
  }

  @Test
  void another_owners_file_is_not_found_and_bad_input_fails_for_good_leaving_no_outputs()
      throws Exception {
    StoredFile bobs = upload(files, "bob", "bob.csv", CSV.getBytes(StandardCharsets.UTF_8));
    StoredFile mine = upload(files, "alice", "data.csv", CSV.getBytes(StandardCharsets.UTF_8));

    Job foreign = run(bobs, List.of(Map.of("name", "checksum")));
    Job bad =
        run(mine, List.of(Map.of("name", "gzip"), Map.of("name", "json-to-csv", "from", "source")));

    assertThat(foreign.state()).isEqualTo(JobState.FAILED);
    assertThat(foreign.lastError().type()).isEqualTo("file-process.file-not-found");
    assertThat(bad.state()).isEqualTo(JobState.FAILED);
    assertThat(bad.lastError().type()).isEqualTo("file-process.step-failed");
    assertThat(bad.lastError().message()).startsWith("step 2 (json-to-csv)");
    assertThat(files.list(FileQuery.ofTenant("t1", 10).withJob(bad.id())).items()).isEmpty();
  }

  @Test
  void bad_payloads_are_refused_at_submit_naming_the_field_and_nothing_is_stored() {
    Map<String, Map<String, Object>> bad =
        Map.of(
            "payload.steps", Map.of("fileId", "f1", "steps", List.of()),
            "payload.fileId", Map.of("steps", List.of(Map.of("name", "gzip"))),
            "payload.steps[0]", Map.of("fileId", "f1", "steps", List.of(Map.of("name", "shred"))),
            "payload.steps[1]",
                Map.of(
                    "fileId",
                    "f1",
                    "steps",
                    List.of(Map.of("name", "gzip"), Map.of("name", "resize"))),
            "payload.steps[2]",
                Map.of(
                    "fileId",
                    "f1",
                    "steps",
                    List.of(
                        Map.of("name", "gzip"),
                        Map.of("name", "zip"),
                        Map.of("name", "thumbnail", "width", 0))));
    bad.forEach(
        (field, payload) ->
            assertThatThrownBy(() -> ujm.submit("file-process", payload))
                .as(field)
                .isInstanceOfSatisfying(
                    InvalidJobException.class, e -> assertThat(e.field()).isEqualTo(field)));
    assertThatThrownBy(
            () ->
                ujm.submit(
                    "file-process",
                    Map.of(
                        "fileId",
                        "f1",
                        "steps",
                        List.of(Map.of("name", "gzip", "algorithm", "md5")))))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("algorithm belongs to checksum");
    assertThat(ujm.store().find(JobQuery.all(10)).items()).isEmpty();
  }

  static byte[] pdfSaying(String text) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
        content.newLineAtOffset(72, 700);
        content.showText(text);
        content.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  static byte[] png(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width / 2, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
