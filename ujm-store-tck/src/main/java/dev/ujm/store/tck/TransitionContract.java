package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.model.Condition;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.model.Transition;
import dev.ujm.core.model.Transition.Move;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.workflow.BatchSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every named move, made through the store, leaves exactly the snapshot and audit event that the
 * table's pure function ({@link Transition#apply}, {@link Transition#submitted}) computes from the
 * job as it was before. A store that writes a move in its own terms (SQL, a Lua script, an update
 * document) is held here to the one definition. The last test checks that every move of the table
 * was exercised.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransitionContract extends StoreContractBase {
  private final Set<Transition> exercised = EnumSet.noneOf(Transition.class);
  private int testsRun;

  protected TransitionContract(JobStoreContract contract) {
    super(contract);
  }

  /**
   * Runs the store change on {@code before} and checks the job and its last event against the move;
   * returns the job after.
   *
   * @param args what the move needs; a function of the job after, for values only the store knows
   *     (the error the orphan reaper writes)
   */
  private Job check(
      Job before, Transition move, Function<Job, MoveArgs> args, Supplier<?> storeChange) {
    clock.advance(Duration.ofSeconds(7));
    Instant now = clock.instant();
    storeChange.get();
    Job after = reload(before);
    Move expected = move.apply(before, args.apply(after), now);

    assertThat(after).as("the job after %s", move).isEqualTo(expected.job());
    assertThat(lastEvent(after)).as("the event of %s", move).isEqualTo(expected.event());
    exercised.add(move);
    return after;
  }

  private Job check(Job before, Transition move, MoveArgs args, Supplier<?> storeChange) {
    return check(before, move, after -> args, storeChange);
  }

  private JobEvent lastEvent(Job job) {
    return store.history(job.id()).getLast();
  }

  private Job checkSubmit(NewJob job, Transition move) {
    Job stored = store.submit(job).job();
    Move expected = Transition.submitted(move, job, stored.id(), clock.instant());
    assertThat(stored).isEqualTo(expected.job());
    assertThat(reload(stored)).isEqualTo(expected.job());
    assertThat(store.history(stored.id())).containsExactly(expected.event());
    exercised.add(move);
    return stored;
  }

  /** A running job alone in a queue of its own, so earlier jobs of a test are not claimed. */
  private Job runningJob(String queue, String worker) {
    return running(aJobIn(queue).maxAttempts(2), worker);
  }

  @Test
  void submits_store_the_new_job_the_table_computes() {
    Job parent = checkSubmit(aJobIn("p").tenant("acme").owner("alice").build(), Transition.SUBMIT);
    checkSubmit(
        aJob().runAt(clock.instant().plusSeconds(60)).tags(List.of("a")).build(),
        Transition.SUBMIT_SCHEDULED);
    checkSubmit(
        aJob().dependsOn(List.of(parent.id())).actor("key-1").build(), Transition.SUBMIT_WAITING);
  }

  @Test
  void a_claim_is_the_claim_move() {
    Job queued = submit();
    check(
        queued,
        Transition.CLAIM,
        MoveArgs.claim("w1", clock.instant().plusSeconds(7).plus(LEASE)),
        () -> claim(queued.queue(), "w1", 1));
  }

  @Test
  void the_ends_of_an_attempt_are_their_moves() {
    Job a = runningJob("complete", "w1");
    check(
        a,
        Transition.COMPLETE,
        MoveArgs.result(json("ok", true)),
        () -> store.complete(a.lease(), json("ok", true)));

    Job b = runningJob("retry-later", "w1");
    Instant retryAt = clock.instant().plusSeconds(600);
    var error = anError("Boom", 1, clock.instant());
    check(
        b,
        Transition.RETRY_LATER,
        MoveArgs.error(error, retryAt),
        () -> store.fail(new FailRequest(b.lease(), error, retryAt)));

    Job c = runningJob("fail", "w1");
    check(
        c,
        Transition.FAIL,
        MoveArgs.error(error, null),
        () -> store.fail(new FailRequest(c.lease(), error, null)));

    Job d = runningJob("release", "w1");
    check(
        d,
        Transition.RELEASE,
        MoveArgs.by(null, "shutting down"),
        () -> store.release(d.lease(), "shutting down"));

    Job e = runningJob("cancel-own", "w1");
    check(e, Transition.CANCEL_OWN, MoveArgs.defaults(), () -> store.cancelOwn(e.lease(), null));
  }

  @Test
  void cancel_and_retry_are_their_moves() {
    Job job = submit();
    Job cancelled =
        check(
            job,
            Transition.CANCEL,
            MoveArgs.by("alice", "not needed"),
            () -> store.cancel(new CancelRequest(job.id(), "alice", "not needed")));
    check(
        cancelled, Transition.RETRY, MoveArgs.by("bob", null), () -> store.retry(job.id(), "bob"));

    Job parent = submit(aJobIn("parent"));
    Job child = submit(aJobIn("child").dependsOn(List.of(parent.id())));
    store.cancel(new CancelRequest(child.id(), "alice", null));
    check(
        reload(child),
        Transition.RETRY_WAITING,
        MoveArgs.by("alice", null),
        () -> store.retry(child.id(), "alice"));
  }

  @Test
  void the_duties_make_their_moves() {
    Job later = submit(aJob().runAt(clock.instant().plusSeconds(5)));
    check(later, Transition.PROMOTE, MoveArgs.defaults(), () -> store.promoteDue(10));

    Job lost = runningJob("lost", "w1");
    clock.advance(LEASE);
    check(
        lost,
        Transition.REQUEUE_EXPIRED,
        after -> MoveArgs.error(after.lastError(), null),
        () -> store.requeueExpired(10));

    Job last = running(aJobIn("last").maxAttempts(1), "w1");
    clock.advance(LEASE);
    check(
        last,
        Transition.EXPIRE,
        after -> MoveArgs.error(after.lastError(), null),
        () -> store.requeueExpired(10));

    Job held = running(aJobIn("held"), "node-a/1");
    check(
        held,
        Transition.REQUEUE_HELD,
        MoveArgs.by(null, "node restarted"),
        () -> store.requeueHeldBy("node-a/", "node restarted"));
  }

  @Test
  void the_dependency_cascades_are_their_moves() {
    Job p1 = submit(aJobIn("p1"));
    Job now = submit(aJobIn("now").dependsOn(List.of(p1.id())));
    Job p2 = submit(aJobIn("p2"));
    Job later =
        submit(
            aJobIn("later").dependsOn(List.of(p2.id())).runAt(clock.instant().plusSeconds(3600)));
    Job p3 = submit(aJobIn("p3"));
    Job doomed = submit(aJobIn("doomed").dependsOn(List.of(p3.id())));

    Job claimed = claimOne("p1", "w1");
    check(
        now,
        Transition.RELEASE_DEPENDENT,
        MoveArgs.defaults(),
        () -> store.complete(claimed.lease(), null));
    Job claimed2 = claimOne("p2", "w1");
    check(
        later,
        Transition.RELEASE_DEPENDENT_SCHEDULED,
        MoveArgs.defaults(),
        () -> store.complete(claimed2.lease(), null));
    Job claimed3 = claimOne("p3", "w1");
    var error = anError("Boom", 1, clock.instant());
    Job cancelled =
        check(
            doomed,
            Transition.CANCEL_DEPENDENT,
            MoveArgs.by(null, "dependency " + p3.id() + " failed"),
            () -> store.fail(new FailRequest(claimed3.lease(), error, null)));
    check(
        cancelled,
        Transition.REARM_DEPENDENT,
        MoveArgs.by(null, "dependency " + p3.id() + " retried"),
        () -> store.retry(p3.id(), "alice"));
    assertThat(reload(doomed).state()).isEqualTo(JobState.WAITING);
  }

  @Test
  void the_moves_of_runWhen_runIf_and_callbacks_are_their_moves() {
    Job parent = submit(aJobIn("rules-parent"));
    Job compensation =
        submit(aJobIn("rules-comp").dependsOn(List.of(parent.id())).runWhen(RunWhen.FAILED));
    Job conditional =
        submit(
            aJobIn("rules-cond")
                .dependsOn(List.of(parent.id()))
                .runWhen(RunWhen.FINISHED)
                .runIf(new Condition("/pages", Condition.Op.GT, json().numberNode(0), null)));
    Job callback =
        submit(
            aJobIn("rules-callback")
                .payload(json("to", "ops"))
                .dependsOn(List.of(parent.id()))
                .rule(new DependencyRule(RunWhen.FAILED, null, "batch-1")));
    Job claimed = claimOne("rules-parent", "w1");
    clock.advance(Duration.ofSeconds(7));
    Instant now = clock.instant();
    var error = anError("Boom", 1, now);

    store.fail(new FailRequest(claimed.lease(), error, null));

    Job failedParent = reload(parent);
    expectMove(compensation, Transition.RELEASE_AFTER_FAILURE, MoveArgs.defaults(), now);
    expectMove(conditional, Transition.CANCEL_CONDITION, MoveArgs.defaults(), now);
    expectMove(
        callback,
        Transition.RELEASE_CALLBACK,
        MoveArgs.payload(
            BatchSummary.withSummary(
                callback.payload(), BatchSummary.of("batch-1", List.of(failedParent), Map.of()))),
        now);
  }

  private void expectMove(Job before, Transition move, MoveArgs args, Instant now) {
    Move expected = move.apply(before, args, now);
    Job after = reload(before);
    assertThat(after).as("the job after %s", move).isEqualTo(expected.job());
    assertThat(lastEvent(after)).as("the event of %s", move).isEqualTo(expected.event());
    exercised.add(move);
  }

  @AfterEach
  void countTest() {
    testsRun++;
  }

  /** When every test of this theme ran (no filter), every move of the table must have been made. */
  @AfterAll
  void every_move_of_the_table_was_checked() {
    long tests =
        Arrays.stream(TransitionContract.class.getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Test.class))
            .count();
    if (testsRun == tests) {
      assertThat(exercised).containsExactlyInAnyOrder(Transition.values());
    }
  }
}
