package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Ids that are not well-formed are refused before they reach a log line, the MDC or a store; and
 * every logged value has its control characters escaped, so no request can start a forged line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogForgingApiTest {
  @TempDir static Path dir;
  private ServerFixture ujm;
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger requests = (Logger) LoggerFactory.getLogger("dev.ujm.server.http.requests");

  @BeforeAll
  void start() {
    ujm = ServerFixture.start(dir);
    lines.start();
    requests.addAppender(lines);
    requests.setLevel(Level.INFO);
  }

  @AfterAll
  void stop() {
    requests.detachAppender(lines);
    ujm.close();
  }

  /** Every logged event as the server's own log configuration (logback.xml) writes it. */
  private List<String> written() {
    LoggerContext shipped = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(shipped);
    try {
      configurator.doConfigure(LogForgingApiTest.class.getResource("/logback.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException(e);
    }
    Logger root = shipped.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var appender = (OutputStreamAppender<ILoggingEvent>) root.getAppender("text");
    var layout = ((LayoutWrappingEncoder<ILoggingEvent>) appender.getEncoder()).getLayout();
    List<String> out = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(lines.list)) {
      out.add(layout.doLayout(event));
    }
    shipped.stop();
    return out;
  }

  @BeforeEach
  void forgetEarlierLines() {
    lines.list.clear();
  }

  @Test
  void a_job_id_with_a_line_break_is_refused_for_every_role_and_no_log_value_holds_one() {
    String readonly = ujm.key("readonly", "default", "reader").key();
    for (String key : List.of(ServerFixture.ADMIN_KEY, readonly)) {
      for (String path :
          List.of(
              "/api/v2/jobs/%0d%0aINFO%20forged",
              "/api/v2/jobs/%0aforged/history",
              "/api/v2/jobs/x%0d%0a/result",
              "/api/v2/jobs/%0d%0a/wait?timeoutSeconds=0")) {
        var problem = assertProblem(ujm.send("GET", path, key, null), 400, "invalid-request");
        assertThat(problem.path("field").asText()).isEqualTo("id");
      }
    }
    assertProblem(
        ujm.send("DELETE", "/api/v2/jobs/%0d%0a", ServerFixture.ADMIN_KEY, null),
        400,
        "invalid-request");
    assertProblem(ujm.get("/api/v2/jobs/user/al%0aice"), 400, "invalid-request");

    assertThat(lines.list).isNotEmpty();
    for (ILoggingEvent event : List.copyOf(lines.list)) {
      assertThat(event.getFormattedMessage()).doesNotContain("\r", "\n");
      for (Map.Entry<String, String> mdc : event.getMDCPropertyMap().entrySet()) {
        assertThat(mdc.getValue()).as(mdc.getKey()).doesNotContain("\r", "\n");
      }
    }
    assertThat(written())
        .allSatisfy(line -> assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1));
  }

  @Test
  void the_log_pattern_escapes_control_characters_in_messages_and_the_mdc() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.ujm.server.http.requests");
    org.slf4j.MDC.put("jobId", "j\r\nINFO forged");
    try {
      logger.info("a message with {}", "a\nline break and a \u001b[31m colour");
    } finally {
      org.slf4j.MDC.remove("jobId");
    }

    String line = written().getLast();
    assertThat(line).endsWith("\n").containsOnlyOnce("\n");
    assertThat(line).contains("j\\r\\nINFO forged").contains("a\\nline break").contains("\\u001b");
  }
}
