package dev.ujm.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.CreatedApiKey;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Json;
import dev.ujm.server.api.ServerFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The job dashboard, the admin monitor, the schedules page and the workflow view in a real headless
 * Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code ./ujm test}
 * installs), against one real server: what a person sees and does, over each live transport.
 * Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardsInChromiumTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Fails with the message its payload gives: a job whose error is text a user typed. */
  record Explode(String message) {}

  @TempDir static Path dir;
  @TempDir static Path profile;
  private ServerFixture ujm;
  private ChromeDriver browser;
  private CreatedApiKey alice;
  private final Path screenshots = Path.of("target", "screenshots");

  @BeforeAll
  void start() throws IOException {
    assertThat(CHROMIUM)
        .as(
            "the browser tests need Debian's chromium and chromium-driver: ./ujm test installs them")
        .exists();
    assertThat(CHROMEDRIVER).exists();
    ujm =
        ServerFixture.start(
            dir,
            Map.of("UJM_SLA_NOOP", "99% within 1m", "UJM_SLA_EXPLODE", "90% within 1m"),
            b ->
                b.register(
                    JobDefinition.of(
                        "explode",
                        Explode.class,
                        ctx -> JobOutcome.failed("explosion", ctx.payload().message()))));
    alice = ujm.key("user", "default", "alice");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    Files.createDirectories(screenshots);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (ujm != null) {
      ujm.close();
    }
  }

  @BeforeEach
  void freshTab() {
    browser.manage().window().setSize(new Dimension(1280, 1000));
    open("/health");
    script("sessionStorage.clear()");
  }

  // ---------- helpers ----------
  // The pages re-render as events arrive, so elements are read and clicked in one step, and a
  // click on an element that was replaced meanwhile is tried again.

  private void open(String path) {
    browser.get("http://127.0.0.1:" + ujm.server().port() + path);
  }

  private Object script(String js, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(js, args);
  }

  private void signIn(String path, String key) {
    open(path);
    awaitVisible("#api-key").sendKeys(key);
    click("#sign-in-form button[type=submit]");
  }

  private WebElement awaitVisible(String selector) {
    return await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                browser.findElements(By.cssSelector(selector)).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  private void click(String selector) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              browser.findElement(By.cssSelector(selector)).click();
              return true;
            });
  }

  /** The text of the first element matching, read in one step in the page; null when none. */
  private String text(String selector) {
    return (String)
        script(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : null",
            selector);
  }

  private String attribute(String selector, String name) {
    return (String)
        script(
            "const e = document.querySelector(arguments[0]);"
                + " return e ? e.getAttribute(arguments[1]) : null",
            selector,
            name);
  }

  private boolean exists(String selector) {
    return (Boolean) script("return document.querySelector(arguments[0]) !== null", selector);
  }

  private void awaitTransport(String transport) {
    await().atMost(WAIT).until(() -> ("Live: " + transport).equals(text("#transport")));
  }

  private String stateInRow(String table, String jobId) {
    return attribute("#" + table + " tr[data-job-id='" + jobId + "']", "data-state");
  }

  private String row(String table, String jobId) {
    return "#" + table + " tr[data-job-id='" + jobId + "']";
  }

  private String submitInPage(String type, String payload) {
    WebElement typeInput = awaitVisible("#job-type");
    typeInput.clear();
    typeInput.sendKeys(type);
    WebElement payloadInput = awaitVisible("#job-payload");
    payloadInput.clear();
    payloadInput.sendKeys(payload);
    click("#submit-form button[type=submit]");
    await().atMost(WAIT).until(() -> text("#submit-message").startsWith("Submitted"));
    String message = text("#submit-message");
    return message.substring(message.lastIndexOf(' ') + 1, message.length() - 1);
  }

  private void screenshot(String name) throws IOException {
    Files.write(
        screenshots.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private String submitByApi(String key, String type, Object payload) {
    return ujm.client(key)
        .submit(
            SubmitJobRequest.of(type, payload == null ? null : Json.mapper().valueToTree(payload)))
        .job()
        .id();
  }

  // ---------- the dashboard ----------

  @Test
  void
      a_user_signs_in_submits_a_sleep_job_and_watches_its_progress_bar_reach_done_without_a_reload()
          throws IOException {
    signIn("/", alice.key());
    awaitTransport("WebSocket");
    script("window.__notReloaded = true");

    String id = submitInPage("sleep", "{\"ms\": 2500}");

    await().atMost(WAIT).until(() -> "processing".equals(stateInRow("active-rows", id)));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              String value = attribute(row("active-rows", id) + " progress", "value");
              return value != null && Double.parseDouble(value) > 0;
            });
    screenshot("dashboard-running");
    await().atMost(WAIT).until(() -> "completed".equals(stateInRow("history-rows", id)));
    assertThat(stateInRow("active-rows", id)).isNull();
    assertThat(script("return window.__notReloaded")).isEqualTo(true);
    screenshot("dashboard");
  }

  @Test
  void a_running_job_is_cancelled_from_its_row() {
    signIn("/", alice.key());
    awaitTransport("WebSocket");
    String id = submitByApi(alice.key(), "sleep", Map.of("ms", 60_000));
    await().atMost(WAIT).until(() -> "processing".equals(stateInRow("active-rows", id)));

    click(row("active-rows", id) + " button[data-action=cancel]");

    await().atMost(WAIT).until(() -> "cancelled".equals(stateInRow("history-rows", id)));
    assertThat(ujm.admin().get(id).state()).isEqualTo("cancelled");
  }

  @Test
  void a_failed_flaky_job_is_retried_from_the_history_and_completes() {
    signIn("/", alice.key());
    awaitTransport("WebSocket");
    String id =
        ujm.client(alice.key())
            .submit(
                SubmitJobRequest.of("flaky", Json.mapper().valueToTree(Map.of("failTimes", 1)))
                    .withMaxAttempts(1))
            .job()
            .id();
    await().atMost(WAIT).until(() -> "failed".equals(stateInRow("history-rows", id)));

    click(row("history-rows", id) + " button[data-action=retry]");

    await().atMost(WAIT).until(() -> "completed".equals(stateInRow("history-rows", id)));
  }

  @Test
  void events_arrive_over_server_sent_events_and_over_polling_when_the_transports_before_are_off() {
    for (String[] forced : new String[][] {{"sse", "Server-Sent Events"}, {"polling", "polling"}}) {
      freshTab();
      signIn("/?transport=" + forced[0], alice.key());
      awaitTransport(forced[1]);
      // longer than a poll, so that polling sees it running too
      String id = submitByApi(alice.key(), "sleep", Map.of("ms", 5000));

      await().atMost(WAIT).until(() -> "processing".equals(stateInRow("active-rows", id)));
      await().atMost(WAIT).until(() -> "completed".equals(stateInRow("history-rows", id)));
      assertThat(text("#transport")).isEqualTo("Live: " + forced[1]);
    }
  }

  @Test
  void tags_payload_and_error_holding_markup_are_shown_as_text_and_run_nothing() {
    String script = "<script>window.__xss = 1</script>";
    String image = "<img src=x onerror=\"window.__xss = 2\">";
    String id =
        ujm.client(alice.key())
            .submit(
                SubmitJobRequest.of(
                        "explode", Json.mapper().valueToTree(Map.of("message", script + image)))
                    .withTags(List.of(script, image))
                    .withMaxAttempts(1))
            .job()
            .id();
    await().atMost(WAIT).until(() -> ujm.admin().get(id).state().equals("failed"));
    signIn("/", alice.key());
    await().atMost(WAIT).until(() -> "failed".equals(stateInRow("history-rows", id)));

    click(row("history-rows", id) + " button.link-button");
    awaitVisible("#detail-body .errors");

    assertThat(text("#detail-body .errors")).contains(script).contains(image);
    assertThat(text(row("history-rows", id) + " .tags")).contains(script).contains(image);
    assertThat(text("#detail-body .payload")).contains("onerror");
    assertThat(exists("main img, main script")).isFalse();
    assertThat(script("return window.__xss === undefined")).isEqualTo(true);
    click("#detail-close");
  }

  @Test
  void at_375_pixels_wide_neither_page_scrolls_sideways() throws IOException {
    browser.manage().window().setSize(new Dimension(375, 812));
    String sleeping = submitByApi(alice.key(), "sleep", Map.of("ms", 30_000));
    signIn("/", alice.key());
    awaitTransport("WebSocket");
    await().atMost(WAIT).until(() -> exists(row("active-rows", sleeping)));
    assertThat(noSidewaysScroll()).isTrue();
    screenshot("dashboard-375px");

    script("sessionStorage.clear()");
    signIn("/admin", ServerFixture.ADMIN_KEY);
    awaitVisible("#queue-rows tr");
    assertThat(noSidewaysScroll()).isTrue();
    screenshot("admin-monitor-375px");
    ujm.admin().cancel(sleeping);
  }

  private boolean noSidewaysScroll() {
    return (Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth");
  }

  // ---------- schedules and workflows ----------

  @Test
  void the_schedules_page_shows_the_next_fires_and_pauses_resumes_and_runs_a_schedule_now()
      throws IOException {
    JsonNode created =
        ServerFixture.json(
            ujm.send(
                "POST",
                "/api/v2/schedules",
                alice.key(),
                "{\"name\":\"nightly report\",\"cron\":\"30 2 * * *\",\"timeZone\":\"Europe/Berlin\","
                    + "\"job\":{\"type\":\"echo\",\"payload\":{\"report\":\"daily\"}}}"));
    String id = created.path("id").asText();
    String row = "#schedule-rows tr[data-schedule-id='" + id + "']";
    signIn("/schedules", alice.key());
    awaitTransport("WebSocket");

    awaitVisible(row);
    assertThat(attribute(row + " time.next-fire", "datetime"))
        .isEqualTo(created.path("nextFireAt").asText());
    assertThat(text(row + " .last-run")).isEqualTo("never");

    click(row + " button[data-action=pause]");
    await().atMost(WAIT).until(() -> "false".equals(attribute(row, "data-enabled")));
    assertThat(schedule(id).path("enabled").asBoolean()).isFalse();
    click(row + " button[data-action=resume]");
    await().atMost(WAIT).until(() -> "true".equals(attribute(row, "data-enabled")));
    assertThat(schedule(id).path("enabled").asBoolean()).isTrue();

    click(row + " button[data-action=trigger]");
    // the row shows the run's state as it moves, from the live stream
    await().atMost(WAIT).until(() -> text(row + " .last-run").contains("completed"));
    assertThat(schedule(id).path("lastRunState").asText()).isEqualTo("completed");
    screenshot("schedules");
  }

  private JsonNode schedule(String id) {
    return ServerFixture.json(ujm.send("GET", "/api/v2/schedules/" + id, alice.key(), null));
  }

  private String node(String ref) {
    return "#dag g.dag-node[data-ref='" + ref + "']";
  }

  @Test
  void the_workflow_view_draws_the_dag_and_recolours_its_nodes_as_their_jobs_move()
      throws IOException {
    String workflow =
        ServerFixture.json(
                ujm.send(
                    "POST",
                    "/api/v2/workflows",
                    alice.key(),
                    "{\"name\":\"crawl and index\",\"jobs\":["
                        + "{\"ref\":\"crawl\",\"type\":\"echo\",\"payload\":{\"pages\":3}},"
                        + "{\"ref\":\"index\",\"type\":\"sleep\",\"payload\":{\"ms\":60000},"
                        + "\"dependsOn\":[\"crawl\"],\"runIf\":{\"pointer\":\"/pages\",\"op\":\">\",\"value\":0}},"
                        + "{\"ref\":\"undo\",\"type\":\"noop\",\"dependsOn\":[\"index\"],\"runWhen\":\"failed\"},"
                        + "{\"ref\":\"tidy\",\"type\":\"noop\",\"dependsOn\":[\"index\"],\"runWhen\":\"finished\"}],"
                        + "\"onComplete\":{\"type\":\"noop\"}}"))
            .path("id")
            .asText();
    signIn("/workflows", alice.key());
    awaitTransport("WebSocket");
    click("#workflow-rows tr[data-workflow-id='" + workflow + "'] button");

    await().atMost(WAIT).until(() -> "processing".equals(attribute(node("index"), "data-state")));
    script("window.__notReloaded = true");
    assertThat(((Number) script("return document.querySelectorAll('#dag g.dag-node').length")))
        .isEqualTo(5L);
    // three edges of the workflow, and the callback's from each step nothing depends on
    assertThat(((Number) script("return document.querySelectorAll('#dag path.dag-edge').length")))
        .isEqualTo(5L);
    assertThat(exists("#dag path.dag-edge.run-when-failed[data-from=index][data-to=undo]"))
        .isTrue();
    assertThat(attribute(node("crawl"), "data-state")).isEqualTo("completed");
    assertThat(attribute(node("undo"), "data-state")).isEqualTo("waiting");
    screenshot("workflow-running");

    String index =
        ServerFixture.json(ujm.send("GET", "/api/v2/workflows/" + workflow, alice.key(), null))
            .path("nodes")
            .get(1)
            .path("jobId")
            .asText();
    ujm.client(alice.key()).cancel(index);

    await().atMost(WAIT).until(() -> "cancelled".equals(attribute(node("index"), "data-state")));
    await().atMost(WAIT).until(() -> "completed".equals(attribute(node("undo"), "data-state")));
    await().atMost(WAIT).until(() -> "completed".equals(attribute(node("tidy"), "data-state")));
    await()
        .atMost(WAIT)
        .until(() -> "cancelled".equals(attribute(node("onComplete"), "data-state")));
    await().atMost(WAIT).until(() -> "cancelled".equals(attribute("#workflow", "data-state")));
    assertThat(fill(node("undo"))).isNotEqualTo(fill(node("index")));
    assertThat(script("return window.__notReloaded")).isEqualTo(true);

    click(node("index"));
    await().atMost(WAIT).until(() -> text("#node-detail").contains("cancel"));
    assertThat(text("#node-detail")).contains("/pages");
    screenshot("workflow");
  }

  /** The colour a node's box is filled with, as the browser draws it. */
  private String fill(String selector) {
    return (String)
        script(
            "return getComputedStyle(document.querySelector(arguments[0] + ' rect')).fill",
            selector);
  }

  // ---------- the admin monitor ----------

  @Test
  void the_monitor_shows_a_worker_with_its_running_job_and_a_dead_letter_job() throws IOException {
    String dead =
        ujm.client(alice.key())
            .submit(
                SubmitJobRequest.of(
                        "explode", Json.mapper().valueToTree(Map.of("message", "out of fuel")))
                    .withMaxAttempts(1))
            .job()
            .id();
    String running = submitByApi(alice.key(), "sleep", Map.of("ms", 20_000));
    await().atMost(WAIT).until(() -> ujm.admin().get(running).state().equals("processing"));

    signIn("/admin", ServerFixture.ADMIN_KEY);
    awaitTransport("WebSocket");

    await().atMost(WAIT).until(() -> exists("#nodes li[data-job-id='" + running + "']"));
    await().atMost(WAIT).until(() -> exists(row("dead-rows", dead)));
    assertThat(text(row("dead-rows", dead))).contains("out of fuel");
    assertThat(exists("#chart svg")).isTrue();
    assertThat(text("#nodes")).contains("last heartbeat");
    await().atMost(WAIT).until(() -> text("#recommendation-rows").contains("user alice of tenant"));
    screenshot("admin-monitor");

    click(row("dead-rows", dead) + " input.dead-pick");
    click("#dead-retry");
    await().atMost(WAIT).until(() -> "Retried 1 of 1.".equals(text("#dead-message")));
    ujm.admin().cancel(running);
  }

  @Test
  void the_monitor_charts_outcomes_run_time_percentiles_and_sla_attainment() throws IOException {
    for (int i = 0; i < 3; i++) {
      submitByApi(alice.key(), "noop", null);
    }
    String dead =
        ujm.client(alice.key())
            .submit(
                SubmitJobRequest.of("explode", Json.mapper().valueToTree(Map.of("message", "no")))
                    .withMaxAttempts(1))
            .job()
            .id();
    await().atMost(WAIT).until(() -> ujm.admin().get(dead).state().equals("failed"));

    signIn("/admin", ServerFixture.ADMIN_KEY);

    await().atMost(WAIT).until(() -> exists("#trend-chart rect.bar"));
    await().atMost(WAIT).until(() -> exists("#sla-chart rect.missed[data-type='explode']"));
    assertThat(exists("#runtime-chart polyline[data-quantile='p99']")).isTrue();
    assertThat(exists("#sla-chart rect.met[data-type='noop']")).isTrue();
    assertThat(text("#trend-summary")).contains("SLA missed: explode");

    script("document.getElementById('trends').scrollIntoView()");
    screenshot("admin-monitor-trends");
    script(
        "const s = document.getElementById('trend-range'); s.value = 'day';"
            + " s.dispatchEvent(new Event('change'));");
    await().atMost(WAIT).until(() -> exists("#trend-chart rect.bar"));
  }

  @Test
  void pausing_a_queue_in_the_monitor_stops_its_claims_and_resuming_restarts_them() {
    signIn("/admin", ServerFixture.ADMIN_KEY);
    String echo = "#queue-rows tr[data-queue=echo]";
    awaitVisible(echo);

    click(echo + " button[data-action=pause]");
    await().atMost(WAIT).until(() -> "true".equals(attribute(echo, "data-paused")));
    String id = submitByApi(alice.key(), "echo", Map.of("a", 1));

    await().atMost(WAIT).until(() -> "1".equals(text(echo + " .queued")));
    assertThat(ujm.admin().get(id).state()).isEqualTo("queued");
    assertThat(text(echo + " .queue-status")).isEqualTo("paused");

    click(echo + " button[data-action=resume]");
    await().atMost(WAIT).until(() -> ujm.admin().get(id).state().equals("completed"));
    await().atMost(WAIT).until(() -> "false".equals(attribute(echo, "data-paused")));
  }

  @Test
  void an_operator_switches_the_monitor_to_another_tenant_and_a_tenant_admin_sees_only_its_own() {
    String acmeUser = ujm.key("user", "acme", "ann").key();
    String parked =
        ujm.client(acmeUser)
            .submit(SubmitJobRequest.of("noop", null).withDelaySeconds(3600L))
            .job()
            .id();
    ujm.client(acmeUser).cancel(parked);

    signIn("/admin", ServerFixture.ADMIN_KEY);
    await().atMost(WAIT).until(() -> exists("#tenant-switch option[value='acme']"));
    script(
        "const s = document.getElementById('tenant-switch'); s.value = 'acme';"
            + " s.dispatchEvent(new Event('change'));");

    await().atMost(WAIT).until(() -> text("#totals li[data-state='cancelled'] .n").equals("1"));
    assertThat(exists("#workers:not([hidden])")).isTrue();

    click("#sign-out");
    signIn("/admin", ujm.key("admin", "acme", "boss").key());
    await().atMost(WAIT).until(() -> exists("#tenant-rows tr[data-tenant='acme']"));
    assertThat(exists("#tenant-switcher:not([hidden])")).isFalse();
    assertThat(exists("#workers:not([hidden])")).isFalse();
    assertThat(exists("#tenant-rows tr[data-tenant='default']")).isFalse();
  }

  @Test
  void
      the_quota_use_of_the_tenant_on_view_stands_beside_its_quotas_for_an_operator_and_its_admin() {
    assertThat(
            ujm.send(
                    "PUT",
                    "/api/v2/tenants/quotaco",
                    ServerFixture.ADMIN_KEY,
                    "{\"quotas\":{\"maxQueued\":5,\"maxRunning\":3,\"jobsPerDay\":2}}")
                .statusCode())
        .isEqualTo(200);
    String user = ujm.key("user", "quotaco", "quinn").key();
    for (int i = 0; i < 2; i++) {
      ujm.client(user).submit(SubmitJobRequest.of("noop", null).withDelaySeconds(3600L));
    }

    signIn("/admin", ServerFixture.ADMIN_KEY);
    await().atMost(WAIT).until(() -> exists("#tenant-switch option[value='quotaco']"));
    script(
        "const s = document.getElementById('tenant-switch'); s.value = 'quotaco';"
            + " s.dispatchEvent(new Event('change'));");
    await().atMost(WAIT).until(() -> "quotaco".equals(text("#quota-tenant")));
    assertQuotaRow("maxQueued", "2", "5", "false");
    assertQuotaRow("maxRunning", "0", "3", "false");
    assertQuotaRow("jobsPerDay", "2", "2", "true");
    assertQuotaRow("costPerDay", "2", "no limit", "false");

    click("#sign-out");
    signIn("/admin", ujm.key("admin", "quotaco", "boss").key());
    await().atMost(WAIT).until(() -> "quotaco".equals(text("#quota-tenant")));
    assertQuotaRow("jobsPerDay", "2", "2", "true");
    assertThat(exists("#tenant-switcher:not([hidden])")).isFalse();
  }

  private void assertQuotaRow(String quota, String used, String limit, String full) {
    String row = "#quota-rows tr[data-quota='" + quota + "']";
    await().atMost(WAIT).until(() -> used.equals(text(row + " .used")));
    assertThat(text(row + " .limit")).isEqualTo(limit);
    assertThat(attribute(row, "data-full")).isEqualTo(full);
  }

  @Test
  void a_user_key_on_the_monitor_gets_a_clear_refusal() {
    signIn("/admin", alice.key());

    WebElement refused = awaitVisible("#refused");

    assertThat(refused.getText()).contains("needs an admin key");
    assertThat(exists("#app:not([hidden])")).isFalse();
  }
}
