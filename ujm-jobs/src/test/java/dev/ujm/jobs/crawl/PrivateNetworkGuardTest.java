package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.test.TestJobContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the default settings a crawl never connects to an internal address: not as seed, not as
 * link, not as redirect target. One test site is let through by an injected policy, standing for a
 * public site, so the test can reach it.
 */
class PrivateNetworkGuardTest {

  private static Map<String, String> defaultNetworkSettings() {
    Map<String, String> settings = new HashMap<>(CrawlKit.fastSettings());
    settings.remove("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS");
    return settings;
  }

  @Test
  void a_seed_host_name_resolving_to_loopback_fails_the_job_for_good_without_any_request()
      throws Exception {
    try (TestSite site = new TestSite()) {
      site.html("/", GeneratedSite.page("Home", null, null, List.of()));
      String seed = site.base().replace("127.0.0.1", "localhost");
      TestJobContext<CrawlPayload> ctx =
          TestJobContext.firstAttempt(CrawlJobHandler.TYPE, CrawlPayload.of(seed));

      JobOutcome outcome = CrawlKit.run(CrawlKit.deps(defaultNetworkSettings()), ctx);

      assertThat(outcome)
          .isInstanceOfSatisfying(
              JobOutcome.Failed.class,
              f -> {
                assertThat(f.type()).isEqualTo("crawl.address-not-allowed");
                assertThat(f.message()).contains("localhost");
              });
      assertThat(site.requests()).isEmpty();
      assertThat(ctx.results()).isEmpty();
    }
  }

  @Test
  void links_and_redirects_to_internal_addresses_are_skipped_and_the_crawl_goes_on()
      throws Exception {
    try (TestSite internal = new TestSite();
        TestSite allowed = new TestSite()) {
      internal.html("/secret", GeneratedSite.page("Secret", null, null, List.of()));
      allowed
          .html(
              "/",
              GeneratedSite.page(
                  "Home", null, null, List.of("/go", "/ok", internal.url("/secret"))))
          .redirect("/go", 302, internal.url("/secret?via=redirect"))
          .html("/ok", GeneratedSite.page("Ok", null, null, List.of()));
      int allowedPort = Integer.parseInt(allowed.base().replaceAll(".*:(\\d+)/$", "$1"));
      AddressGuard guard =
          new AddressGuard(e -> e.getPort() == allowedPort || AddressGuard.PUBLIC_ONLY.test(e));
      TestJobContext<CrawlPayload> ctx =
          TestJobContext.firstAttempt(CrawlJobHandler.TYPE, CrawlPayload.of(allowed.base()));

      JobOutcome outcome = CrawlKit.run(CrawlKit.deps(defaultNetworkSettings(), guard), ctx);

      assertThat(outcome).isInstanceOf(JobOutcome.Completed.class);
      Map<String, JsonNode> byUrl = new HashMap<>();
      ctx.results().forEach(r -> byUrl.put(r.get("url").asText(), r));
      assertThat(byUrl.get(allowed.url("/ok")).get("status").asInt()).isEqualTo(200);
      JsonNode redirected = byUrl.get(allowed.url("/go"));
      assertThat(redirected.get("skipped").asText()).isEqualTo("address-not-allowed");
      assertThat(redirected.get("finalUrl").asText())
          .isEqualTo(internal.url("/secret?via=redirect"));
      assertThat(byUrl.get(internal.url("/secret")).get("skipped").asText())
          .isEqualTo("address-not-allowed");
      assertThat(internal.requests()).isEmpty();
      assertThat(allowed.requestedPaths())
          .containsExactlyInAnyOrder("/robots.txt", "/", "/go", "/ok");
    }
  }
}
