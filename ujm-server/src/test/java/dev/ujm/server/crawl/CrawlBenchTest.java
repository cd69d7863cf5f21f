package dev.ujm.server.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.server.bench.crawl.CrawlBench;
import org.junit.jupiter.api.Test;

/** The crawl benchmark runs end to end on a small scale and reports every page it crawled. */
class CrawlBenchTest {

  @Test
  void a_small_benchmark_run_crawls_every_page_of_every_site_and_reports_rates_and_memory()
      throws Exception {
    CrawlBench.Report report = new CrawlBench().run(new CrawlBench.Options(2, 5, 3, 2, 3, 2, 2));

    assertThat(report.phases()).hasSize(2);
    assertThat(report.phases().get(0).pages()).isEqualTo(1 + 2 + 2 * 5);
    assertThat(report.phases().get(1).crawls()).isEqualTo(3);
    assertThat(report.phases().get(1).pages()).isEqualTo(3 * (1 + 2 + 2 * 3));
    assertThat(report.phases())
        .allSatisfy(
            p -> {
              assertThat(p.pagesPerSecond()).isPositive();
              assertThat(p.peakHeap()).isPositive();
            });
    assertThat(report.toString()).contains("pages/s", "3 concurrent crawls of 3 hosts");
  }
}
