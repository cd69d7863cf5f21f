package dev.ujm.jobs.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.cluster.HostPoliteness;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.test.TestJobContext;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * Builds crawl dependencies from settings and runs attempts the way the worker runtime does: on a
 * virtual thread with the job id in the MDC.
 */
final class CrawlKit {
  private CrawlKit() {}

  /**
   * Settings for fast tests: no default delay, a short timeout, a small body limit, small result
   * batches, and private networks allowed, since the test sites listen on 127.0.0.1.
   */
  static Map<String, String> fastSettings() {
    Map<String, String> s = new HashMap<>();
    s.put("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true");
    s.put("UJM_CRAWL_DEFAULT_DELAY_MS", "0");
    s.put("UJM_CRAWL_REQUEST_TIMEOUT_MS", "1000");
    s.put("UJM_CRAWL_MAX_BODY_BYTES", "65536");
    s.put("UJM_CRAWL_RESULT_BATCH", "10");
    return s;
  }

  static CrawlDependencies deps(Map<String, String> settings) {
    return deps(settings, new HostLimiter());
  }

  static CrawlDependencies deps(Map<String, String> settings, HostPoliteness politeness) {
    return CrawlDependencies.create(
        CrawlSettings.from(new JobEnvironment(InstantSource.system(), settings)), politeness);
  }

  /** Dependencies whose address guard is the given one instead of the one the settings ask for. */
  static CrawlDependencies deps(Map<String, String> settings, AddressGuard guard) {
    CrawlSettings parsed = CrawlSettings.from(new JobEnvironment(InstantSource.system(), settings));
    return CrawlDependencies.create(parsed, new HostLimiter(), guard);
  }

  /** Runs one attempt to its end. */
  static JobOutcome run(CrawlDependencies deps, TestJobContext<CrawlPayload> ctx) throws Exception {
    return start(deps, ctx).get();
  }

  /** Starts one attempt on its own virtual thread. */
  static CompletableFuture<JobOutcome> start(
      CrawlDependencies deps, TestJobContext<CrawlPayload> ctx) {
    CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
    Callable<JobOutcome> attempt = () -> new CrawlJobHandler(deps).run(ctx);
    Thread.ofVirtual()
        .start(
            () -> {
              MDC.put("jobId", ctx.job().id());
              try {
                outcome.complete(attempt.call());
              } catch (Throwable t) {
                outcome.completeExceptionally(t);
              } finally {
                MDC.clear();
              }
            });
    return outcome;
  }

  /** Stored records by the path of their URL, in storing order. */
  static Map<String, JsonNode> byPath(TestSite site, List<JsonNode> results) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    for (JsonNode r : results) {
      String url = r.get("url").asText();
      String path = "/" + url.substring(site.base().length());
      if (map.put(path, r) != null) {
        throw new AssertionError("stored twice: " + path);
      }
    }
    return map;
  }
}
