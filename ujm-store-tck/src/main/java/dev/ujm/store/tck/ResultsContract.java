package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.json;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Result items (crawled pages and the like): appended by the running attempt, read back in order,
 * page by page.
 */
public abstract class ResultsContract extends StoreContractBase {
  protected ResultsContract(JobStoreContract contract) {
    super(contract);
  }

  private static List<JsonNode> pages(int from, int to) {
    List<JsonNode> items = new ArrayList<>();
    for (int i = from; i < to; i++) {
      items.add(json("page", i));
    }
    return items;
  }

  @Test
  void appended_results_are_read_back_in_order_one_page_at_a_time() {
    Job job = running("w1");
    store.appendResults(job.lease(), pages(0, 3));
    store.appendResults(job.lease(), pages(3, 7));
    store.complete(job.lease(), json("pages", 7));

    List<JsonNode> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Page<JsonNode> page = store.results(job.id(), null, 3);
    while (true) {
      sizes.add(page.items().size());
      seen.addAll(page.items());
      if (page.nextCursor() == null) {
        break;
      }
      page = store.results(job.id(), page.nextCursor(), 3);
    }

    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(seen).containsExactlyElementsOf(pages(0, 7));
  }

  @Test
  void the_page_that_ends_at_the_last_item_has_no_next_cursor() {
    Job job = running("w1");
    store.appendResults(job.lease(), pages(0, 4));

    Page<JsonNode> first = store.results(job.id(), null, 2);
    Page<JsonNode> second = store.results(job.id(), first.nextCursor(), 2);

    assertThat(second.items()).containsExactlyElementsOf(pages(2, 4));
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void a_job_without_results_has_one_empty_page() {
    Job job = submit();

    assertThat(store.results(job.id(), null, 10)).isEqualTo(new Page<JsonNode>(List.of(), null));
  }

  @Test
  void results_can_only_be_appended_while_the_attempt_runs() {
    Job job = running("w1");
    store.complete(job.lease(), null);

    assertThatThrownBy(() -> store.appendResults(job.lease(), pages(0, 1)))
        .isInstanceOf(StaleLeaseException.class);
    assertThat(store.results(job.id(), null, 10).items()).isEmpty();
  }

  @Test
  void a_result_cursor_no_page_gave_out_is_refused() {
    Job job = running("w1");
    store.appendResults(job.lease(), pages(0, 3));

    for (String bad : List.of("bad", "-1", "1.5", "\r\n")) {
      assertThatThrownBy(() -> store.results(job.id(), bad, 2))
          .as("cursor '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    String given = store.results(job.id(), null, 2).nextCursor();
    assertThat(store.results(job.id(), given, 2).items()).hasSize(1);
  }
}
