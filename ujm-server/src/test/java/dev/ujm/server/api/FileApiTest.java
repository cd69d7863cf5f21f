package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.CreatedApiKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file endpoints of a real server: upload, list, download, delete, and who sees what. */
class FileApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dir;
  private ServerFixture ujm;
  private CreatedApiKey alice;
  private CreatedApiKey bob;

  @BeforeEach
  void start() {
    ujm =
        ServerFixture.start(
            dir, Map.of("UJM_MAX_FILE_BYTES", "65536", "UJM_MAX_PAYLOAD_BYTES", "2048"), b -> {});
    alice = ujm.key("user", "acme", "alice");
    bob = ujm.key("user", "acme", "bob");
  }

  @AfterEach
  void stop() {
    ujm.close();
  }

  private HttpResponse<byte[]> send(String method, String path, String key, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(ujm.uri(path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode upload(CreatedApiKey key, String name, byte[] body) throws Exception {
    HttpResponse<byte[]> response = send("POST", "/api/v2/files?name=" + name, key.key(), body);
    assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(201);
    return dev.ujm.core.model.Json.mapper().readTree(response.body());
  }

  @Test
  void an_upload_larger_than_a_json_body_is_stored_with_its_sha256_and_streams_back()
      throws Exception {
    byte[] csv = "name,count\n".concat("crawl,12\n".repeat(1000)).getBytes(StandardCharsets.UTF_8);

    JsonNode file = upload(alice, "data.csv", csv);
    HttpResponse<byte[]> back =
        send("GET", "/api/v2/files/" + file.get("id").asText(), alice.key(), null);

    assertThat(file.get("size").asLong()).isEqualTo(csv.length);
    assertThat(file.get("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)));
    assertThat(file.get("contentType").asText()).isEqualTo("text/csv");
    assertThat(file.get("ownerId").asText()).isEqualTo("alice");
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).isEqualTo(csv);
    assertThat(back.headers().firstValue("Content-Type")).hasValue("text/csv");
    assertThat(back.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(back.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename*=UTF-8''data.csv");
    assertThat(back.headers().firstValue("ETag"))
        .hasValue("\"" + file.get("sha256").asText() + "\"");
  }

  @Test
  void the_content_type_is_sniffed_from_the_bytes_not_taken_from_the_name() throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png",
        png);

    JsonNode file = upload(alice, "notes.txt", png.toByteArray());

    assertThat(file.get("contentType").asText()).isEqualTo("image/png");
  }

  @Test
  void another_users_file_answers_404_while_the_tenant_admin_sees_it() throws Exception {
    JsonNode file = upload(alice, "mine.txt", "secret".getBytes(StandardCharsets.UTF_8));
    String path = "/api/v2/files/" + file.get("id").asText();
    CreatedApiKey tenantAdmin = ujm.key("admin", "acme", "boss");
    CreatedApiKey otherTenant = ujm.key("admin", "globex", "boss");

    assertThat(send("GET", path, bob.key(), null).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", path, bob.key(), null).statusCode()).isEqualTo(404);
    assertThat(send("GET", path, otherTenant.key(), null).statusCode()).isEqualTo(404);
    assertThat(ServerFixture.json(ujm.send("GET", "/api/v2/files", bob.key(), null)).get("items"))
        .isEmpty();
    assertThat(send("GET", path, tenantAdmin.key(), null).statusCode()).isEqualTo(200);
    assertThat(ServerFixture.json(ujm.send("GET", "/api/v2/files", alice.key(), null)).get("items"))
        .hasSize(1);

    assertThat(send("DELETE", path, alice.key(), null).statusCode()).isEqualTo(204);
    assertThat(send("GET", path, alice.key(), null).statusCode()).isEqualTo(404);
  }

  @Test
  void an_upload_over_the_limit_is_refused_with_413_and_nothing_is_stored() throws Exception {
    HttpResponse<byte[]> response =
        send("POST", "/api/v2/files?name=big.bin", alice.key(), new byte[70_000]);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(ServerFixture.json(ujm.send("GET", "/api/v2/files", alice.key(), null)).get("items"))
        .isEmpty();
    try (var leftovers = Files.walk(dir.resolve("files"))) {
      assertThat(leftovers.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void a_bad_name_or_cursor_is_a_400_problem() throws Exception {
    assertThat(send("POST", "/api/v2/files?name=..", alice.key(), new byte[1]).statusCode())
        .isEqualTo(400);
    assertThat(ujm.send("GET", "/api/v2/files?cursor=bad", alice.key(), null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void a_file_process_job_on_an_upload_writes_outputs_its_owner_can_download() throws Exception {
    JsonNode file = upload(alice, "data.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"type\":\"file-process\",\"payload\":{\"fileId\":\""
            + file.get("id").asText()
            + "\",\"steps\":[{\"name\":\"csv-to-json\"}]}}";
    JsonNode job = ServerFixture.json(ujm.send("POST", "/api/v2/jobs", alice.key(), body));
    String id = job.get("id").asText();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ujm.client(alice.key()).get(id).state().equals("completed"));
    JsonNode result = ServerFixture.json(ujm.send("GET", "/api/v2/jobs/" + id, alice.key(), null));
    String output = result.get("result").get("files").get(0).get("id").asText();
    HttpResponse<byte[]> json = send("GET", "/api/v2/files/" + output, alice.key(), null);

    assertThat(new String(json.body(), StandardCharsets.UTF_8))
        .isEqualTo("[{\"a\":\"1\",\"b\":\"2\"}]");
    assertThat(
            ServerFixture.json(ujm.send("GET", "/api/v2/files?jobId=" + id, alice.key(), null))
                .get("items"))
        .hasSize(1);
    assertThat(send("GET", "/api/v2/files/" + output, bob.key(), null).statusCode()).isEqualTo(404);
  }

  @Test
  void a_file_process_payload_with_an_unknown_step_is_a_400_problem_and_nothing_is_stored()
      throws IOException {
    String body =
        "{\"type\":\"file-process\",\"payload\":{\"fileId\":\"x\",\"steps\":[{\"name\":\"shred\"}]}}";

    HttpResponse<String> response = ujm.send("POST", "/api/v2/jobs", alice.key(), body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(ServerFixture.json(response).get("field").asText()).isEqualTo("payload.steps[0]");
    assertThat(ServerFixture.json(ujm.send("GET", "/api/v2/jobs", alice.key(), null)).get("items"))
        .isEmpty();
  }
}
