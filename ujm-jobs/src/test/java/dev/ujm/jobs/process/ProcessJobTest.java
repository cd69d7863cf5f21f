package dev.ujm.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.JobQuery;
import dev.ujm.jobs.JobsRuntime;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process jobs run by the worker runtime in bubblewrap with real limits: the shipped Python and
 * Node examples, and small Python programs that break each limit. {@code ./ujm test} installs
 * bubblewrap, Python and Node where they are missing.
 */
class ProcessJobTest {
  static final Path TEST_TYPES = Path.of("src/test/resources/process-types").toAbsolutePath();
  static final Path EXAMPLES = Path.of("../examples/process").toAbsolutePath().normalize();

  @TempDir Path dataDir;
  private JobsRuntime ujm;

  @BeforeAll
  static void theHostHasTheTools() {
    for (String tool : List.of("bwrap", "python3", "node")) {
      assertThat(
              List.of("/usr/local/bin", "/usr/bin", "/bin").stream()
                  .anyMatch(d -> Files.isExecutable(Path.of(d, tool))))
          .as(tool + " is missing from the PATH of process jobs: run ./ujm test, which installs it")
          .isTrue();
    }
  }

  @AfterEach
  void stop() {
    if (ujm != null) {
      ujm.close();
    }
  }

  private JobsRuntime node(Path types, Map<String, String> extra) {
    Map<String, String> s = new HashMap<>(extra);
    s.put("UJM_PROCESS_TYPES", types.toString());
    s.put("UJM_DATA_DIR", dataDir.toString());
    ujm = JobsRuntime.start(s);
    return ujm;
  }

  private Job runOnce(String type, Map<String, Object> payload) {
    return ujm.awaitFinal(
        ujm.submit(
            NewJob.ofType(type).payload(payload).tenant("t1").owner("alice").maxAttempts(1)));
  }

  @Test
  void the_python_example_counts_words_in_bubblewrap_and_reports_its_usage() {
    node(EXAMPLES, Map.of());

    Job done = runOnce("word-count", Map.of("lines", List.of("one two", "three four five")));

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    JsonNode result = done.result();
    assertThat(result.get("result").get("words").asInt()).isEqualTo(5);
    assertThat(result.get("exitCode").asInt()).isZero();
    assertThat(result.get("usage").get("cpuSeconds").asDouble()).isPositive();
    assertThat(result.get("usage").get("peakMemoryBytes").asLong()).isPositive();
    assertThat(result.get("enforced").toString())
        .contains("bubblewrap", "no network", "RLIMIT_CPU");
  }

  @Test
  void the_node_example_gets_its_argument_from_the_payload() {
    node(EXAMPLES, Map.of());

    Job done =
        runOnce("slugify", Map.of("titles", List.of("Hello, World!", "Ça va?"), "separator", "_"));

    assertThat(done.result().get("result").get("slugs").toString())
        .isEqualTo("[\"hello_world\",\"ca_va\"]");
  }

  @Test
  void a_python_job_over_its_memory_limit_is_killed_and_fails_naming_the_limit() {
    node(TEST_TYPES, Map.of());

    Job failed = runOnce("memory-hog", Map.of());

    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.lastError().type()).isEqualTo("process.memory-limit");
    assertThat(failed.lastError().message()).contains("memory limit of 64 MiB");
  }

  @Test
  void a_python_job_that_loops_is_stopped_at_its_cpu_limit() {
    node(TEST_TYPES, Map.of());

    Job failed = runOnce("spinner", Map.of());

    assertThat(failed.lastError().type()).isEqualTo("process.cpu-limit");
    assertThat(failed.lastError().message()).contains("CPU time limit of 1 s");
  }

  @Test
  void a_job_past_its_wall_time_is_stopped_and_one_past_its_process_limit_fails_naming_it() {
    node(TEST_TYPES, Map.of());

    Job slow = runOnce("sleeper", Map.of());
    Job forks = runOnce("fork-bomb", Map.of());

    assertThat(slow.lastError().type()).isEqualTo("process.wall-limit");
    assertThat(slow.lastError().message()).contains("wall-time limit of 1 s");
    assertThat(forks.lastError().type()).isEqualTo("process.process-limit");
    assertThat(forks.lastError().message()).contains("limit of 8 processes");
  }

  @Test
  void a_job_without_network_permission_cannot_connect_and_one_with_it_can() throws Exception {
    node(TEST_TYPES, Map.of());
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept();
                      OutputStream out = s.getOutputStream()) {
                    accepted.incrementAndGet();
                    out.write("hello".getBytes(StandardCharsets.US_ASCII));
                  } catch (Exception e) {
                    return;
                  }
                }
              });

      Job offline = runOnce("dialer", Map.of("port", server.getLocalPort()));
      int acceptedOffline = accepted.get();
      Job online = runOnce("dialer-online", Map.of("port", server.getLocalPort()));

      assertThat(offline.state()).isEqualTo(JobState.FAILED);
      assertThat(offline.lastError().message())
          .containsAnyOf("Network is unreachable", "Connection refused");
      assertThat(acceptedOffline).isZero();
      assertThat(online.state()).isEqualTo(JobState.COMPLETED);
      assertThat(online.result().get("result").get("read").asText()).isEqualTo("hello");
    }
  }

  @Test
  void cancelling_a_job_kills_its_children_too() {
    node(TEST_TYPES, Map.of());
    String marker = "ujm-marker-" + UUID.randomUUID();
    String id =
        ujm.submit(
            NewJob.ofType("forker").payload(Map.of("marker", marker)).tenant("t1").owner("alice"));
    await().atMost(Duration.ofSeconds(20)).until(() -> withMarker(marker) == 2);

    ujm.ujm().jobs().cancel(id, "test");

    await().atMost(Duration.ofSeconds(10)).until(() -> withMarker(marker) == 0);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ujm.ujm().workers().snapshot().running() == 0);
    assertThat(ujm.job(id).state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void an_isolated_job_sees_neither_the_data_directory_nor_the_nodes_environment()
      throws Exception {
    Path secret = Files.writeString(dataDir.resolve("admin.key"), "do-not-read");
    node(TEST_TYPES, Map.of("UJM_ADMIN_KEY", "an-admin-key-0123456789"));

    Job done = runOnce("snooper", Map.of("path", secret.toString()));

    JsonNode seen = done.result().get("result");
    assertThat(seen.get("exists").asBoolean()).isFalse();
    assertThat(seen.get("rootWritable").asBoolean()).isFalse();
    assertThat(seen.get("pid").asInt()).as("own PID namespace").isLessThan(10);
    assertThat(seen.get("env").toString())
        .isEqualTo(
            "[\"HOME\",\"LANG\",\"PATH\",\"PWD\",\"UJM_JOB_ATTEMPT\",\"UJM_JOB_ID\",\"UJM_JOB_TYPE\"]");
  }

  @Test
  void payloads_that_do_not_fit_the_types_schema_are_refused_at_submit() {
    node(EXAMPLES, Map.of());

    assertThatThrownBy(() -> ujm.submit("word-count", Map.of("lines", List.of(1, 2))))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("payload.lines[0]"));
    assertThatThrownBy(
            () -> ujm.submit("word-count", Map.of("lines", List.of(), "command", "rm -rf /")))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("payload.command"));
    assertThatThrownBy(() -> ujm.submit("slugify", Map.of("titles", List.of(), "separator", ";")))
        .hasMessageContaining("must be one of");
    assertThat(ujm.store().find(JobQuery.all(10)).items()).isEmpty();
  }

  @Test
  void
      without_bubblewrap_a_type_refuses_its_jobs_with_one_sentence_unless_unisolated_runs_are_allowed() {
    node(EXAMPLES, Map.of("UJM_PROCESS_BWRAP", "/nonexistent/bwrap"));
    assertThatThrownBy(() -> ujm.submit("word-count", Map.of("lines", List.of("a"))))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("needs bubblewrap (bwrap) for isolation and this host has none");
    ujm.close();

    node(
        EXAMPLES,
        Map.of("UJM_PROCESS_BWRAP", "/nonexistent/bwrap", "UJM_PROCESS_ALLOW_UNISOLATED", "true"));
    Job done = runOnce("word-count", Map.of("lines", List.of("a b")));

    assertThat(done.result().get("result").get("words").asInt()).isEqualTo(2);
    assertThat(done.result().get("enforced").toString()).contains("isolation: none");
  }

  /** Processes of this host whose command line holds the marker, read from {@code /proc}. */
  private static long withMarker(String marker) {
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              try {
                String cmdline =
                    Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
                return List.of(cmdline.split("\0")).contains(marker)
                    && !List.of(cmdline.split("\0")).contains("forker.py");
              } catch (java.io.IOException e) {
                return false;
              }
            })
        .count();
  }
}
