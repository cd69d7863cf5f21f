package dev.ujm.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.Page;
import java.util.List;

/**
 * Checks that every history a store holds is a chain of legal moves: it starts with a submit, each
 * event is a move of the one table that leads from the state the event before left to its own, and
 * the last one left the state the job is in. The contract runs it after every test, so whatever a
 * test did, no store can record a move the table does not allow.
 */
final class LegalHistories {
  private LegalHistories() {}

  static void check(JobStore store) {
    String cursor = null;
    do {
      Page<Job> page = store.find(JobQuery.all(1000).withCursor(cursor));
      page.items().forEach(job -> check(job, store.history(job.id())));
      cursor = page.nextCursor();
    } while (cursor != null);
  }

  static void check(Job job, List<JobEvent> history) {
    assertThat(history).as("history of job %s", job.id()).isNotEmpty();
    JobEvent first = history.get(0);
    assertThat(first.from()).as("the first event of job %s", job.id()).isNull();
    assertThat(first.transition())
        .as("the first event of job %s", job.id())
        .matches(Transition::isSubmit, "is a submit");
    for (int i = 0; i < history.size(); i++) {
      JobEvent event = history.get(i);
      Transition move = event.transition();
      assertThat(move).as("the move of event %d of job %s", i, job.id()).isNotNull();
      assertThat(move.to()).as("where %s leads (job %s)", move, job.id()).isEqualTo(event.to());
      if (i > 0) {
        JobEvent before = history.get(i - 1);
        assertThat(event.from())
            .as("event %d of job %s starts where event %d left it", i, job.id(), i - 1)
            .isEqualTo(before.to());
        assertThat(move.from())
            .as("the states %s starts from (job %s)", move, job.id())
            .contains(event.from());
      }
    }
    assertThat(history.get(history.size() - 1).to())
        .as("the state the last event of job %s left", job.id())
        .isEqualTo(job.state());
  }
}
