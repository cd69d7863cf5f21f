package dev.ujm.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's own {@code logback.xml}, read as {@code UJM_LOG_FORMAT} picks it: {@code json}
 * writes one JSON object a line with the MDC fields, {@code text} the escaped text line.
 */
class JsonLogFormatTest {

  @Test
  void json_lines_carry_the_level_logger_message_and_the_job_and_trace_fields() throws Exception {
    List<String> lines = logOnce("json");

    assertThat(lines).hasSize(1);
    JsonNode line = Json.mapper().readTree(lines.get(0));
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("loggerName").asText()).isEqualTo("dev.ujm.job.crawl");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("page 3 failed\nforged line");
    JsonNode mdc = line.path("mdc");
    assertThat(mdc.path("jobId").asText()).isEqualTo("job-1");
    assertThat(mdc.path("jobType").asText()).isEqualTo("crawl");
    assertThat(mdc.path("attempt").asText()).isEqualTo("2");
    assertThat(mdc.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(mdc.path("requestId").asText()).isEqualTo("r-9");
  }

  @Test
  void text_stays_the_default_line_with_control_characters_escaped() throws Exception {
    List<String> lines = logOnce("text");

    assertThat(lines).singleElement().asString().contains("page 3 failed\\nforged line");
    assertThat(lines.get(0)).contains("jobId=job-1").contains("traceId=");
  }

  /** Configures a fresh Logback from the server's file with this format and encodes one line. */
  private static List<String> logOnce(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.putProperty("UJM_LOG_FORMAT", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(JsonLogFormatTest.class.getResource("/logback.xml"));
    try {
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      var appender = (OutputStreamAppender<ILoggingEvent>) root.getAppender(format);
      LoggingEvent event =
          new LoggingEvent(
              Logger.class.getName(),
              context.getLogger("dev.ujm.job.crawl"),
              Level.WARN,
              "page {} failed\nforged line",
              null,
              new Object[] {3});
      event.setMDCPropertyMap(
          Map.of(
              "jobId", "job-1",
              "jobType", "crawl",
              "attempt", "2",
              "traceId", "4bf92f3577b34da6a3ce929d0e0e4736",
              "requestId", "r-9"));
      byte[] line = appender.getEncoder().encode(event);
      return new String(line, StandardCharsets.UTF_8).lines().toList();
    } finally {
      context.stop();
    }
  }
}
