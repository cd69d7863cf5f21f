package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Progress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AttemptContextTest {
  record Empty() {}

  record Cursor(int page) {}

  private final SettableClock clock = new SettableClock();
  private final WorkerFixture fixture = new WorkerFixture(clock);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    fixture.close();
  }

  /** Keeps each event with the MDC of the thread that logged it. */
  private static final class CapturingAppender extends ListAppender<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      super.append(event);
    }
  }

  private static CapturingAppender capture(String loggerName) {
    var appender = new CapturingAppender();
    appender.start();
    ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
    return appender;
  }

  @Test
  void every_line_a_handler_logs_carries_the_job_id_and_type_in_the_mdc() throws Exception {
    var jobLines = capture("dev.ujm.job.chatty");
    var ownLines = capture("com.example.ChattyHandler");
    fixture.register(
        JobDefinition.of(
            "chatty",
            Empty.class,
            ctx -> {
              ctx.log().info("through the context");
              LoggerFactory.getLogger("com.example.ChattyHandler").info("through its own logger");
              Thread helper =
                  Thread.ofPlatform().start(() -> ctx.log().info("from a thread it started"));
              helper.join();
              return JobOutcome.completed();
            }));
    fixture.start(Map.of());

    String id = fixture.submit(NewJob.ofType("chatty").build()).id();

    fixture.awaitState(id, JobState.COMPLETED);
    List<ILoggingEvent> lines = new ArrayList<>(jobLines.list);
    lines.addAll(ownLines.list);
    assertThat(lines)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactlyInAnyOrder(
            "through the context", "through its own logger", "from a thread it started");
    assertThat(lines)
        .allSatisfy(
            line -> {
              assertThat(line.getMDCPropertyMap())
                  .containsEntry("jobId", id)
                  .containsEntry("jobType", "chatty");
            });
  }

  @Test
  void a_checkpoint_saved_by_one_attempt_is_handed_to_the_next() {
    AtomicReference<Cursor> handedOver = new AtomicReference<>();
    fixture.register(
        JobDefinition.of(
            "paged",
            Empty.class,
            ctx -> {
              if (ctx.attempt() == 1) {
                assertThat(ctx.checkpoint(Cursor.class)).isEmpty();
                ctx.saveCheckpoint(new Cursor(42));
                throw new IOException("connection reset on page 43");
              }
              handedOver.set(ctx.checkpoint(Cursor.class).orElseThrow());
              return JobOutcome.completed();
            }));
    fixture.start(Map.of());

    String id = fixture.submit(NewJob.ofType("paged").build()).id();

    fixture.awaitState(id, JobState.COMPLETED);
    assertThat(handedOver.get()).isEqualTo(new Cursor(42));
  }

  @Test
  void a_registered_checkpoint_is_saved_by_the_periodic_pass_only_when_it_changed() {
    AtomicInteger page = new AtomicInteger(1);
    CountDownLatch registered = new CountDownLatch(1);
    fixture.register(
        JobDefinition.of(
            "crawler",
            Empty.class,
            ctx -> {
              ctx.checkpointWith(() -> new Cursor(page.get()));
              registered.countDown();
              release.await();
              return JobOutcome.completed();
            }));
    var worker = fixture.start(Map.of());
    String id = fixture.submit(NewJob.ofType("crawler").build()).id();
    await().until(() -> registered.getCount() == 0);

    page.set(3);
    assertThat(worker.checkpointOnce()).isEqualTo(1);
    assertThat(fixture.job(id).checkpoint().get("page").asInt()).isEqualTo(3);
    assertThat(worker.checkpointOnce()).isZero();
  }

  @Test
  void the_last_progress_reported_before_a_pause_lands_in_the_store() {
    CountDownLatch reported = new CountDownLatch(1);
    fixture.register(
        JobDefinition.of(
            "reporter",
            Empty.class,
            ctx -> {
              for (int i = 1; i <= 100; i++) {
                ctx.progress(i, 100, "item " + i);
              }
              reported.countDown();
              release.await();
              return JobOutcome.completed();
            }));
    var worker = fixture.start(Map.of());
    String id = fixture.submit(NewJob.ofType("reporter").build()).id();
    await().until(() -> reported.getCount() == 0);
    assertThat(fixture.job(id).progress().current()).isEqualTo(1L); // the rest came within the gap

    clock.advance(Duration.ofSeconds(1));
    worker.flushProgressOnce();

    Progress last = fixture.job(id).progress();
    assertThat(last.current()).isEqualTo(100L);
    assertThat(last.percent()).isEqualTo(100);
    assertThat(last.message()).isEqualTo("item 100");
  }

  @Test
  void appended_results_are_readable_page_by_page() {
    fixture.register(
        JobDefinition.of(
            "collector",
            Empty.class,
            ctx -> {
              ctx.appendResults(
                  List.of(Map.of("url", "https://a.example"), Map.of("url", "https://b.example")));
              ctx.appendResults(List.of(Map.of("url", "https://c.example")));
              return JobOutcome.completed();
            }));
    fixture.start(Map.of());

    String id = fixture.submit(NewJob.ofType("collector").build()).id();

    Job done = fixture.awaitState(id, JobState.COMPLETED);
    assertThat(fixture.memory.results(done.id(), null, 10).items())
        .extracting(item -> item.get("url").asText())
        .containsExactly("https://a.example", "https://b.example", "https://c.example");
  }
}
