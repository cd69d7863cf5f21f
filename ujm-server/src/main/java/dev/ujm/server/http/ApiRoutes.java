package dev.ujm.server.http;

import static dev.ujm.server.http.Access.ADMIN;
import static dev.ujm.server.http.Access.OPERATOR;
import static dev.ujm.server.http.Access.PUBLIC;
import static dev.ujm.server.http.Access.READ;
import static dev.ujm.server.http.Access.WRITE;
import static dev.ujm.server.http.Route.delete;
import static dev.ujm.server.http.Route.get;
import static dev.ujm.server.http.Route.patch;
import static dev.ujm.server.http.Route.post;
import static dev.ujm.server.http.Route.put;

import dev.ujm.api.ProblemTypes;
import dev.ujm.server.alert.AlertController;
import dev.ujm.server.analytics.AnalyticsController;
import dev.ujm.server.live.EventStream;
import dev.ujm.server.live.LiveSocket;
import dev.ujm.server.web.WebPages;
import dev.ujm.server.webhook.WebhookController;
import java.util.List;

/**
 * Every route of the HTTP API (docs/api.md), declared in this one place with the {@link Access} it
 * asks: this list is the table of who may call what, and the role-table test walks it for every
 * role. Fixed paths come before the parameterised ones they could be mistaken for ({@code
 * /api/v2/jobs/status} before {@code /api/v2/jobs/{id}}).
 */
public final class ApiRoutes {
  private ApiRoutes() {}

  /** The controllers the routes call, built by the composition root. */
  public record Controllers(
      OpsController ops,
      JobController jobs,
      JobQueryController queries,
      WaitController waits,
      CrawlController crawls,
      KeyController keys,
      FileController files,
      JobTypeController jobTypes,
      ScheduleController schedules,
      WorkflowController workflows,
      TenantController tenants,
      AuditController audit,
      UsageController usage) {}

  /** Every route, wired to its controller's handler. */
  public static List<Route> all(Controllers c) {
    OpsController ops = c.ops();
    JobController jobs = c.jobs();
    JobQueryController queries = c.queries();
    WaitController waits = c.waits();
    CrawlController crawls = c.crawls();
    KeyController keys = c.keys();
    FileController files = c.files();
    JobTypeController jobTypes = c.jobTypes();
    ScheduleController schedules = c.schedules();
    WorkflowController workflows = c.workflows();
    TenantController tenants = c.tenants();
    AuditController audit = c.audit();
    UsageController usage = c.usage();
    return List.of(
        get("/health", PUBLIC, ops::health),
        get("/ready", PUBLIC, ops::ready),
        get("/metrics", PUBLIC, ops::metrics),
        get("/openapi.json", PUBLIC, ops::openApi),
        post("/api/v2/jobs", WRITE, jobs::submit).submitting(),
        get("/api/v2/jobs", READ, queries::search),
        post("/api/v2/jobs/batch", WRITE, jobs::submitBatch).submitting(),
        post("/api/v2/jobs/crawl", WRITE, crawls::submit).submitting(),
        get("/api/v2/jobs/status", READ, queries::status),
        get("/api/v2/jobs/user/{userId}", READ, queries::userJobs),
        get("/api/v2/jobs/{id}", READ, jobs::get),
        delete("/api/v2/jobs/{id}", WRITE, jobs::cancel),
        post("/api/v2/jobs/{id}/retry", WRITE, jobs::retry).submitting(),
        post("/api/v2/jobs/{id}/clone", WRITE, jobs::cloneJob).submitting(),
        get("/api/v2/jobs/{id}/history", READ, queries::history),
        get("/api/v2/jobs/{id}/result", READ, queries::result),
        get("/api/v2/jobs/{id}/wait", READ, waits::await).waiting(),
        get("/api/v2/queues", ADMIN, ops::queues),
        get("/api/v2/workers", OPERATOR, ops::workers),
        get("/api/v2/dead-letter", READ, queries::deadLetter),
        post("/api/v2/keys", ADMIN, keys::create),
        get("/api/v2/keys", ADMIN, keys::list),
        delete("/api/v2/keys/{id}", ADMIN, keys::revoke),
        post("/api/v2/files", WRITE, files::upload),
        get("/api/v2/files", READ, files::list),
        get("/api/v2/files/{id}", READ, files::download),
        delete("/api/v2/files/{id}", WRITE, files::delete),
        get("/api/v2/job-types", READ, jobTypes::list),
        post("/api/v2/schedules", WRITE, schedules::create),
        get("/api/v2/schedules", READ, schedules::list),
        get("/api/v2/schedules/{id}", READ, schedules::get),
        put("/api/v2/schedules/{id}", WRITE, schedules::replace),
        delete("/api/v2/schedules/{id}", WRITE, schedules::delete),
        post("/api/v2/schedules/{id}/pause", WRITE, schedules::pause),
        post("/api/v2/schedules/{id}/resume", WRITE, schedules::resume),
        post("/api/v2/schedules/{id}/trigger", WRITE, schedules::trigger),
        get("/api/v2/schedules/{id}/runs", READ, schedules::runs),
        get("/api/v2/schedules/{id}/history", READ, schedules::history),
        post("/api/v2/workflows", WRITE, workflows::submit),
        get("/api/v2/workflows", READ, workflows::list),
        get("/api/v2/workflows/{id}", READ, workflows::get),
        post("/api/v2/workflows/{id}/cancel", WRITE, workflows::cancel),
        post("/api/v2/workflows/{id}/retry", WRITE, workflows::retry),
        get("/api/v2/usage", ADMIN, usage::usage),
        post("/api/v2/tenants", OPERATOR, tenants::create),
        get("/api/v2/tenants", OPERATOR, tenants::list),
        get("/api/v2/tenants/{tenantId}", OPERATOR, tenants::get),
        put("/api/v2/tenants/{tenantId}", OPERATOR, tenants::replace),
        get("/api/v2/audit", OPERATOR, audit::list),
        post("/api/v1/crawl", WRITE, crawls::submitAndWait).waiting().submitting());
  }

  /** The routes of analytics: time series of the job metrics, and SLA attainment. */
  public static List<Route> analytics(AnalyticsController analytics) {
    return List.of(
        get("/api/v2/analytics", ADMIN, analytics::series),
        get("/api/v2/analytics/sla", ADMIN, analytics::sla));
  }

  /** The route of the operators' advice. */
  public static List<Route> advice(RecommendationController recommendations) {
    return List.of(get("/api/v2/recommendations", ADMIN, recommendations::list));
  }

  /** The routes of webhooks and alerts. */
  public static List<Route> observability(WebhookController webhooks, AlertController alerts) {
    return List.of(
        get("/api/v2/alerts", ADMIN, alerts::list),
        post("/api/v2/webhooks", ADMIN, webhooks::create),
        get("/api/v2/webhooks", ADMIN, webhooks::list),
        delete("/api/v2/webhooks/{id}", ADMIN, webhooks::delete));
  }

  /**
   * The routes of the live side: the pages, the event stream, the WebSocket's plain-GET answer (the
   * upgrade itself is served by {@link LiveSocket}), queue control and the monitor's overview.
   */
  public static List<Route> live(
      WebPages pages, EventStream events, QueueController queues, MonitorController monitor) {
    return List.of(
        get("/", PUBLIC, pages::dashboard),
        get("/admin", PUBLIC, pages::monitor),
        get("/schedules", PUBLIC, pages::schedules),
        get("/workflows", PUBLIC, pages::workflows),
        get("/api/v2/events", READ, events::stream).waiting().acceptingQueryKey(),
        get(LiveSocket.PATH, READ, ApiRoutes::upgradeRequired).acceptingQueryKey(),
        patch("/api/v2/queues/{queue}", OPERATOR, queues::update),
        get("/api/v2/monitor", ADMIN, monitor::overview));
  }

  /** A plain GET of the WebSocket's path: 426, with what to do instead. */
  private static void upgradeRequired(io.javalin.http.Context ctx, Caller caller) {
    ctx.header("Upgrade", "websocket");
    throw new ProblemException(
        426,
        ProblemTypes.UPGRADE_REQUIRED,
        "Upgrade required",
        "this is a WebSocket: connect with ws:// and send {\"action\":\"subscribe\",\"scope\":\"own\"}",
        null,
        null);
  }
}
