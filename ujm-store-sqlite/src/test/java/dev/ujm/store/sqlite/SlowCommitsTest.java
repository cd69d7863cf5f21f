package dev.ujm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SlowCommitsTest {
  private static final long MS = 1_000_000;

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger log = (Logger) LoggerFactory.getLogger(SlowCommits.class);
  private final SlowCommits slow = new SlowCommits("jobs.db");

  @BeforeEach
  void capture() {
    lines.start();
    log.addAppender(lines);
  }

  @AfterEach
  void release() {
    log.detachAppender(lines);
  }

  @Test
  void aCommitUnderTheLimitIsNotLogged() {
    assertThat(slow.committed(99 * MS, 16, 0)).isFalse();

    assertThat(lines.list).isEmpty();
  }

  @Test
  void aSlowCommitIsOneWarningThatNamesTheFileTheWaitAndTheWrites() {
    assertThat(slow.committed(412 * MS, 31, 5_000 * MS)).isTrue();

    assertThat(lines.list).hasSize(1);
    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.WARN);
    assertThat(line.getFormattedMessage())
        .startsWith("jobs.db: a commit of 31 write(s) waited 412 ms for the disk")
        .doesNotContain("more commit");
  }

  @Test
  void slowCommitsWithinTheReportIntervalAreCountedInTheNextLine() {
    long start = 1_000 * MS;
    slow.committed(150 * MS, 8, start);
    assertThat(slow.committed(300 * MS, 8, start + 2_000 * MS)).isFalse();
    assertThat(slow.committed(120 * MS, 8, start + 9_000 * MS)).isFalse();
    assertThat(slow.committed(50 * MS, 8, start + 9_500 * MS)).isFalse(); // fast: not counted

    assertThat(slow.committed(200 * MS, 4, start + 10_000 * MS)).isTrue();

    List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1))
        .contains("waited 200 ms")
        .endsWith("(2 more commit(s) over 100 ms since the last line)");
  }

  @Test
  void theCountStartsAgainAfterEachLine() {
    slow.committed(150 * MS, 1, 0);
    slow.committed(150 * MS, 1, 1_000 * MS);
    slow.committed(150 * MS, 1, 10_000 * MS);

    slow.committed(150 * MS, 1, 20_000 * MS);

    assertThat(lines.list).hasSize(3);
    assertThat(lines.list.get(2).getFormattedMessage()).doesNotContain("more commit");
  }
}
