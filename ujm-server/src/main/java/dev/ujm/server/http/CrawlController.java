package dev.ujm.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.api.JobAccepted;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.api.SyncCrawlResponse;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Job;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Crawl submission: {@code POST /api/v2/jobs/crawl} (asynchronous, answers the job) and the
 * compatibility endpoint {@code POST /api/v1/crawl} (waits up to {@code UJM_SYNC_WAIT_SECONDS} for
 * the crawl, answers its result or, past the wait, {@code 202} with where to poll). The body's
 * fields other than {@code priority} and {@code idempotencyKey} are the crawl payload, checked by
 * the crawl job type; only {@code url} is checked here. Thread-safe.
 */
public final class CrawlController {
  /** The job type crawls are submitted as. */
  public static final String CRAWL_TYPE = "crawl";

  /** Most pages the v1 answer carries inline; the rest are at the job's result endpoint. */
  public static final int MAX_INLINE_PAGES = 10_000;

  private final Backend backend;
  private final HttpExchange exchange;
  private final InstantSource clock;
  private final Duration syncWait;

  public CrawlController(
      Backend backend, HttpExchange exchange, InstantSource clock, Duration syncWait) {
    this.backend = backend;
    this.exchange = exchange;
    this.clock = clock;
    this.syncWait = syncWait;
  }

  /** {@code POST /api/v2/jobs/crawl}: 201 with the crawl job. */
  public void submit(Context ctx, Caller caller) {
    JobController.answerSubmit(ctx, caller, submitCrawl(ctx, caller, backend.engine()));
  }

  /**
   * {@code POST /api/v1/crawl}: 200 with the result when the crawl finishes in time, else 202 with
   * the job id.
   */
  public void submitAndWait(Context ctx, Caller caller) throws InterruptedException {
    Engine engine = backend.engine();
    SubmitResult submitted = submitCrawl(ctx, caller, engine);
    Job job = caller.visible(submitted.job());
    HttpExchange.aboutJob(ctx, job.id());
    Job finished = engine.watch().awaitFinal(engine.jobs()::get, job.id(), syncWait);
    if (!finished.state().isFinal()) {
      String location = "/api/v2/jobs/" + job.id();
      ctx.header("Location", location);
      HttpExchange.json(ctx, 202, new JobAccepted(job.id(), finished.state().wireName(), location));
      return;
    }
    HttpExchange.json(
        ctx,
        200,
        new SyncCrawlResponse(
            finished.id(),
            finished.state().wireName(),
            finished.result(),
            pages(engine.jobs(), finished.id()),
            Views.error(
                finished.state() == dev.ujm.core.model.JobState.COMPLETED
                    ? null
                    : finished.lastError())));
  }

  private SubmitResult submitCrawl(Context ctx, Caller caller, Engine engine) {
    ObjectNode body = exchange.readObject(ctx);
    checkUrl(body.get("url"));
    String priority = text(body.remove("priority"), "priority");
    String idempotencyKey = text(body.remove("idempotencyKey"), "idempotencyKey");
    SubmitJobRequest request =
        SubmitJobRequest.of(CRAWL_TYPE, body)
            .withPriority(priority)
            .withIdempotencyKey(idempotencyKey);
    JobService jobs = engine.jobs();
    return jobs.submit(JobRequests.toNewJob(request, caller, jobs, clock, ""));
  }

  /**
   * Checks the start URL: present, absolute, {@code http} or {@code https}, with a host.
   *
   * @throws ProblemException 400 naming {@code url}
   */
  public static void checkUrl(JsonNode url) {
    if (url == null || url.isNull() || !url.isTextual() || url.asText().isBlank()) {
      throw ProblemException.invalid(
          "url", "url is required: the absolute http or https URL to start crawling from");
    }
    String text = url.asText().trim();
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && !uri.getHost().isBlank()) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw ProblemException.invalid(
        "url",
        "url must be an absolute http or https URL such as https://example.com/, not '"
            + text
            + "'");
  }

  private static String text(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ProblemException.invalid(field, field + " must be a string");
    }
    return value.asText();
  }

  private static List<JsonNode> pages(JobService jobs, String jobId) {
    List<JsonNode> pages = new ArrayList<>();
    String cursor = null;
    do {
      Page<JsonNode> page = jobs.results(jobId, cursor, 1000);
      pages.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null && pages.size() < MAX_INLINE_PAGES);
    return pages.size() > MAX_INLINE_PAGES ? pages.subList(0, MAX_INLINE_PAGES) : pages;
  }
}
