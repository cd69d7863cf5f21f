package dev.ujm.server.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server's log says of its disk over a round: the commits that waited more than 100 ms for
 * it, from the embedded store's slow-commit lines (one line per 10 s at most, which counts the
 * others), and the longest wait a line named. A benchmark round with a stall measured the disk as
 * much as the server.
 *
 * @param commits the commits that waited more than 100 ms
 * @param longestMillis the longest wait named by a line (0 when there was none)
 */
record DiskStalls(int commits, long longestMillis) {
  /** A round in which no commit waited long for the disk (or whose log was not read). */
  static final DiskStalls NONE = new DiskStalls(0, 0);

  private static final Pattern WAITED = Pattern.compile("waited (\\d+) ms for the disk");
  private static final Pattern MORE = Pattern.compile("\\((\\d+) more commit\\(s\\) over");

  /** Reads the slow-commit lines among a log's lines. */
  static DiskStalls in(List<String> lines) {
    int commits = 0;
    long longest = 0;
    for (String line : lines) {
      Matcher waited = WAITED.matcher(line);
      if (!line.contains("SlowCommits") || !waited.find()) {
        continue;
      }
      commits++;
      longest = Math.max(longest, Long.parseLong(waited.group(1)));
      Matcher more = MORE.matcher(line);
      if (more.find()) {
        commits += Integer.parseInt(more.group(1));
      }
    }
    return new DiskStalls(commits, longest);
  }

  /** One sentence for the benchmark's output; empty when the disk never stalled. */
  String describe() {
    return commits == 0
        ? ""
        : commits
            + " commit(s) waited over 100 ms for the disk (the longest "
            + longestMillis
            + " ms): every submit waited with them";
  }
}
