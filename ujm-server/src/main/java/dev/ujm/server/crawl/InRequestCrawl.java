package dev.ujm.server.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobBuilder;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.JobState;
import dev.ujm.jobs.crawl.CrawlDependencies;
import dev.ujm.jobs.crawl.CrawlJobHandler;
import dev.ujm.jobs.crawl.CrawlPayload;
import dev.ujm.jobs.crawl.CrawlSettings;
import dev.ujm.jobs.crawl.HostLimiter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crawl run inside a request, for the compatibility endpoint when the job store cannot take the
 * crawl job. It is the same crawl (the {@code crawl} type's validation and handler, with the node's
 * crawl settings and their private-network guard), bounded by the payload's {@code maxPages} and by
 * the request's wait; the pages are kept in memory and answered, nothing is stored, and nothing is
 * promised about durability: a crawl cut by the wait or by a restart is simply gone. At most {@link
 * #MAX_CONCURRENT} run at a time on a node, so an outage of the store cannot turn every request
 * into a crawl. Thread-safe.
 */
public final class InRequestCrawl {
  private static final Logger LOG = LoggerFactory.getLogger(InRequestCrawl.class);

  /** Crawls that may run in requests at the same time. */
  public static final int MAX_CONCURRENT = 4;

  private final JobDefinition<CrawlPayload> definition;
  private final InstantSource clock;
  private final JobIds ids;
  private final Semaphore slots = new Semaphore(MAX_CONCURRENT);

  /** How a crawl in a request ended. */
  public record Outcome(
      String state, JsonNode result, List<JsonNode> pages, String errorType, String error) {}

  public InRequestCrawl(JobEnvironment environment) {
    CrawlSettings settings = CrawlSettings.from(environment);
    this.definition =
        CrawlJobHandler.definition(CrawlDependencies.create(settings, new HostLimiter()));
    this.clock = environment.clock();
    this.ids = new JobIds(clock);
  }

  /**
   * Runs the crawl this payload asks for, for at most {@code wait}.
   *
   * @param maxPages most pages answered
   * @return empty when {@link #MAX_CONCURRENT} crawls are running already
   * @throws InvalidJobException when the payload fails the crawl type's validation
   */
  public Optional<Outcome> run(JsonNode payload, Duration wait, int maxPages)
      throws InterruptedException {
    CrawlPayload crawl = validated(payload);
    if (!slots.tryAcquire()) {
      return Optional.empty();
    }
    try {
      Job job =
          new JobBuilder()
              .id(ids.next())
              .type(CrawlJobHandler.TYPE)
              .queue(CrawlJobHandler.TYPE)
              .payload(payload)
              .state(JobState.PROCESSING)
              .attempt(1)
              .maxAttempts(1)
              .createdAt(clock.instant())
              .startedAt(clock.instant())
              .updatedAt(clock.instant())
              .build();
      InRequestJobContext<CrawlPayload> context =
          new InRequestJobContext<>(crawl, job, clock, wait, maxPages);
      LOG.info("crawling {} inside the request: the job store cannot take the job", crawl.url());
      JobOutcome outcome;
      try {
        outcome = definition.handler().run(context);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        outcome = JobOutcome.failed("crawl.failed", String.valueOf(e.getMessage()));
      }
      return Optional.of(outcome(outcome, context.items(), wait));
    } finally {
      slots.release();
    }
  }

  private CrawlPayload validated(JsonNode payload) {
    try {
      CrawlPayload crawl = JobTypeRegistry.mapPayload(definition, payload);
      definition.validator().validate(crawl);
      return crawl;
    } catch (InvalidPayloadException e) {
      throw new InvalidJobException(
          InvalidJobException.Reason.INVALID_PAYLOAD,
          e.field() == null ? "payload" : "payload." + e.field(),
          "invalid crawl payload: " + e.getMessage());
    }
  }

  private static Outcome outcome(JobOutcome outcome, List<JsonNode> pages, Duration wait) {
    return switch (outcome) {
      case JobOutcome.Completed c -> new Outcome("completed", c.result(), pages, null, null);
      case JobOutcome.Failed f -> new Outcome("failed", null, pages, f.type(), f.message());
      case JobOutcome.RetryLater r ->
          new Outcome("failed", null, pages, "crawl.failed", r.reason());
      case JobOutcome.Cancelled c ->
          new Outcome(
              "cancelled",
              null,
              pages,
              "crawl.wait-over",
              "the crawl ran inside the request and stopped after "
                  + wait.toSeconds()
                  + " s (UJM_SYNC_WAIT_SECONDS); these are the pages fetched until then");
    };
  }
}
