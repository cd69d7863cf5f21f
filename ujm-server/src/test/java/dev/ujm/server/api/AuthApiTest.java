package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.CreatedApiKey;
import dev.ujm.api.JobEventView;
import dev.ujm.api.JobView;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.client.JobFilter;
import dev.ujm.client.UjmApiException;
import dev.ujm.client.UjmClient;
import dev.ujm.core.auth.KeyAuditEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys, roles and ownership: in tenant {@code acme} an admin, the user alice, a readonly key of
 * alice and the user bob; in tenant {@code globex} the user carol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;
  private CreatedApiKey acmeAdminKey;
  private CreatedApiKey aliceKey;
  private CreatedApiKey aliceReadonlyKey;
  private CreatedApiKey bobKey;
  private CreatedApiKey carolKey;
  private UjmClient acmeAdmin;
  private UjmClient alice;
  private UjmClient aliceReadonly;
  private UjmClient bob;
  private UjmClient carol;

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
    acmeAdminKey = ujm.key("admin", "acme", "root");
    aliceKey = ujm.key("user", "acme", "alice");
    aliceReadonlyKey = ujm.key("readonly", "acme", "alice");
    bobKey = ujm.key("user", "acme", "bob");
    carolKey = ujm.key("user", "globex", "carol");
    acmeAdmin = ujm.client(acmeAdminKey.key());
    alice = ujm.client(aliceKey.key());
    aliceReadonly = ujm.client(aliceReadonlyKey.key());
    bob = ujm.client(bobKey.key());
    carol = ujm.client(carolKey.key());
  }

  @AfterAll
  void stop() {
    ujm.close();
  }

  private JobView parkedJobOf(UjmClient owner) {
    return owner.submit(SubmitJobRequest.of("noop", null).withDelaySeconds(3600L)).job();
  }

  private static int statusOf(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (UjmApiException e) {
      return e.status();
    }
  }

  @Test
  void
      a_submitted_job_belongs_to_the_tenant_and_user_of_the_key_and_names_the_key_in_its_history() {
    JobView job = parkedJobOf(alice);

    assertThat(job.tenantId()).isEqualTo("acme");
    assertThat(job.ownerId()).isEqualTo("alice");
    List<JobEventView> history = alice.history(job.id());
    assertThat(history.getFirst().actor()).isEqualTo(aliceKey.id());
  }

  @Test
  void another_users_job_answers_404_to_every_read_and_write() {
    JobView job = parkedJobOf(alice);

    assertThat(statusOf(() -> bob.get(job.id()))).isEqualTo(404);
    assertThat(statusOf(() -> bob.cancel(job.id()))).isEqualTo(404);
    assertThat(statusOf(() -> bob.retry(job.id()))).isEqualTo(404);
    assertThat(statusOf(() -> bob.cloneJob(job.id()))).isEqualTo(404);
    assertThat(statusOf(() -> bob.history(job.id()))).isEqualTo(404);
    assertThat(statusOf(() -> bob.result(job.id(), null, null))).isEqualTo(404);
    assertThat(statusOf(() -> bob.awaitChange(job.id(), null, Duration.ZERO))).isEqualTo(404);
    assertThat(statusOf(() -> carol.get(job.id()))).isEqualTo(404);
    assertThat(bob.status(List.of(job.id())).notFound()).containsExactly(job.id());
    assertThat(bob.list(JobFilter.any()).items()).extracting(JobView::id).doesNotContain(job.id());
    assertThat(alice.get(job.id()).state()).isEqualTo("scheduled");
  }

  @Test
  void a_readonly_key_reads_its_users_jobs_but_cannot_submit_cancel_retry_or_clone() {
    JobView job = parkedJobOf(alice);

    assertThat(aliceReadonly.get(job.id()).id()).isEqualTo(job.id());
    assertThat(aliceReadonly.list(JobFilter.any()).items())
        .extracting(JobView::id)
        .contains(job.id());
    var submit = ujm.send("POST", "/api/v2/jobs", aliceReadonlyKey.key(), "{\"type\":\"noop\"}");
    assertProblem(submit, 403, "forbidden");
    assertThat(statusOf(() -> aliceReadonly.cancel(job.id()))).isEqualTo(403);
    assertThat(statusOf(() -> aliceReadonly.retry(job.id()))).isEqualTo(403);
    assertThat(statusOf(() -> aliceReadonly.cloneJob(job.id()))).isEqualTo(403);
    assertThat(
            statusOf(() -> aliceReadonly.submitBatch(List.of(SubmitJobRequest.of("noop", null)))))
        .isEqualTo(403);
  }

  @Test
  void an_admin_sees_and_cancels_every_job_of_its_tenant_and_the_audit_trail_names_the_admin_key() {
    JobView alices = parkedJobOf(alice);
    JobView bobs = parkedJobOf(bob);

    assertThat(acmeAdmin.list(JobFilter.any().withLimit(1000)).items())
        .extracting(JobView::id)
        .contains(alices.id(), bobs.id());
    JobView cancelled = acmeAdmin.cancel(bobs.id());

    assertThat(cancelled.state()).isEqualTo("cancelled");
    assertThat(bob.history(bobs.id()).getLast().actor()).isEqualTo(acmeAdminKey.id());
  }

  @Test
  void a_tenant_admin_sees_nothing_of_another_tenant_even_when_it_names_it() {
    JobView carols = parkedJobOf(carol);

    assertProblem(
        ujm.send("GET", "/api/v2/jobs/" + carols.id(), acmeAdminKey.key(), null), 404, "not-found");
    assertProblem(
        ujm.send("GET", "/api/v2/jobs/" + carols.id() + "?tenant=globex", acmeAdminKey.key(), null),
        404,
        "not-found");
    assertProblem(
        ujm.send("GET", "/api/v2/jobs?tenant=globex", acmeAdminKey.key(), null), 404, "not-found");
    assertThat(acmeAdmin.list(JobFilter.any()).items())
        .extracting(JobView::id)
        .doesNotContain(carols.id());
  }

  @Test
  void the_operator_sees_another_tenant_when_it_names_it() {
    JobView carols = parkedJobOf(carol);

    assertProblem(ujm.get("/api/v2/jobs/" + carols.id()), 404, "not-found");
    assertThat(ujm.get("/api/v2/jobs/" + carols.id() + "?tenant=globex").statusCode())
        .isEqualTo(200);
    assertThat(ujm.admin().list(JobFilter.any().withTenant("globex")).items())
        .extracting(JobView::id)
        .contains(carols.id());
  }

  @Test
  void a_user_key_naming_another_tenant_gets_404_as_for_a_tenant_that_does_not_exist() {
    assertProblem(
        ujm.send("GET", "/api/v2/jobs?tenant=globex", aliceKey.key(), null), 404, "not-found");
    assertProblem(
        ujm.send("GET", "/api/v2/jobs?tenant=nosuch", aliceKey.key(), null), 404, "not-found");
  }

  @Test
  void a_tenant_admin_creates_keys_of_its_own_tenant_below_operator_only() {
    assertProblem(
        ujm.send(
            "POST",
            "/api/v2/keys",
            acmeAdminKey.key(),
            "{\"role\":\"user\",\"tenantId\":\"globex\",\"userId\":\"mallory\"}"),
        403,
        "forbidden");
    assertProblem(
        ujm.send(
            "POST", "/api/v2/keys", acmeAdminKey.key(), "{\"role\":\"operator\",\"userId\":\"x\"}"),
        403,
        "forbidden");
    assertThat(ujm.send("GET", "/api/v2/keys?tenant=globex", acmeAdminKey.key(), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void a_user_lists_its_own_jobs_by_user_id_and_not_another_users() {
    JobView alices = parkedJobOf(alice);
    JobView bobs = parkedJobOf(bob);

    assertThat(alice.listUser("alice", JobFilter.any()).items())
        .extracting(JobView::id)
        .contains(alices.id())
        .doesNotContain(bobs.id());
    assertProblem(ujm.send("GET", "/api/v2/jobs/user/bob", aliceKey.key(), null), 403, "forbidden");
    assertThat(acmeAdmin.listUser("bob", JobFilter.any()).items())
        .extracting(JobView::id)
        .contains(bobs.id())
        .doesNotContain(alices.id());
  }

  @Test
  void an_idempotency_key_used_by_another_user_does_not_reveal_their_job() {
    alice.submit(SubmitJobRequest.of("noop", null).withIdempotencyKey("shared-key"));

    var response =
        ujm.send(
            "POST",
            "/api/v2/jobs",
            bobKey.key(),
            "{\"type\":\"noop\",\"idempotencyKey\":\"shared-key\"}");

    JsonNode problem = assertProblem(response, 409, "conflict");
    assertThat(problem.path("field").asText()).isEqualTo("idempotencyKey");
    assertThat(response.body()).doesNotContain("alice");
  }

  @Test
  void a_request_without_a_key_or_with_a_wrong_one_answers_401() {
    var none = ujm.send("GET", "/api/v2/jobs", null, null);
    assertProblem(none, 401, "unauthorized");
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertProblem(ujm.send("GET", "/api/v2/jobs", "ujm_not-a-real-key", null), 401, "unauthorized");
    assertProblem(ujm.send("GET", "/api/v2/queues", null, null), 401, "unauthorized");
  }

  @Test
  void the_key_is_also_accepted_in_the_x_api_key_header() throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(ujm.uri("/api/v2/jobs"))
            .header("X-API-Key", aliceKey.key())
            .GET()
            .build();
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void key_management_and_queue_views_need_an_admin_key_and_worker_views_an_operator_key() {
    assertProblem(ujm.send("GET", "/api/v2/keys", aliceKey.key(), null), 403, "forbidden");
    assertProblem(
        ujm.send(
            "POST", "/api/v2/keys", aliceKey.key(), "{\"role\":\"admin\",\"userId\":\"alice\"}"),
        403,
        "forbidden");
    assertProblem(ujm.send("GET", "/api/v2/queues", aliceKey.key(), null), 403, "forbidden");
    assertProblem(
        ujm.send("GET", "/api/v2/workers", aliceReadonlyKey.key(), null), 403, "forbidden");
    assertProblem(ujm.send("GET", "/api/v2/workers", acmeAdminKey.key(), null), 403, "forbidden");
    assertThat(ujm.get("/api/v2/workers").statusCode()).isEqualTo(200);
  }

  @Test
  void a_new_key_is_shown_once_listed_without_its_secret_and_stops_working_when_revoked() {
    CreatedApiKey dave =
        acmeAdmin.createKey(
            new dev.ujm.api.CreateKeyRequest("user", null, "dave", "dave's laptop"));
    assertThat(dave.key()).startsWith("ujm_");
    assertThat(dave.tenantId()).isEqualTo("acme");
    UjmClient daveClient = ujm.client(dave.key());
    assertThat(daveClient.list(JobFilter.any()).items()).isEmpty();

    var listing = ujm.send("GET", "/api/v2/keys", acmeAdminKey.key(), null);
    assertThat(listing.body())
        .contains(dave.id())
        .doesNotContain(dave.key())
        .doesNotContain("secret");
    assertThat(acmeAdmin.listKeys(null, null, null).items())
        .allSatisfy(k -> assertThat(k.tenantId()).isEqualTo("acme"));

    var revoked = acmeAdmin.revokeKey(dave.id());
    assertThat(revoked.revokedAt()).isNotNull();
    assertThat(statusOf(() -> daveClient.list(JobFilter.any()))).isEqualTo(401);

    List<KeyAuditEntry> audit =
        ujm.server().backend().engine().keys().store().auditTrail(dave.id());
    assertThat(audit).extracting(KeyAuditEntry::action).containsExactly("created", "revoked");
    assertThat(audit).extracting(KeyAuditEntry::actor).containsOnly(acmeAdminKey.id());
  }

  @Test
  void bad_key_requests_are_refused_and_unknown_or_foreign_keys_answer_404() {
    JsonNode role =
        assertProblem(
            ujm.post("/api/v2/keys", "{\"role\":\"owner\",\"tenantId\":\"t\",\"userId\":\"u\"}"),
            400,
            "invalid-request");
    assertThat(role.path("field").asText()).isEqualTo("role");
    JsonNode user =
        assertProblem(
            ujm.post("/api/v2/keys", "{\"role\":\"user\",\"tenantId\":\"t\"}"),
            400,
            "invalid-request");
    assertThat(user.path("field").asText()).isEqualTo("userId");
    assertProblem(
        ujm.send(
            "DELETE",
            "/api/v2/keys/key-01a2239d-4534-729f-96f3-2563e13cbf68",
            ServerFixture.ADMIN_KEY,
            null),
        404,
        "not-found");
    JsonNode malformed =
        assertProblem(
            ujm.send("DELETE", "/api/v2/keys/key-nope", ServerFixture.ADMIN_KEY, null),
            400,
            "invalid-request");
    assertThat(malformed.path("field").asText()).isEqualTo("id");
    assertProblem(
        ujm.send("DELETE", "/api/v2/keys/" + carolKey.id(), acmeAdminKey.key(), null),
        404,
        "not-found");
  }

  @Test
  void the_bootstrap_admin_key_cannot_be_revoked_through_the_api() {
    assertProblem(
        ujm.send("DELETE", "/api/v2/keys/admin", ServerFixture.ADMIN_KEY, null), 409, "conflict");
  }

  @Test
  void a_rate_limited_key_answers_429_with_retry_after(
      @org.junit.jupiter.api.io.TempDir Path other) {
    try (ServerFixture limited =
        ServerFixture.start(
            other,
            Map.of(),
            b ->
                b.rateLimiter(
                    (caller, submits) ->
                        new dev.ujm.server.http.RateDecision(Duration.ofSeconds(7), List.of())))) {
      var response = limited.get("/api/v2/jobs");

      assertProblem(response, 429, "rate-limited");
      assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
    }
  }

  @Test
  void the_client_reports_a_problem_as_an_exception_with_its_type() {
    assertThatThrownBy(() -> bob.get("01a2239d-4534-729f-96f3-2563e13cbf68"))
        .isInstanceOfSatisfying(
            UjmApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.type()).isEqualTo("https://ujm.dev/problems/not-found");
            });
  }
}
