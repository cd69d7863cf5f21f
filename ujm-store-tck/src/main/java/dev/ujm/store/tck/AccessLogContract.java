package dev.ujm.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.audit.AccessEntry;
import dev.ujm.core.audit.AccessLog;
import dev.ujm.core.audit.AccessQuery;
import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link AccessLog} does; one small subclass per store. */
public abstract class AccessLogContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** A fresh, empty log. */
  protected abstract AccessLog newLog();

  private static AccessEntry line(String key, String tenant, String action, int minute) {
    return new AccessEntry(
        0,
        key,
        tenant,
        action,
        "target-" + minute,
        200,
        "req-" + minute,
        T0.plusSeconds(60L * minute));
  }

  @Test
  void lines_come_back_newest_first_numbered_in_append_order_and_paged() {
    AccessLog log = newLog();
    List<AccessEntry> lines = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      lines.add(line("key-a", "acme", "GET /api/v2/jobs/{id}", i));
    }
    log.append(lines.subList(0, 3));
    log.append(lines.subList(3, 7));

    List<AccessEntry> read = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<AccessEntry> page = log.find(new AccessQuery(null, null, null, null, null, cursor, 3));
      read.addAll(page.items());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(read)
        .extracting(AccessEntry::target)
        .containsExactly(
            "target-6", "target-5", "target-4", "target-3", "target-2", "target-1", "target-0");
    assertThat(read).extracting(AccessEntry::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    AccessEntry first = read.getLast();
    assertThat(first.keyId()).isEqualTo("key-a");
    assertThat(first.outcome()).isEqualTo(200);
    assertThat(first.requestId()).isEqualTo("req-0");
    assertThat(first.at()).isEqualTo(T0);
  }

  @Test
  void every_filter_narrows_and_they_combine() {
    AccessLog log = newLog();
    log.append(
        List.of(
            line("key-a", "acme", "GET /api/v2/jobs/{id}", 0),
            line("key-b", "acme", "DELETE /api/v2/jobs/{id}", 1),
            line("key-a", "globex", "GET /api/v2/jobs/{id}", 2),
            line("key-a", "acme", "DELETE /api/v2/jobs/{id}", 3)));

    assertThat(targets(log, new AccessQuery("acme", null, null, null, null, null, 100)))
        .containsExactly("target-3", "target-1", "target-0");
    assertThat(targets(log, new AccessQuery(null, "key-a", null, null, null, null, 100)))
        .containsExactly("target-3", "target-2", "target-0");
    assertThat(
            targets(
                log,
                new AccessQuery(
                    "acme", "key-a", "DELETE /api/v2/jobs/{id}", null, null, null, 100)))
        .containsExactly("target-3");
    assertThat(
            targets(
                log,
                new AccessQuery(
                    null, null, null, T0.plusSeconds(60), T0.plusSeconds(180), null, 100)))
        .containsExactly("target-2", "target-1");
  }

  @Test
  void the_purge_deletes_only_lines_older_than_the_cut_off_oldest_first() {
    AccessLog log = newLog();
    log.append(
        List.of(
            line("key-a", "acme", "GET", 0),
            line("key-a", "acme", "GET", 1),
            line("key-a", "acme", "GET", 2)));

    assertThat(log.purge(T0.plusSeconds(90), 1)).isEqualTo(1);
    assertThat(log.purge(T0.plusSeconds(90), 10)).isEqualTo(1);
    assertThat(log.purge(T0.plusSeconds(90), 10)).isZero();

    assertThat(targets(log, new AccessQuery(null, null, null, null, null, null, 100)))
        .containsExactly("target-2");
  }

  private static List<String> targets(AccessLog log, AccessQuery query) {
    return log.find(query).items().stream().map(AccessEntry::target).toList();
  }
}
