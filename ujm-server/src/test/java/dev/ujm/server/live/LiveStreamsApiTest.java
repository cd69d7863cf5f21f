package dev.ujm.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.CreatedApiKey;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.model.Json;
import dev.ujm.server.api.ServerFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live streams over a real server: WebSocket {@code /api/v2/ws} and SSE {@code /api/v2/events}
 * carry the same job events, each only to keys that may read them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStreamsApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;
  private CreatedApiKey alice;
  private CreatedApiKey bob;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
    alice = ujm.key("user", "default", "alice");
    bob = ujm.key("user", "default", "bob");
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private int port() {
    return ujm.server().port();
  }

  private String submit(String key, String type, Object payload) {
    return ujm.client(key)
        .submit(SubmitJobRequest.of(type, Json.mapper().valueToTree(payload)))
        .job()
        .id();
  }

  private static List<String> statesOf(SocketProbe probe, String jobId) {
    return probe.jobEvents().stream()
        .filter(
            e -> e.path("jobId").asText().equals(jobId) && e.path("event").asText().equals("state"))
        .map(e -> e.path("state").asText())
        .toList();
  }

  @Test
  void a_socket_following_its_own_jobs_sees_each_state_change_and_nothing_of_another_user() {
    try (SocketProbe socket = SocketProbe.connect(port(), alice.key())) {
      socket.awaitMessage(m -> m.path("event").asText().equals("ready"));
      JsonNode subscribed =
          socket.sendAndAwait("{\"action\":\"subscribe\",\"scope\":\"own\"}", "subscribed");
      assertThat(subscribed.path("own").asBoolean()).isTrue();

      String theirs = submit(bob.key(), "noop", null);
      String mine = submit(alice.key(), "noop", null);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> statesOf(socket, mine).contains("completed"));
      assertThat(statesOf(socket, mine)).containsSubsequence("processing", "completed");
      assertThat(socket.jobEvents()).noneMatch(e -> e.path("jobId").asText().equals(theirs));
      JsonNode event = socket.jobEvents().getLast();
      assertThat(event.path("seq").asLong()).isPositive();
      assertThat(event.path("type").asText()).isEqualTo("noop");
      assertThat(event.has("at")).isTrue();
    }
  }

  @Test
  void a_socket_may_authenticate_with_its_first_message_and_one_that_does_not_is_closed_4401() {
    try (SocketProbe socket = SocketProbe.connect(port(), null)) {
      socket.sendAndAwait("{\"action\":\"auth\",\"apiKey\":\"" + alice.key() + "\"}", "ready");
      socket.sendAndAwait("{\"action\":\"subscribe\",\"scope\":\"own\"}", "subscribed");
      String mine = submit(alice.key(), "noop", null);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> statesOf(socket, mine).contains("completed"));
    }
    try (SocketProbe socket = SocketProbe.connect(port(), null)) {
      socket.send("{\"action\":\"subscribe\",\"scope\":\"own\"}");
      assertThat(socket.closedWith.orTimeout(20, TimeUnit.SECONDS).join())
          .isEqualTo(CloseCodes.UNAUTHORIZED);
    }
    try (SocketProbe socket = SocketProbe.connect(port(), null)) {
      socket.send("{\"action\":\"auth\",\"apiKey\":\"not-a-key\"}");
      assertThat(socket.closedWith.orTimeout(20, TimeUnit.SECONDS).join())
          .isEqualTo(CloseCodes.UNAUTHORIZED);
    }
  }

  @Test
  void a_wrong_key_at_the_upgrade_is_refused_and_a_plain_get_is_told_to_upgrade() {
    HttpResponse<String> plain = ujm.send("GET", "/api/v2/ws", alice.key(), null);
    assertThat(plain.statusCode()).isEqualTo(426);
    assertThat(ServerFixture.json(plain).path("type").asText()).endsWith("/upgrade-required");
    assertThat(ujm.send("GET", "/api/v2/ws?apiKey=nope", null, null).statusCode()).isEqualTo(401);
    assertThat(
            java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> SocketProbe.connect(port(), "nope"))
                .handle((ok, failed) -> failed != null)
                .join())
        .isTrue();
  }

  @Test
  void only_an_admin_follows_a_whole_tenant_and_job_ids_bring_only_the_jobs_a_key_may_read() {
    try (SocketProbe user = SocketProbe.connect(port(), alice.key());
        SocketProbe admin = SocketProbe.connect(port(), ServerFixture.ADMIN_KEY)) {
      JsonNode refused = user.sendAndAwait("{\"action\":\"subscribe\",\"scope\":\"all\"}", "error");
      assertThat(refused.path("status").asInt()).isEqualTo(403);
      admin.sendAndAwait("{\"action\":\"subscribe\",\"scope\":\"all\"}", "subscribed");

      String theirs = submit(bob.key(), "sleep", Map.of("ms", 300));
      String mine = submit(alice.key(), "sleep", Map.of("ms", 300));
      user.sendAndAwait(
          "{\"action\":\"subscribe\",\"jobIds\":[\"" + theirs + "\",\"" + mine + "\"]}",
          "subscribed");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> statesOf(user, mine).contains("completed"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> statesOf(admin, theirs).contains("completed"));
      assertThat(statesOf(admin, mine)).contains("completed");
      assertThat(user.jobEvents()).noneMatch(e -> e.path("jobId").asText().equals(theirs));
    }
  }

  @Test
  void a_socket_answers_an_application_ping_and_reports_a_bad_message_without_closing() {
    try (SocketProbe socket = SocketProbe.connect(port(), alice.key())) {
      socket.sendAndAwait("{\"action\":\"ping\"}", "pong");
      assertThat(socket.sendAndAwait("not json", "error").path("status").asInt()).isEqualTo(400);
      assertThat(socket.sendAndAwait("{\"action\":\"dance\"}", "error").path("detail").asText())
          .contains("unknown action");
      socket.sendAndAwait("{\"action\":\"ping\"}", "pong");
    }
  }

  @Test
  void progress_reaches_the_socket_coalesced_to_a_few_events_a_second() {
    try (SocketProbe socket = SocketProbe.connect(port(), alice.key())) {
      socket.sendAndAwait("{\"action\":\"subscribe\",\"scope\":\"own\"}", "subscribed");
      String mine = submit(alice.key(), "sleep", Map.of("ms", 1500));

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> statesOf(socket, mine).contains("completed"));

      List<JsonNode> progress =
          socket.jobEvents().stream()
              .filter(
                  e ->
                      e.path("jobId").asText().equals(mine)
                          && e.path("event").asText().equals("progress"))
              .toList();
      assertThat(progress).isNotEmpty();
      assertThat(progress.getLast().path("progress").has("percent")).isTrue();
    }
  }

  @Test
  void server_sent_events_carry_the_same_events_and_resume_after_the_last_event_id()
      throws Exception {
    SseProbe first = SseProbe.open(port(), alice.key(), null);
    String mine = submit(alice.key(), "noop", null);
    await().atMost(Duration.ofSeconds(20)).until(() -> first.states(mine).contains("completed"));
    String lastId = first.lastId;
    first.close();
    assertThat(lastId).matches("[0-9a-f]+-[0-9]+");

    String missed = submit(alice.key(), "noop", null);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ujm.admin().get(missed).state().equals("completed"));
    String foreign = submit(bob.key(), "noop", null);

    SseProbe resumed = SseProbe.open(port(), alice.key(), lastId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> resumed.states(missed).contains("completed"));
    assertThat(resumed.states(missed)).containsSubsequence("queued", "processing", "completed");
    assertThat(resumed.data).noneMatch(e -> e.path("jobId").asText().equals(mine));
    assertThat(resumed.data).noneMatch(e -> e.path("jobId").asText().equals(foreign));
    resumed.close();

    SseProbe stranger = SseProbe.open(port(), alice.key(), "0badc0de-5");
    await().atMost(Duration.ofSeconds(20)).until(() -> stranger.resyncs > 0);
    stranger.close();
  }

  @Test
  void the_event_stream_refuses_a_missing_key_and_a_user_asking_for_the_whole_tenant() {
    assertThat(ujm.send("GET", "/api/v2/events", null, null).statusCode()).isEqualTo(401);
    assertThat(ujm.send("GET", "/api/v2/events?scope=all", alice.key(), null).statusCode())
        .isEqualTo(403);
  }
}
