package dev.ujm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.api.CreatedApiKey;
import dev.ujm.api.JobEventView;
import dev.ujm.api.JobStatusView;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.client.Submitted;
import dev.ujm.client.UjmClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Many clients at once against the real server over the embedded store, with the workers running.
 */
class ConcurrentSubmitTest {
  private static final int JOBS = 1_000;
  private static final int CLIENTS = 16;
  @TempDir Path dir;

  @Test
  void a_thousand_jobs_from_sixteen_concurrent_clients_all_complete_with_a_consistent_audit_trail()
      throws Exception {
    try (ServerFixture ujm = ServerFixture.start(dir, Map.of("UJM_WORKERS", "8"), b -> {})) {
      List<CreatedApiKey> keys = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        keys.add(ujm.key("user", "tenant-" + (k % 2), "user-" + k));
      }
      Map<String, String> actorOfJob = new ConcurrentHashMap<>();
      List<Future<Integer>> clients = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < CLIENTS; c++) {
          CreatedApiKey key = keys.get(c % keys.size());
          int share = JOBS / CLIENTS + (c < JOBS % CLIENTS ? 1 : 0);
          int client = c;
          clients.add(
              pool.submit(
                  () -> {
                    UjmClient ujmClient = ujm.client(key.key());
                    for (int i = 0; i < share; i++) {
                      Submitted s =
                          ujmClient.submit(
                              SubmitJobRequest.of("noop", null)
                                  .withIdempotencyKey("c" + client + "-" + i));
                      assertThat(s.created()).isTrue();
                      actorOfJob.put(s.job().id(), key.id());
                    }
                    return share;
                  }));
        }
        int submitted = 0;
        for (Future<Integer> f : clients) {
          submitted += f.get();
        }
        assertThat(submitted).isEqualTo(JOBS);
      }
      assertThat(actorOfJob).hasSize(JOBS);
      List<String> ids = new ArrayList<>(actorOfJob.keySet());

      await().atMost(Duration.ofSeconds(60)).until(() -> total(ujm, "completed") == JOBS);

      Set<String> states = ConcurrentHashMap.newKeySet();
      for (CreatedApiKey key : keys) {
        UjmClient owner = ujm.client(key.key());
        List<String> own = ids.stream().filter(id -> actorOfJob.get(id).equals(key.id())).toList();
        for (JobStatusView status : owner.status(own).items()) {
          states.add(status.state());
        }
        for (String id : own) {
          List<JobEventView> history = owner.history(id);
          assertThat(history)
              .extracting(JobEventView::to)
              .containsExactly("queued", "processing", "completed");
          assertThat(history.getFirst().from()).isNull();
          assertThat(history.getFirst().actor()).isEqualTo(key.id());
          assertThat(history.get(1).attempt()).isEqualTo(1);
          assertThat(history.get(2).attempt()).isEqualTo(1);
          assertThat(history.get(2).workerId()).isEqualTo(history.get(1).workerId()).isNotBlank();
        }
      }
      assertThat(states).containsExactly("completed");
      assertThat(total(ujm, "completed")).isEqualTo(JOBS);
      assertThat(total(ujm, "failed")).isZero();
      assertThat(total(ujm, "queued")).isZero();
      assertThat(total(ujm, "processing")).isZero();
    }
  }

  /** Jobs in this state over both tenants: queue stats count one tenant at a time. */
  private static long total(ServerFixture ujm, String state) {
    return ujm.admin().queues("tenant-0").totals().get(state)
        + ujm.admin().queues("tenant-1").totals().get(state);
  }
}
