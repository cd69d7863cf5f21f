package dev.ujm.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiskStallsTest {
  private static final String SLOW =
      "2026-12-02T02:22:48.423Z WARN  [ujm-sqlite-writer] d.ujm.store.sqlite.SlowCommits  -"
          + " /data/ujm.db: a commit of 1 write(s) waited 716 ms for the disk (the WAL written and"
          + " synced, with any checkpoint), and every write queued behind it waited too";

  @Test
  void aLogWithoutSlowCommitsHasNoStalls() {
    DiskStalls stalls =
        DiskStalls.in(
            List.of(
                "2026-12-02T02:22:40.000Z INFO  [main] d.ujm.server.cli.ServeCommand  - warmed up",
                "2026-12-02T02:22:48.500Z WARN  [vt] dev.ujm.server.http.requests  - POST"
                    + " /api/v2/jobs 201 716.2 ms (slow)"));

    assertThat(stalls).isEqualTo(DiskStalls.NONE);
    assertThat(stalls.describe()).isEmpty();
  }

  @Test
  void countsEveryLineAndTheCommitsItCountedAndKeepsTheLongestWait() {
    String later =
        "2026-12-02T02:23:00.939Z WARN  [ujm-sqlite-writer] d.ujm.store.sqlite.SlowCommits  -"
            + " /data/ujm.db: a commit of 19 write(s) waited 154 ms for the disk (the WAL written"
            + " and synced, with any checkpoint), and every write queued behind it waited too (2"
            + " more commit(s) over 100 ms since the last line)";

    DiskStalls stalls = DiskStalls.in(List.of(SLOW, "an unrelated line", later));

    assertThat(stalls).isEqualTo(new DiskStalls(4, 716));
    assertThat(stalls.describe())
        .isEqualTo(
            "4 commit(s) waited over 100 ms for the disk (the longest 716 ms): every submit waited"
                + " with them");
  }
}
