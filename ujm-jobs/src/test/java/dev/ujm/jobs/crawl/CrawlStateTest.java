package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrawlStateTest {
  private static final String SEED = "http://a.example/";
  private final CrawlState state = CrawlState.fresh(SEED, 100, 3, 1_000);

  @Test
  void a_checkpoint_holds_only_committed_pages_and_puts_the_rest_back_in_the_frontier()
      throws Exception {
    CrawlState.Visit seed = state.next(() -> false).orElseThrow();
    state.finish(seed, fetched(seed), List.of(entry("x", 1), entry("y", 1)));
    state.drainPending();
    state.commitFlushed();
    CrawlState.Visit x = state.next(() -> false).orElseThrow();
    state.claimUrl(x, SEED + "x-moved");
    state.claimHash(x, "hash-of-x", x.entry.url());
    state.finish(x, fetched(x), List.of(entry("z", 2)));

    CrawlCheckpoint cp = state.snapshot(Duration.ofSeconds(3));

    assertThat(cp.counts().pagesStored()).isEqualTo(1);
    assertThat(cp.frontier())
        .extracting(FrontierEntry::url)
        .containsExactly(SEED + "x", SEED + "y", SEED + "z");
    assertThat(cp.seen())
        .contains(SEED, SEED + "x", SEED + "y", SEED + "z")
        .doesNotContain(SEED + "x-moved");
    assertThat(cp.contentHashes()).doesNotContainKey("hash-of-x");
    assertThat(cp.elapsedMs()).isEqualTo(3_000);
  }

  @Test
  void a_restored_state_continues_with_the_frontier_and_never_requeues_a_seen_url()
      throws Exception {
    CrawlState.Visit seed = state.next(() -> false).orElseThrow();
    state.finish(seed, fetched(seed), List.of(entry("x", 1)));
    state.drainPending();
    state.commitFlushed();
    CrawlState restored = CrawlState.restore(state.snapshot(Duration.ZERO), 100, 3, 1_000);

    CrawlState.Visit x = restored.next(() -> false).orElseThrow();
    restored.finish(x, fetched(x), List.of(entry("", 2), entry("x", 2), entry("w", 2)));

    assertThat(x.entry.url()).isEqualTo(SEED + "x");
    assertThat(restored.next(() -> false).orElseThrow().entry.url()).isEqualTo(SEED + "w");
    assertThat(restored.view().counts().pagesStored()).isEqualTo(2);
  }

  @Test
  void links_beyond_max_depth_or_a_full_frontier_are_not_queued() throws Exception {
    CrawlState small = CrawlState.fresh(SEED, 100, 1, 1);
    CrawlState.Visit seed = small.next(() -> false).orElseThrow();
    small.finish(seed, fetched(seed), List.of(entry("a", 1), entry("b", 1), entry("deep", 2)));

    assertThat(small.view().frontier()).isEqualTo(1);
    assertThat(small.view().droppedLinks()).isEqualTo(1);
  }

  @Test
  void the_crawl_is_over_when_max_pages_requests_are_used() throws Exception {
    CrawlState two = CrawlState.fresh(SEED, 2, 3, 1_000);
    CrawlState.Visit seed = two.next(() -> false).orElseThrow();
    two.finish(seed, fetched(seed), List.of(entry("a", 1), entry("b", 1), entry("c", 1)));
    CrawlState.Visit a = two.next(() -> false).orElseThrow();
    two.finish(a, fetched(a), List.of());

    assertThat(two.next(() -> false)).isEmpty();
    assertThat(two.view().frontier()).isEqualTo(2);
  }

  private static FrontierEntry entry(String path, int depth) {
    return new FrontierEntry(SEED + path, depth);
  }

  private static PageRecord fetched(CrawlState.Visit visit) {
    return new PageRecord.Builder(visit.entry, 1)
        .response(200, "text/html", 10L)
        .fetchedAt(Instant.EPOCH)
        .build();
  }
}
