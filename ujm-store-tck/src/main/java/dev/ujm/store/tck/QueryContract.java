package dev.ujm.store.tck;

import static dev.ujm.core.model.JobState.COMPLETED;
import static dev.ujm.core.model.JobState.QUEUED;
import static dev.ujm.core.model.JobState.SCHEDULED;
import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.UjmAssertions.assertThat;
import static dev.ujm.test.UjmAssertions.assertThatThrownBy;

import dev.ujm.core.model.Job;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reading: get and getAll, and find with its filters (each null or empty filter means any; {@code
 * createdFrom} is inclusive, {@code createdBefore} exclusive), newest first, paged by an opaque
 * cursor that is null on the last page. A cursor no page gave out is refused with {@link
 * IllegalArgumentException}, never read as the first page.
 */
public abstract class QueryContract extends StoreContractBase {
  protected QueryContract(JobStoreContract contract) {
    super(contract);
  }

  private List<String> ids(JobQuery query) {
    return store.find(query).items().stream().map(Job::id).toList();
  }

  @Test
  void get_all_returns_the_jobs_that_exist_in_the_order_asked() {
    Job a = submit();
    Job b = submit();

    assertThat(store.getAll(List.of(b.id(), "missing", a.id()))).containsExactly(b, a);
    assertThat(store.getAll(List.of())).isEmpty();
  }

  @Test
  void find_returns_the_newest_jobs_first() {
    Job older = submit();
    clock.advance(Duration.ofSeconds(1));
    Job newer = submit();

    assertThat(ids(JobQuery.all(10))).containsExactly(newer.id(), older.id());
  }

  @Test
  void find_filters_by_state_type_queue_tenant_owner_and_tag() {
    Job match =
        submit(
            aJob("email").queue("mail").tenant("acme").owner("alice").tags(List.of("vip", "eu")));
    submit(aJob("email").queue("mail").tenant("acme").owner("bob"));
    submit(aJob("crawl").tenant("globex").runAt(clock.instant().plusSeconds(60)));

    assertThat(ids(JobQuery.all(10).withType("email"))).hasSize(2);
    assertThat(ids(JobQuery.all(10).withQueue("crawl"))).hasSize(1);
    assertThat(ids(JobQuery.all(10).withTenant("acme"))).hasSize(2);
    assertThat(ids(JobQuery.all(10).withOwner("alice"))).containsExactly(match.id());
    assertThat(ids(JobQuery.all(10).withTag("eu"))).containsExactly(match.id());
    assertThat(ids(JobQuery.all(10).withStates(Set.of(SCHEDULED)))).hasSize(1);
    assertThat(ids(JobQuery.all(10).withStates(Set.of(QUEUED, SCHEDULED)))).hasSize(3);
    assertThat(ids(JobQuery.all(10).withStates(Set.of(COMPLETED)))).isEmpty();
    assertThat(
            ids(
                JobQuery.all(10)
                    .withTenant("acme")
                    .withOwner("alice")
                    .withType("email")
                    .withTag("vip")))
        .containsExactly(match.id());
  }

  @Test
  void find_filters_by_creation_time_from_inclusive_to_exclusive() {
    Instant t0 = clock.instant();
    Job first = submit();
    Instant t1 = clock.advance(Duration.ofMinutes(1));
    Job second = submit();
    Instant t2 = clock.advance(Duration.ofMinutes(1));
    Job third = submit();

    assertThat(ids(JobQuery.all(10).withCreated(t1, t2))).containsExactly(second.id());
    assertThat(ids(JobQuery.all(10).withCreated(t1, null)))
        .containsExactly(third.id(), second.id());
    assertThat(ids(JobQuery.all(10).withCreated(null, t1))).containsExactly(first.id());
    assertThat(ids(JobQuery.all(10).withCreated(t0, t2.plusSeconds(1)))).hasSize(3);
  }

  @Test
  void pages_of_a_search_cover_every_match_once_newest_first() {
    List<Job> mine = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      mine.add(submit(aJob().tenant("acme")));
      submit(aJob().tenant("globex"));
      if (i % 3 == 0) {
        clock.advance(Duration.ofMillis(500));
      }
    }
    List<String> expected = mine.stream().map(Job::id).sorted(Comparator.reverseOrder()).toList();

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    JobQuery query = JobQuery.all(7).withTenant("acme");
    Page<Job> page = store.find(query);
    while (true) {
      sizes.add(page.items().size());
      page.items().forEach(job -> seen.add(job.id()));
      if (page.nextCursor() == null) {
        break;
      }
      page = store.find(query.withCursor(page.nextCursor()));
    }

    assertThat(sizes).containsExactly(7, 7, 7, 4);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void the_page_that_ends_at_the_last_match_has_no_next_cursor() {
    for (int i = 0; i < 6; i++) {
      submit();
    }

    Page<Job> first = store.find(JobQuery.all(3));
    Page<Job> second = store.find(JobQuery.all(3).withCursor(first.nextCursor()));

    assertThat(first.nextCursor()).isNotNull();
    assertThat(second.items()).hasSize(3);
    assertThat(second.nextCursor()).isNull();
    assertThat(store.find(JobQuery.all(10).withTenant("nobody")))
        .isEqualTo(new Page<Job>(List.of(), null));
  }

  @Test
  void a_cursor_no_page_gave_out_is_refused() {
    submit();
    submit();

    for (String bad : List.of("bad", "", "0", "-1", "' OR 1=1 --", "\r\nforged")) {
      assertThatThrownBy(() -> store.find(JobQuery.all(1).withCursor(bad)))
          .as("cursor '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    String given = store.find(JobQuery.all(1)).nextCursor();
    assertThat(store.find(JobQuery.all(1).withCursor(given)).items()).hasSize(1);
  }
}
