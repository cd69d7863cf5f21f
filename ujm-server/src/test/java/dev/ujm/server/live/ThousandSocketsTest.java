package dev.ujm.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobBuilder;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.Transition;
import dev.ujm.server.api.ServerFixture;
import dev.ujm.server.engine.Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand WebSocket clients on one server, each following its own jobs: each receives exactly
 * its own events and no other's, and a client that stops reading is dropped without holding up
 * anyone else.
 */
class ThousandSocketsTest {
  private static final int CLIENTS = 1000;
  @TempDir Path dir;

  @Test
  void every_client_gets_exactly_its_own_events_and_one_that_stops_reading_is_dropped()
      throws Exception {
    try (ServerFixture ujm = ServerFixture.start(dir, Map.of("UJM_WORKERS", "16"), b -> {})) {
      Engine engine = ujm.server().backend().engine();
      int port = ujm.server().port();
      List<String> users = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        users.add("user-" + i);
        keys.add(
            engine
                .keys()
                .issue(ApiRole.USER, ApiKeys.DEFAULT_TENANT, "user-" + i, null, "test")
                .secret());
      }
      List<SocketProbe> probes = connectAll(port, keys);
      try {
        for (SocketProbe probe : probes) {
          probe.send("{\"action\":\"subscribe\",\"scope\":\"own\"}");
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    probes.stream()
                        .allMatch(
                            p ->
                                p.messages.stream()
                                    .anyMatch(m -> m.path("event").asText().equals("subscribed"))));

        Map<String, Set<String>> jobsOf = submitOneEach(engine, users);
        awaitEveryoneCompleted(probes, users, jobsOf);

        // one more client stops reading while a flood of its own events arrives
        String slowKey =
            engine
                .keys()
                .issue(ApiRole.USER, ApiKeys.DEFAULT_TENANT, "slow", null, "test")
                .secret();
        SocketProbe slow = SocketProbe.connect(port, slowKey, false);
        slow.send("{\"action\":\"subscribe\",\"scope\":\"own\"}");
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> ujm.server().webSocketConnections() == CLIENTS + 1);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> ujm.server().liveHub().clients() == CLIENTS + 1);
        flood(engine, "slow", 4000);
        Map<String, Set<String>> secondRound = submitOneEach(engine, users);

        awaitEveryoneCompleted(probes, users, secondRound);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> ujm.server().webSocketConnections() == CLIENTS);
        assertThat(ujm.server().liveHub().clients()).isEqualTo(CLIENTS);
        assertThat(slow.jobEvents().size())
            .as("it read one message at most")
            .isLessThanOrEqualTo(1);

        for (int i = 0; i < CLIENTS; i++) {
          Set<String> own = new HashSet<>(jobsOf.get(users.get(i)));
          own.addAll(secondRound.get(users.get(i)));
          Set<String> received = new HashSet<>();
          for (JsonNode event : probes.get(i).jobEvents()) {
            received.add(event.path("jobId").asText());
          }
          assertThat(received).as("the jobs whose events client %d received", i).isEqualTo(own);
        }
        slow.close();
      } finally {
        probes.forEach(SocketProbe::close);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> ujm.server().liveHub().clients() == 0);
    }
  }

  private static List<SocketProbe> connectAll(int port, List<String> keys) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<SocketProbe>> connecting = new ArrayList<>();
      for (String key : keys) {
        connecting.add(pool.submit(() -> SocketProbe.connect(port, key)));
      }
      List<SocketProbe> probes = new ArrayList<>();
      for (Future<SocketProbe> f : connecting) {
        probes.add(f.get());
      }
      return probes;
    }
  }

  private static Map<String, Set<String>> submitOneEach(Engine engine, List<String> users) {
    Map<String, Set<String>> jobs = new HashMap<>();
    List<NewJob> batch = new ArrayList<>();
    for (String user : users) {
      batch.add(NewJob.ofType("noop").tenant(ApiKeys.DEFAULT_TENANT).owner(user).build());
    }
    for (var submitted : engine.jobs().submitAll(batch)) {
      jobs.computeIfAbsent(submitted.job().ownerId(), u -> ConcurrentHashMap.newKeySet())
          .add(submitted.job().id());
    }
    return jobs;
  }

  private static void awaitEveryoneCompleted(
      List<SocketProbe> probes, List<String> users, Map<String, Set<String>> jobsOf) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              for (int i = 0; i < probes.size(); i++) {
                Set<String> done = new HashSet<>();
                for (JsonNode e : probes.get(i).jobEvents()) {
                  if (e.path("state").asText().equals("completed")) {
                    done.add(e.path("jobId").asText());
                  }
                }
                if (!done.containsAll(jobsOf.get(users.get(i)))) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Large state events of the slow client's own job, published on the bus as a store would. */
  private static void flood(Engine engine, String owner, int count) {
    String big = "x".repeat(4096);
    Instant now = Instant.now();
    Job job =
        new JobBuilder()
            .id("flood-job")
            .type("noop")
            .queue("noop")
            .tenantId(ApiKeys.DEFAULT_TENANT)
            .ownerId(owner)
            .state(JobState.PROCESSING)
            .attempt(1)
            .maxAttempts(3)
            .progress(new Progress(50, big, 1L, 2L, null))
            .createdAt(now)
            .updatedAt(now)
            .build();
    JobEvent event =
        new JobEvent(
            job.id(),
            JobState.QUEUED,
            JobState.PROCESSING,
            1,
            "w",
            "worker",
            "claimed",
            now,
            Transition.CLAIM);
    for (int i = 0; i < count; i++) {
      engine.events().publish(new JobUpdate(job, event));
    }
  }
}
