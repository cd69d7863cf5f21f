package dev.ujm.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.api.JobAccepted;
import dev.ujm.api.JobErrorView;
import dev.ujm.api.ProblemTypes;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.api.SyncCrawlResponse;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.Page;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.server.crawl.InRequestCrawl;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.BackendUnavailableException;
import dev.ujm.server.engine.Engine;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Crawl submission: {@code POST /api/v2/jobs/crawl} (asynchronous, answers the job) and the
 * compatibility endpoint {@code POST /api/v1/crawl} (waits up to {@code UJM_SYNC_WAIT_SECONDS} for
 * the crawl, answers its result or, past the wait, {@code 202} with where to poll). The body's
 * fields other than {@code priority} and {@code idempotencyKey} are the crawl payload, checked by
 * the crawl job type; only {@code url} is checked here.
 *
 * <p>When the job store cannot take the crawl job (down, failing, or its breaker open), the
 * compatibility endpoint runs the crawl inside the request instead ({@link InRequestCrawl}),
 * bounded by {@code maxPages} and the same wait, and answers {@code 200} with {@code "fallback":
 * true} and no job id: nothing was stored. Thread-safe.
 */
public final class CrawlController {
  /** The job type crawls are submitted as. */
  public static final String CRAWL_TYPE = "crawl";

  /** Most pages the v1 answer carries inline; the rest are at the job's result endpoint. */
  public static final int MAX_INLINE_PAGES = 10_000;

  private final Backend backend;
  private final JobController jobs;
  private final HttpExchange exchange;
  private final InstantSource clock;
  private final Duration syncWait;
  private final InRequestCrawl fallback;
  private final ProblemMapper problems;

  /**
   * @param fallback runs the compatibility crawl inside the request when the store cannot take it
   */
  public CrawlController(
      Backend backend,
      JobController jobs,
      HttpExchange exchange,
      InstantSource clock,
      Duration syncWait,
      InRequestCrawl fallback,
      ProblemMapper problems) {
    this.backend = backend;
    this.jobs = jobs;
    this.exchange = exchange;
    this.clock = clock;
    this.syncWait = syncWait;
    this.fallback = fallback;
    this.problems = problems;
  }

  /** {@code POST /api/v2/jobs/crawl}: 201 with the crawl job. */
  public void submit(Context ctx, Caller caller) {
    ObjectNode body = exchange.readObject(ctx);
    Engine engine = backend.engine();
    JobController.answerSubmit(
        ctx, caller, submitCrawl(body, caller, engine), JobController.served(engine));
  }

  /**
   * {@code POST /api/v1/crawl}: 200 with the result when the crawl finishes in time, else 202 with
   * the job id; 200 with {@code "fallback": true} when the crawl had to run inside the request.
   */
  public void submitAndWait(Context ctx, Caller caller) throws InterruptedException {
    ObjectNode body = exchange.readObject(ctx);
    Engine engine;
    SubmitResult submitted;
    try {
      engine = backend.engine();
      submitted = submitCrawl(body.deepCopy(), caller, engine);
    } catch (RuntimeException e) {
      if (!(e instanceof BackendUnavailableException) && !problems.isStoreFault(e, ctx)) {
        throw e;
      }
      HttpExchange.storeFailed(ctx, e);
      crawlInRequest(ctx, body);
      return;
    }
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
            Views.error(finished.state() == JobState.COMPLETED ? null : finished.lastError()),
            null));
  }

  private void crawlInRequest(Context ctx, ObjectNode body) throws InterruptedException {
    checkUrl(body.get("url"));
    text(body.remove("priority"), "priority");
    text(body.remove("idempotencyKey"), "idempotencyKey");
    Optional<InRequestCrawl.Outcome> ran = fallback.run(body, syncWait, MAX_INLINE_PAGES);
    if (ran.isEmpty()) {
      throw new ProblemException(
          503,
          ProblemTypes.BACKEND_UNAVAILABLE,
          "Backend unavailable",
          "the job store cannot take crawls now and this node already runs "
              + InRequestCrawl.MAX_CONCURRENT
              + " crawls inside requests; retry later",
          null,
          Duration.ofSeconds(Math.max(1, syncWait.toSeconds())));
    }
    InRequestCrawl.Outcome outcome = ran.get();
    HttpExchange.json(
        ctx,
        200,
        new SyncCrawlResponse(
            null,
            outcome.state(),
            outcome.result(),
            outcome.pages(),
            outcome.errorType() == null
                ? null
                : new JobErrorView(outcome.errorType(), outcome.error(), 1, clock.instant()),
            true));
  }

  private SubmitResult submitCrawl(ObjectNode body, Caller caller, Engine engine) {
    checkUrl(body.get("url"));
    String priority = text(body.remove("priority"), "priority");
    String idempotencyKey = text(body.remove("idempotencyKey"), "idempotencyKey");
    SubmitJobRequest request =
        SubmitJobRequest.of(CRAWL_TYPE, body)
            .withPriority(priority)
            .withIdempotencyKey(idempotencyKey);
    JobService service = engine.jobs();
    return service.submit(jobs.newJob(engine, request, caller, ""));
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
    if (!Inputs.hasControlCharacter(url.asText())) {
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
    }
    throw ProblemException.invalid(
        "url", "url must be an absolute http or https URL such as https://example.com/");
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
