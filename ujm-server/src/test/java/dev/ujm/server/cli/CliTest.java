package dev.ujm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import dev.ujm.server.Main;
import dev.ujm.server.api.ServerFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client verbs of {@code ujm} against a running server, run in this process with captured
 * output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
  @TempDir static Path dir;
  private ServerFixture ujm;
  private Map<String, String> env;

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
    env =
        Map.of(
            "UJM_URL",
            "http://127.0.0.1:" + ujm.server().port(),
            "UJM_API_KEY",
            ServerFixture.ADMIN_KEY);
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private Run ujm(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, environment, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private Run ujm(String... args) {
    return ujm(env, args);
  }

  @Test
  void submit_prints_the_new_job_and_status_shows_it() {
    Run submit = ujm("submit", "echo", "{\"greeting\": \"hi\"}", "--priority", "high", "--json");

    assertThat(submit.code()).as(submit.err()).isZero();
    String id = submit.json().path("id").asText();
    assertThat(submit.json().path("priority").asText()).isEqualTo("high");

    Run status = ujm("status", id);
    assertThat(status.code()).isZero();
    assertThat(status.out()).contains("id").contains(id).contains("echo").contains("high");
  }

  @Test
  void submit_as_a_table_names_the_fields() {
    Run submit = ujm("submit", "noop", "--queue", "cli-queue");

    assertThat(submit.code()).as(submit.err()).isZero();
    assertThat(submit.out()).contains("state").contains("queue").contains("cli-queue");
  }

  @Test
  void list_prints_a_table_of_jobs_and_json_on_request() {
    ujm("submit", "noop", "--delay", "3600");

    Run table = ujm("list", "--state", "scheduled");
    assertThat(table.code()).isZero();
    assertThat(table.out().lines().findFirst())
        .hasValueSatisfying(h -> assertThat(h).startsWith("ID").contains("STATE"));
    assertThat(table.out()).contains("scheduled");

    Run json = ujm("list", "--json", "--limit", "1");
    assertThat(json.json().path("items")).hasSize(1);
    assertThat(json.json().has("nextCursor")).isTrue();
  }

  @Test
  void cancel_cancels_and_a_second_cancel_fails_with_one_line_and_exit_1() {
    String id = ujm("submit", "noop", "--delay", "3600", "--json").json().path("id").asText();

    Run cancel = ujm("cancel", id);
    assertThat(cancel.code()).isZero();
    assertThat(cancel.out()).contains("cancelled");

    Run again = ujm("cancel", id);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err().lines())
        .singleElement()
        .asString()
        .startsWith("ujm: ")
        .contains("409")
        .contains("illegal-transition");
  }

  @Test
  void status_of_an_unknown_job_fails_with_one_line_and_exit_1() {
    Run status = ujm("status", "01a2239d-4534-729f-96f3-2563e13cbf68");

    assertThat(status.code()).isEqualTo(1);
    assertThat(status.err().lines())
        .singleElement()
        .asString()
        .contains("no job with id 01a2239d-4534-729f-96f3-2563e13cbf68")
        .contains("404");
    Run malformed = ujm("status", "no-such-job");
    assertThat(malformed.code()).isEqualTo(1);
    assertThat(malformed.err()).contains("must be a job id").contains("400");
  }

  @Test
  void keys_are_created_listed_and_revoked() {
    Run create =
        ujm(
            "keys",
            "create",
            "--role",
            "user",
            "--tenant",
            "cli",
            "--user",
            "carla",
            "--name",
            "carla's key",
            "--json");
    assertThat(create.code()).as(create.err()).isZero();
    String keyId = create.json().path("id").asText();
    String secret = create.json().path("key").asText();
    assertThat(secret).startsWith("ujm_");

    Map<String, String> carla = new HashMap<>(env);
    carla.put("UJM_API_KEY", secret);
    assertThat(ujm(carla, "submit", "noop").code()).isZero();

    Run list = ujm("keys", "list", "--tenant", "cli");
    assertThat(list.out())
        .contains(keyId)
        .contains("carla")
        .contains("active")
        .doesNotContain(secret);

    Run revoke = ujm("keys", "revoke", keyId, "--tenant", "cli");
    assertThat(revoke.code()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("revoked");

    Run refused = ujm(carla, "list");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("401");
  }

  @Test
  void keys_create_as_a_table_shows_the_secret_once() {
    Run create = ujm("keys", "create", "--role", "readonly", "--tenant", "cli", "--user", "rita");

    assertThat(create.code()).as(create.err()).isZero();
    assertThat(create.out()).contains("key: ujm_").contains("shown only now");
  }

  @Test
  void a_missing_api_key_is_a_usage_error() {
    Run run = ujm(Map.of("UJM_URL", env.get("UJM_URL")), "list");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("UJM_API_KEY");
  }

  @Test
  void flags_win_over_the_environment_and_an_unreachable_server_fails_with_one_line() {
    Run run = ujm("list", "--url", "http://127.0.0.1:1");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .contains("cannot reach UJM at http://127.0.0.1:1");
  }

  @Test
  void a_payload_that_is_not_json_is_a_usage_error() {
    Run run = ujm("submit", "echo", "{not json");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("not valid JSON");
  }

  @Test
  void a_refused_submit_prints_the_servers_reason() {
    Run run = ujm("submit", "sleep", "{\"ms\": -1}");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("invalid sleep payload").contains("invalid-payload");
  }

  @Test
  void serve_with_bad_settings_prints_one_line_per_bad_value_and_exits_2() {
    Run run = ujm(Map.of("UJM_WORKERS", "lots"), "serve", "--port", "70000", "--log-level", "LOUD");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines())
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).startsWith("ujm: "))
        .anySatisfy(line -> assertThat(line).contains("UJM_PORT='70000'"))
        .anySatisfy(line -> assertThat(line).contains("UJM_WORKERS='lots'"))
        .anySatisfy(line -> assertThat(line).contains("LOG_LEVEL='LOUD'"));
  }

  @Test
  void serve_with_a_store_this_build_does_not_have_names_the_ones_it_has_and_exits_2() {
    Run run = ujm(Map.of(), "serve", "--store", "cassandra");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().contains("choose one of memory");
  }

  @Test
  void serve_refuses_a_warmup_that_is_not_a_number_of_seconds_before_warming_up() {
    Run run = ujm(Map.of(), "serve", "--warmup-seconds", "soon");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .contains("UJM_WARMUP_SECONDS='soon' must be a whole number of seconds from 0");
    assertThat(run.out()).doesNotContain("warming up");
  }

  @Test
  void serve_refuses_a_short_admin_key() {
    Run run = ujm(Map.of("UJM_ADMIN_KEY", "short"), "serve");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("UJM_ADMIN_KEY must be at least 16 characters");
  }

  @Test
  void every_command_answers_help_even_without_its_required_arguments() {
    for (String command :
        new String[] {
          "submit", "status", "list", "wait", "cancel", "retry", "history", "result", "serve",
          "keys"
        }) {
      Run help = ujm(command, "--help");

      assertThat(help.code()).as(command + ": " + help.err()).isZero();
      assertThat(help.out()).as(command).contains("Usage: ujm " + command);
    }
    assertThat(ujm("submit", "--help").out()).contains("TYPE").contains("--priority");
  }

  @Test
  void wait_prints_the_finished_job_and_exits_0_when_it_completed() {
    String id = ujm("submit", "sleep", "{\"ms\": 200}", "-q").out().trim();

    Run wait = ujm("wait", id);

    assertThat(wait.code()).as(wait.err()).isZero();
    assertThat(wait.out()).contains(id).contains("completed");
  }

  @Test
  void wait_exits_1_for_a_job_that_did_not_complete_or_is_still_running_at_the_timeout() {
    String scheduled = ujm("submit", "noop", "--delay", "3600", "-q").out().trim();

    Run timedOut = ujm("wait", scheduled, "--timeout", "1");
    assertThat(timedOut.code()).isEqualTo(1);
    assertThat(timedOut.err()).contains("still scheduled");

    ujm("cancel", scheduled);
    Run cancelled = ujm("wait", scheduled);
    assertThat(cancelled.code()).isEqualTo(1);
    assertThat(cancelled.out()).contains("cancelled");
  }

  @Test
  void retry_history_and_result_show_a_job_through_its_life() {
    String id = ujm("submit", "echo", "{\"greeting\": \"hi\"}", "-q").out().trim();
    assertThat(ujm("wait", id).code()).isZero();

    Run result = ujm("result", id);
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("completed").contains("\"greeting\":\"hi\"");
    assertThat(ujm("result", id, "--json").json().path("result").path("greeting").asText())
        .isEqualTo("hi");

    String held = ujm("submit", "noop", "--delay", "3600", "-q").out().trim();
    ujm("cancel", held);
    Run retry = ujm("retry", held);
    assertThat(retry.code()).as(retry.err()).isZero();
    assertThat(retry.out()).contains("queued");

    Run history = ujm("history", held);
    assertThat(history.code()).as(history.err()).isZero();
    assertThat(history.out().lines().findFirst())
        .hasValueSatisfying(h -> assertThat(h).startsWith("AT").contains("FROM").contains("TO"));
    assertThat(history.out()).contains("scheduled").contains("cancelled").contains("queued");
    assertThat(ujm("history", held, "--json").json().path("items").size())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void submit_quiet_prints_only_the_id() {
    Run quiet = ujm("submit", "noop", "-q");

    assertThat(quiet.code()).isZero();
    assertThat(quiet.out().trim()).matches("[0-9a-f-]{36}");
  }

  @Test
  void without_a_command_the_usage_is_printed_and_the_exit_code_is_2() {
    Run run = ujm(Map.of());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("serve").contains("submit");
  }
}
