package dev.ujm.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One log line per request, with the request and job ids, and slow requests at WARN. */
class RequestLogTest {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.ujm.server.http.requests");
  private final RequestLog log = new RequestLog();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.INFO);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  /** A request context with just what the log reads. */
  private static Context request(
      String path, String requestIdHeader, Map<String, Object> attributes) {
    Map<String, String> responseHeaders = new HashMap<>();
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "header" -> {
                    if (args.length == 2) {
                      responseHeaders.put((String) args[0], (String) args[1]);
                      yield proxy;
                    }
                    yield "X-Request-Id".equals(args[0]) ? requestIdHeader : null;
                  }
                  case "attribute" -> {
                    if (args.length == 2) {
                      attributes.put((String) args[0], args[1]);
                      yield null;
                    }
                    yield attributes.get((String) args[0]);
                  }
                  case "method" -> HandlerType.GET;
                  case "path" -> path;
                  case "statusCode" -> 200;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "request " + path;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void a_request_is_logged_once_with_its_request_id_and_job_id() {
    Map<String, Object> attributes = new HashMap<>();
    Context ctx = request("/api/v2/jobs/j-1", "client-chosen-id", attributes);

    log.begin(ctx);
    HttpExchange.aboutJob(ctx, "j-1");
    log.finish(ctx, 3.5f);

    assertThat(lines.list)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.getLevel()).isEqualTo(Level.INFO);
              assertThat(line.getFormattedMessage()).isEqualTo("GET /api/v2/jobs/j-1 200 3.5 ms");
              assertThat(line.getMDCPropertyMap())
                  .containsEntry("requestId", "client-chosen-id")
                  .containsEntry("jobId", "j-1");
            });
  }

  @Test
  void a_request_slower_than_100_ms_is_logged_at_warn() {
    Context ctx = request("/api/v2/jobs", null, new HashMap<>());

    log.begin(ctx);
    log.finish(ctx, 150f);

    assertThat(lines.list)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.getLevel()).isEqualTo(Level.WARN);
              assertThat(line.getFormattedMessage()).contains("slow");
              assertThat(line.getMDCPropertyMap().get("requestId")).hasSize(16);
            });
  }

  @Test
  void an_endpoint_that_waits_on_purpose_is_not_slow() {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(RequestLog.WAITS, true);
    Context ctx = request("/api/v2/jobs/j-2/wait", null, attributes);

    log.begin(ctx);
    log.finish(ctx, 20_000f);

    assertThat(lines.list)
        .singleElement()
        .satisfies(line -> assertThat(line.getLevel()).isEqualTo(Level.INFO));
  }

  @Test
  void an_insane_request_id_header_is_replaced() {
    Context ctx = request("/health", "bad id with spaces\nand a newline", new HashMap<>());

    log.begin(ctx);
    log.finish(ctx, 1f);

    assertThat(lines.list.getFirst().getMDCPropertyMap().get("requestId")).matches("[0-9a-f]{16}");
  }
}
