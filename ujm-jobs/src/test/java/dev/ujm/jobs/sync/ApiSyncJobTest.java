package dev.ujm.jobs.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.files.DataDirectoryFileStore;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobQuery;
import dev.ujm.jobs.JobsRuntime;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API syncs run by the worker runtime against a local API that pages, rate-limits and fails. */
class ApiSyncJobTest {
  @TempDir Path dir;
  private PagedApi api;
  private JobsRuntime ujm;

  @BeforeEach
  void start() throws Exception {
    api = new PagedApi();
  }

  @AfterEach
  void stop() {
    if (ujm != null) {
      ujm.close();
    }
    api.close();
  }

  private JobsRuntime node(boolean allowPrivate) {
    Map<String, String> s = new HashMap<>();
    s.put("UJM_API_SYNC_ALLOW_PRIVATE_NETWORKS", String.valueOf(allowPrivate));
    s.put("UJM_API_SYNC_RETRY_BASE_MS", "50");
    s.put("UJM_API_SYNC_MAX_WAIT_SECONDS", "5");
    s.put("UJM_API_SYNC_REQUEST_TIMEOUT_MS", "2000");
    s.put("UJM_API_SYNC_CREDENTIAL_PARTNER", "bearer:" + PagedApi.TOKEN);
    s.put("UJM_API_SYNC_CREDENTIAL_PARTNER_HOSTS", "127.0.0.1");
    FileStore files = DataDirectoryFileStore.open(dir.resolve("files"), InstantSource.system());
    ujm = JobsRuntime.start(s, Map.of(FileStore.class, files));
    return ujm;
  }

  private Job sync(Map<String, Object> payload) {
    return ujm.awaitFinal(ujm.submit("api-sync", payload));
  }

  private List<Integer> ids(Job job) {
    return ujm.results(job.id()).stream().map(n -> n.get("id").asInt()).toList();
  }

  @Test
  void link_header_paging_stores_every_item_of_every_page() {
    node(true);

    Job done =
        sync(
            Map.of(
                "url", api.url("/link"), "paging", Map.of("type", "link"), "itemsPath", "/data"));

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(ids(done)).containsExactly(11, 12, 13, 21, 22, 23, 31, 32, 33);
    assertThat(done.result().get("pages").asInt()).isEqualTo(3);
    assertThat(done.result().get("complete").asBoolean()).isTrue();
  }

  @Test
  void cursor_paging_follows_the_cursor_until_it_is_null() {
    node(true);

    Job done =
        sync(
            Map.of(
                "url", api.url("/cursor"),
                "paging", Map.of("type", "cursor", "cursorPath", "/next"),
                "itemsPath", "/data"));

    assertThat(ids(done)).hasSize(9).endsWith(33);
    assertThat(api.requests).containsExactly("/cursor", "/cursor?cursor=c2", "/cursor?cursor=c3");
  }

  @Test
  void page_number_paging_stops_at_the_first_empty_page_and_max_pages_stops_earlier() {
    node(true);

    Job all = sync(Map.of("url", api.url("/pages"), "paging", Map.of("type", "page")));
    Job two =
        sync(Map.of("url", api.url("/pages?x=1"), "paging", Map.of("type", "page"), "maxPages", 2));

    assertThat(all.result().get("items").asInt()).isEqualTo(9);
    assertThat(all.result().get("pages").asInt()).isEqualTo(4);
    assertThat(two.result().get("pages").asInt()).isEqualTo(2);
    assertThat(two.result().get("complete").asBoolean()).isFalse();
  }

  @Test
  void a_429_is_retried_after_its_retry_after_and_5xx_with_backoff_within_the_attempt() {
    node(true);

    Job limited = sync(Map.of("url", api.url("/limited")));
    Job flaky = sync(Map.of("url", api.url("/flaky")));

    assertThat(limited.state()).isEqualTo(JobState.COMPLETED);
    assertThat(limited.attempt()).isEqualTo(1);
    assertThat(limited.result().get("retries").asInt()).isEqualTo(1);
    assertThat(flaky.result().get("retries").asInt()).isEqualTo(2);
    assertThat(ids(flaky)).containsExactly(11, 12, 13);
  }

  @Test
  void a_retry_after_longer_than_an_attempt_may_wait_hands_the_job_back_for_later() {
    node(true);

    String id = ujm.submit("api-sync", Map.of("url", api.url("/very-limited")));
    Job waiting = ujm.awaitJob(id, j -> j.state() == JobState.SCHEDULED);

    assertThat(waiting.runAt()).isAfter(waiting.lastError().at().plusSeconds(3000));
  }

  @Test
  void an_unchanged_source_answers_304_to_the_validators_of_the_last_sync() {
    node(true);

    Job first = sync(Map.of("url", api.url("/etag")));
    JsonNode validators = first.result().get("validators");
    Job second = sync(Map.of("url", api.url("/etag"), "since", validators));

    assertThat(validators.get("etag").asText()).isEqualTo("\"v1\"");
    assertThat(validators.get("lastModified").asText()).isEqualTo("Tue, 01 Dec 2026 08:00:00 GMT");
    assertThat(second.result().get("unchanged").asBoolean()).isTrue();
    assertThat(ujm.results(second.id())).isEmpty();
  }

  @Test
  void a_named_credential_is_sent_to_its_hosts_and_never_taken_from_the_payload() {
    node(true);

    Job done = sync(Map.of("url", api.url("/secure"), "credential", "partner"));

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(api.authorizations).containsExactly("Bearer " + PagedApi.TOKEN);
    assertThatThrownBy(
            () ->
                ujm.submit(
                    "api-sync",
                    Map.of("url", api.localhostUrl("/secure"), "credential", "partner")))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("may not be sent to localhost");
    assertThatThrownBy(
            () ->
                ujm.submit(
                    "api-sync",
                    Map.of("url", api.url("/secure"), "headers", Map.of("Authorization", "x"))))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("unknown field 'headers'");
  }

  @Test
  void with_private_networks_off_the_crawlers_guard_keeps_syncs_off_loopback() {
    node(false);

    Job refused = sync(Map.of("url", api.localhostUrl("/link")));

    assertThat(refused.state()).isEqualTo(JobState.FAILED);
    assertThat(refused.lastError().type()).isEqualTo("api-sync.address-not-allowed");
    assertThat(api.requests).isEmpty();
    assertThatThrownBy(() -> ujm.submit("api-sync", Map.of("url", api.url("/link"))))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("internal address 127.0.0.1");
  }

  @Test
  void a_4xx_answer_fails_for_good_and_pages_can_be_stored_as_files() {
    node(true);

    Job gone = sync(Map.of("url", api.url("/gone")));
    Job files =
        sync(Map.of("url", api.url("/link"), "paging", Map.of("type", "link"), "output", "files"));

    assertThat(gone.state()).isEqualTo(JobState.FAILED);
    assertThat(gone.lastError().type()).isEqualTo("api-sync.http-error");
    assertThat(gone.errors()).hasSize(1);
    assertThat(files.result().get("files").findValuesAsText("name"))
        .containsExactly("page-00001.json", "page-00002.json", "page-00003.json");
  }

  @Test
  void bad_payloads_are_refused_at_submit_and_nothing_is_stored() {
    node(true);
    Map<String, Map<String, Object>> bad =
        Map.of(
            "payload.url", Map.of("url", "ftp://example.com/"),
            "payload.credential", Map.of("url", api.url("/x"), "credential", "nobody"),
            "payload.paging.type", Map.of("url", api.url("/x"), "paging", Map.of("type", "scroll")),
            "payload.paging.cursorPath",
                Map.of("url", api.url("/x"), "paging", Map.of("type", "cursor")),
            "payload.itemsPath", Map.of("url", api.url("/x"), "itemsPath", "data"),
            "payload.maxPages", Map.of("url", api.url("/x"), "maxPages", 0));
    bad.forEach(
        (field, payload) ->
            assertThatThrownBy(() -> ujm.submit("api-sync", payload))
                .as(field)
                .isInstanceOfSatisfying(
                    InvalidJobException.class, e -> assertThat(e.field()).isEqualTo(field)));
    assertThat(ujm.store().find(JobQuery.all(10)).items()).isEmpty();
  }
}
