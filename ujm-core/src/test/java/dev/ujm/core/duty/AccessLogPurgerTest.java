package dev.ujm.core.duty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.audit.AccessEntry;
import dev.ujm.core.audit.AccessQuery;
import dev.ujm.core.audit.InMemoryAccessLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogPurgerTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static AccessEntry lineAt(Instant at) {
    return new AccessEntry(0, "key-a", "acme", "GET /api/v2/jobs/{id}", "j", 200, "r", at);
  }

  @Test
  void a_pass_deletes_the_lines_past_the_retention_and_keeps_the_rest() {
    InMemoryAccessLog log = new InMemoryAccessLog();
    log.append(
        List.of(
            lineAt(NOW.minus(Duration.ofDays(91))),
            lineAt(NOW.minus(Duration.ofDays(90)).minusSeconds(1)),
            lineAt(NOW.minus(Duration.ofDays(89)))));

    int purged =
        new AccessLogPurger(log, () -> NOW, Duration.ofDays(90), Duration.ofHours(1)).runOnce();

    assertThat(purged).isEqualTo(2);
    assertThat(log.find(new AccessQuery(null, null, null, null, null, null, 10)).items())
        .singleElement()
        .extracting(AccessEntry::at)
        .isEqualTo(NOW.minus(Duration.ofDays(89)));
  }

  @Test
  void a_retention_of_zero_keeps_the_log_for_ever() {
    InMemoryAccessLog log = new InMemoryAccessLog();
    log.append(List.of(lineAt(NOW.minus(Duration.ofDays(10_000)))));

    assertThat(new AccessLogPurger(log, () -> NOW, Duration.ZERO, Duration.ofHours(1)).runOnce())
        .isZero();
  }
}
