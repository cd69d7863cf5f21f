package dev.ujm.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Priority;
import dev.ujm.core.store.ClaimRequest;
import dev.ujm.core.store.JobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobWorkerServiceTest {
  record Greeting(String name) {}

  record Label(String label) {}

  private final WorkerFixture fixture = new WorkerFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void claimed_jobs_run_with_their_mapped_payload_and_complete_with_the_handler_result() {
    fixture.register(
        JobDefinition.of(
            "greet", Greeting.class, ctx -> JobOutcome.completed("hello " + ctx.payload().name())));
    var worker = fixture.start(Map.of());

    List<String> ids =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    fixture
                        .submit(NewJob.ofType("greet").payload(new Greeting("n" + i)).build())
                        .id())
            .toList();

    ids.forEach(id -> fixture.awaitState(id, JobState.COMPLETED));
    assertThat(fixture.job(ids.get(3)).result().asText()).isEqualTo("hello n3");
    await().until(() -> worker.snapshot().pools().get(0).completed() == 20);
    assertThat(worker.snapshot().pools().get(0).claimed()).isEqualTo(20);
  }

  @Test
  void higher_priority_jobs_run_before_lower_ones() {
    List<String> order = new CopyOnWriteArrayList<>();
    fixture.register(
        JobDefinition.of(
            "ordered",
            Label.class,
            ctx -> {
              order.add(ctx.payload().label());
              return JobOutcome.completed();
            }));
    List<String> ids =
        List.of(
            submitLabelled("low-1", Priority.LOW),
            submitLabelled("medium-1", Priority.MEDIUM),
            submitLabelled("high-1", Priority.HIGH),
            submitLabelled("low-2", Priority.LOW),
            submitLabelled("high-2", Priority.HIGH));

    fixture.start(Map.of("UJM_WORKERS_ORDERED", "1"));

    ids.forEach(id -> fixture.awaitState(id, JobState.COMPLETED));
    assertThat(order).containsExactly("high-1", "high-2", "medium-1", "low-1", "low-2");
  }

  private String submitLabelled(String label, Priority priority) {
    return fixture
        .submit(NewJob.ofType("ordered").payload(new Label(label)).priority(priority).build())
        .id();
  }

  @Test
  void a_pool_never_runs_more_jobs_at_once_than_its_size() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    fixture.register(
        JobDefinition.of(
            "gated",
            Label.class,
            ctx -> {
              most.accumulateAndGet(running.incrementAndGet(), Math::max);
              gate.await();
              running.decrementAndGet();
              return JobOutcome.completed();
            }));
    List<String> ids =
        IntStream.range(0, 6)
            .mapToObj(i -> fixture.submit(NewJob.ofType("gated").build()).id())
            .toList();

    var worker = fixture.start(Map.of("UJM_WORKERS_GATED", "2"));

    await().until(() -> running.get() == 2);
    assertThat(worker.snapshot().pools().get(0).busy()).isEqualTo(2);
    assertThat(ids.stream().filter(id -> fixture.job(id).state() == JobState.QUEUED)).hasSize(4);
    gate.countDown();
    ids.forEach(id -> fixture.awaitState(id, JobState.COMPLETED));
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void a_job_queued_while_the_pool_idles_starts_at_once_through_the_store_listener() {
    fixture.register(JobDefinition.of("quick", Label.class, ctx -> JobOutcome.completed()));
    // An idle poll of one hour: only the wake-up from the store listener can start the job within
    // the test.
    fixture.start(Map.of(), b -> b.idleWait(Duration.ofHours(1)));
    await().until(() -> fixture.worker().snapshot().pools().get(0).claimed() == 0);

    String id = fixture.submit(NewJob.ofType("quick").build()).id();

    fixture.awaitState(id, JobState.COMPLETED);
  }

  @Test
  void a_starting_worker_first_requeues_the_jobs_its_node_held_before_a_restart() {
    fixture.register(JobDefinition.of("held", Label.class, ctx -> JobOutcome.completed()));
    String ours = fixture.submit(NewJob.ofType("held").build()).id();
    fixture.memory.claim(
        ClaimRequest.of("held", WorkerFixture.NODE + "/old-boot", 1, Duration.ofHours(1)));
    String theirs = fixture.submit(NewJob.ofType("held").build()).id();
    fixture.memory.claim(ClaimRequest.of("held", "node-b/boot", 1, Duration.ofHours(1)));

    fixture.start(Map.of());

    Job done = fixture.awaitState(ours, JobState.COMPLETED);
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(fixture.memory.history(ours))
        .extracting(JobEvent::reason)
        .contains("node restarted");
    assertThat(fixture.job(theirs).state()).isEqualTo(JobState.PROCESSING);
    assertThat(fixture.job(theirs).workerId()).isEqualTo("node-b/boot");
  }

  @Test
  void a_claim_loop_that_dies_on_an_unexpected_error_is_restarted() {
    AtomicBoolean failedOnce = new AtomicBoolean();
    fixture
        .register(JobDefinition.of("sturdy", Label.class, ctx -> JobOutcome.completed()))
        .workerStore(store -> failFirstClaim(store, failedOnce));
    String id = fixture.submit(NewJob.ofType("sturdy").build()).id();

    var worker = fixture.start(Map.of());

    fixture.awaitState(id, JobState.COMPLETED);
    assertThat(failedOnce).isTrue();
    assertThat(worker.snapshot().pools().get(0).loopRestarts()).isEqualTo(1);
  }

  private static JobStore failFirstClaim(JobStore store, AtomicBoolean failedOnce) {
    return (JobStore)
        Proxy.newProxyInstance(
            JobStore.class.getClassLoader(),
            new Class<?>[] {JobStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("claim") && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("injected claim failure");
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void the_snapshot_shows_one_pool_per_type_and_per_configured_queue() {
    fixture.register(JobDefinition.of("alpha", Label.class, ctx -> JobOutcome.completed()));

    var worker = fixture.start(Map.of("UJM_WORKERS", "4", "UJM_WORKERS_EXTRA", "3"));

    WorkerSnapshot snapshot = worker.snapshot();
    assertThat(snapshot.workerId()).startsWith(WorkerFixture.NODE + "/");
    assertThat(snapshot.state()).isEqualTo("running");
    assertThat(snapshot.pools())
        .extracting(PoolSnapshot::queue, PoolSnapshot::size)
        .containsExactly(tuple("alpha", 4), tuple("extra", 3));
  }
}
