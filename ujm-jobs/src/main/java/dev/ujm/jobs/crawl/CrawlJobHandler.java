package dev.ujm.jobs.crawl;

import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobHandler;
import dev.ujm.core.handler.JobOutcome;

/**
 * The {@code crawl} job type: a polite, resumable web crawl from one seed URL. Each attempt runs a
 * {@link CrawlRun}; pages are stored as result items ({@link PageRecord}), the job's result is a
 * {@link CrawlSummary}, and the frontier is checkpointed so a later attempt continues where this
 * one stopped.
 *
 * <p>Outcomes: completed with the summary; cancelled when the job was cancelled or the node is
 * stopping (pages stored so far are kept); failed for good when the seed answers 4xx; an exception
 * (so a retry with backoff) when the seed is unreachable. Thread-safe: one handler serves every
 * crawl job of a node.
 */
public final class CrawlJobHandler implements JobHandler<CrawlPayload> {
  /** The job type name. */
  public static final String TYPE = "crawl";

  private final CrawlDependencies deps;

  public CrawlJobHandler(CrawlDependencies deps) {
    this.deps = deps;
  }

  /**
   * The complete job type: payload class, validation against the settings' limits, default timeout
   * and handler.
   */
  public static JobDefinition<CrawlPayload> definition(CrawlDependencies deps) {
    return JobDefinition.of(TYPE, CrawlPayload.class, new CrawlJobHandler(deps))
        .withValidator(new CrawlPayloadValidator(deps.settings()))
        .withDefaultTimeout(deps.settings().defaultTimeout());
  }

  /** A crawl costs the pages it may fetch: its {@code maxPages}. */
  @Override
  public double cost(CrawlPayload payload) {
    return payload.maxPages();
  }

  @Override
  public JobOutcome run(JobContext<CrawlPayload> context) throws Exception {
    return new CrawlRun(context, deps).execute();
  }
}
