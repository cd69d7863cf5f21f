package dev.ujm.store.tck;

import static dev.ujm.test.JobFixtures.aJob;
import static dev.ujm.test.JobFixtures.aJobIn;
import static dev.ujm.test.JobFixtures.anError;
import static dev.ujm.test.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.diagnostic.EchoJob;
import dev.ujm.core.diagnostic.NoopJob;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.Condition;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.FailRequest;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.WorkflowJobs;
import dev.ujm.core.workflow.WorkflowQuery;
import dev.ujm.core.workflow.WorkflowService;
import dev.ujm.core.workflow.WorkflowStatus;
import dev.ujm.core.workflow.WorkflowStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Workflows: all or nothing, released in dependency order, explicit failure rules (a job whose rule
 * can no longer be met is cancelled naming the parent), compensation and clean-up steps, conditions
 * on the parents' results, callbacks that run once with a summary, cancel and retry of the whole
 * workflow. Each test runs on the store's own follow-up shape; the last one on a store that stops
 * before every follow-up.
 */
public abstract class WorkflowContract extends StoreContractBase {
  protected WorkflowContract(JobStoreContract contract) {
    super(contract);
  }

  private WorkflowService service(JobStore on) {
    JobTypeRegistry types =
        new JobTypeRegistry().register(NoopJob.definition()).register(EchoJob.definition());
    return new WorkflowService(workflowsOf(on), new JobService(on, types, clock));
  }

  private static WorkflowStep step(String ref, NewJob.Builder job, String... dependsOn) {
    return new WorkflowStep(ref, job.tenant("acme").owner("alice").build(), List.of(dependsOn));
  }

  private static NewWorkflow workflow(
      List<WorkflowStep> steps, WorkflowStep onComplete, WorkflowStep onFailure) {
    return new NewWorkflow("nightly", "acme", "alice", steps, onComplete, onFailure);
  }

  private Job node(WorkflowStatus status, String ref) {
    String id =
        status.workflow().nodes().stream()
            .filter(n -> n.ref().equals(ref))
            .findFirst()
            .orElseThrow()
            .jobId();
    return store.get(id).orElseThrow();
  }

  private JobEvent lastEvent(Job job) {
    return store.history(job.id()).getLast();
  }

  /** Claims the job of a ref from its queue and completes it with a result. */
  private void complete(WorkflowStatus status, String ref, JsonNode result) {
    Job job = node(status, ref);
    Job claimed = claimOne(job.queue(), "w1");
    assertThat(claimed.id()).as("the job claimed from %s", job.queue()).isEqualTo(job.id());
    store.complete(claimed.lease(), result);
  }

  private void failForGood(WorkflowStatus status, String ref) {
    Job job = node(status, ref);
    Job claimed = claimOne(job.queue(), "w1");
    store.fail(
        new FailRequest(
            claimed.lease(), anError("Boom", claimed.attempt(), clock.instant()), null));
  }

  /** a -> b, a -> c, (b, c) -> d: each in a queue of its own. */
  private WorkflowStatus diamond(
      WorkflowService service, WorkflowStep onComplete, WorkflowStep onFailure) {
    var w =
        service.submit(
            workflow(
                List.of(
                    step("d", aJobIn("q-d"), "b", "c"),
                    step("b", aJobIn("q-b"), "a"),
                    step("a", aJobIn("q-a")),
                    step("c", aJobIn("q-c"), "a")),
                onComplete,
                onFailure));
    return service.get(w.id());
  }

  @Test
  void workflows_are_listed_newest_first_in_pages_of_one_tenant_and_owner() {
    WorkflowService service = service(store);
    List<String> alices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      alices.add(0, service.submit(workflow(List.of(step("a", aJob())), null, null)).id());
      clock.advance(java.time.Duration.ofSeconds(1));
    }
    String bobs =
        service
            .submit(new NewWorkflow("b", "acme", "bob", List.of(step("a", aJob())), null, null))
            .id();
    service.submit(new NewWorkflow("o", "other", "alice", List.of(step("a", aJob())), null, null));

    var first = service.list(new WorkflowQuery("acme", "alice", null, 2));
    var second = service.list(new WorkflowQuery("acme", "alice", first.nextCursor(), 2));

    assertThat(first.items())
        .extracting(w -> w.workflow().id())
        .containsExactlyElementsOf(alices.subList(0, 2));
    assertThat(second.items()).extracting(w -> w.workflow().id()).containsExactly(alices.get(2));
    assertThat(second.nextCursor()).isNull();
    assertThat(service.list(new WorkflowQuery("acme", null, null, 10)).items())
        .extracting(w -> w.workflow().id())
        .containsExactly(bobs, alices.get(0), alices.get(1), alices.get(2));
    assertThat(first.items().get(0).state()).isEqualTo("running");
    assertThat(first.items().get(0).jobs()).containsEntry(JobState.QUEUED, 1);
  }

  @Test
  void a_listed_workflow_shows_its_state_and_its_jobs_counted_by_state() {
    WorkflowService service = service(store);
    WorkflowStatus status = diamond(service, step("done", aJobIn("q-done")), null);
    failForGood(status, "a");

    var listed = service.list(new WorkflowQuery("acme", "alice", null, 10)).items().get(0);

    assertThat(listed.workflow().id()).isEqualTo(status.workflow().id());
    assertThat(listed.state()).isEqualTo(service.get(status.workflow().id()).state());
    assertThat(listed.state()).isEqualTo("failed");
    assertThat(listed.jobs())
        .containsEntry(JobState.FAILED, 1)
        .containsEntry(JobState.CANCELLED, 4);
  }

  @Test
  void a_workflow_is_released_in_dependency_order_and_its_onComplete_runs_once_with_a_summary() {
    WorkflowService service = service(store);
    WorkflowStatus w =
        diamond(
            service,
            step("done", aJobIn("q-done").payload(json("to", "ops"))),
            step("oops", aJobIn("q-oops")));
    assertThat(w.workflow().nodes())
        .extracting(n -> n.ref())
        .containsExactly("a", "b", "c", "d", "done", "oops");
    assertThat(node(w, "a").state()).isEqualTo(JobState.QUEUED);
    assertThat(List.of(node(w, "b"), node(w, "c"), node(w, "d")))
        .allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.WAITING));
    assertThat(node(w, "a").tags()).contains(WorkflowJobs.tag(w.workflow().id()));

    complete(w, "a", null);
    assertThat(node(w, "b").state()).isEqualTo(JobState.QUEUED);
    assertThat(node(w, "d").state()).isEqualTo(JobState.WAITING);
    complete(w, "b", null);
    assertThat(node(w, "d").state()).isEqualTo(JobState.WAITING);
    complete(w, "c", null);
    complete(w, "d", null);

    Job done = node(w, "done");
    assertThat(done.state()).isEqualTo(JobState.QUEUED);
    assertThat(lastEvent(done).transition()).isEqualTo(Transition.RELEASE_CALLBACK);
    assertThat(done.payload().path("to").asText()).isEqualTo("ops");
    JsonNode summary = done.payload().path("batch");
    assertThat(summary.path("id").asText()).isEqualTo(w.workflow().id());
    assertThat(summary.path("total").asInt()).isEqualTo(4);
    assertThat(summary.path("completed").asInt()).isEqualTo(4);
    assertThat(summary.path("jobs").findValuesAsText("ref")).containsExactly("a", "b", "c", "d");
    Job oops = node(w, "oops");
    assertThat(oops.state()).isEqualTo(JobState.CANCELLED);
    assertThat(lastEvent(oops).transition()).isEqualTo(Transition.CANCEL_DEPENDENT);
    complete(w, "done", null);
    assertThat(service.get(w.workflow().id()).state()).isEqualTo("completed");
  }

  @Test
  void a_failing_job_cancels_exactly_its_dependents_naming_it_and_its_compensation_runs() {
    WorkflowService service = service(store);
    var submitted =
        service.submit(
            workflow(
                List.of(
                    step("a", aJobIn("q-a")),
                    step("b", aJobIn("q-b"), "a"),
                    step("c", aJobIn("q-c"), "b"),
                    step("x", aJobIn("q-x")),
                    step("undo-b", aJobIn("q-undo").runWhen(RunWhen.FAILED), "b"),
                    step("cleanup", aJobIn("q-clean").runWhen(RunWhen.FINISHED), "c", "x")),
                null,
                step("alert", aJobIn("q-alert"))));
    WorkflowStatus w = service.get(submitted.id());
    complete(w, "a", null);

    failForGood(w, "b");

    Job b = node(w, "b");
    assertThat(node(w, "c").state()).isEqualTo(JobState.CANCELLED);
    assertThat(lastEvent(node(w, "c")).reason()).isEqualTo("dependency " + b.id() + " failed");
    assertThat(node(w, "x").state()).isEqualTo(JobState.QUEUED);
    Job undo = node(w, "undo-b");
    assertThat(undo.state()).isEqualTo(JobState.QUEUED);
    assertThat(lastEvent(undo).transition()).isEqualTo(Transition.RELEASE_AFTER_FAILURE);
    assertThat(node(w, "cleanup").state()).isEqualTo(JobState.WAITING);
    assertThat(node(w, "alert").state()).isEqualTo(JobState.WAITING);

    complete(w, "x", null);
    assertThat(node(w, "cleanup").state()).isEqualTo(JobState.QUEUED);
    complete(w, "undo-b", null);
    complete(w, "cleanup", null);
    Job alert = node(w, "alert");
    assertThat(alert.state()).isEqualTo(JobState.QUEUED);
    assertThat(alert.payload().path("batch").path("failed").asInt()).isEqualTo(1);
    assertThat(alert.payload().path("batch").path("cancelled").asInt()).isEqualTo(1);
    complete(w, "alert", null);
    assertThat(service.get(submitted.id()).state()).isEqualTo("failed");
  }

  @Test
  void a_false_condition_cancels_the_job_with_reason_condition_false_and_its_dependents_follow() {
    WorkflowService service = service(store);
    Condition pagesFound = new Condition("/pages", Condition.Op.GT, json().numberNode(0), null);
    var submitted =
        service.submit(
            workflow(
                List.of(
                    step("crawl", aJobIn("q-crawl")),
                    step("index", aJobIn("q-index").runIf(pagesFound), "crawl"),
                    step("publish", aJobIn("q-publish"), "index"),
                    step(
                        "report",
                        aJobIn("q-report")
                            .runIf(pagesFound.withParent("crawl"))
                            .runWhen(RunWhen.FINISHED),
                        "crawl",
                        "index")),
                null,
                null));
    WorkflowStatus w = service.get(submitted.id());

    complete(w, "crawl", json("pages", 0));

    Job index = node(w, "index");
    assertThat(index.state()).isEqualTo(JobState.CANCELLED);
    assertThat(lastEvent(index).transition()).isEqualTo(Transition.CANCEL_CONDITION);
    assertThat(lastEvent(index).reason()).isEqualTo("condition-false");
    assertThat(node(w, "publish").state()).isEqualTo(JobState.CANCELLED);
    assertThat(lastEvent(node(w, "publish")).reason())
        .isEqualTo("dependency " + index.id() + " cancelled");
    assertThat(node(w, "report").state()).isEqualTo(JobState.CANCELLED);
    assertThat(service.get(submitted.id()).state()).isEqualTo("completed");
  }

  @Test
  void a_true_condition_lets_the_job_run() {
    WorkflowService service = service(store);
    var submitted =
        service.submit(
            workflow(
                List.of(
                    step("crawl", aJobIn("q-crawl")),
                    step(
                        "index",
                        aJobIn("q-index")
                            .runIf(
                                new Condition(
                                    "/pages", Condition.Op.GE, json().numberNode(3), null)),
                        "crawl")),
                null,
                null));
    WorkflowStatus w = service.get(submitted.id());

    complete(w, "crawl", json("pages", 3));

    assertThat(node(w, "index").state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void cancelling_a_workflow_cancels_every_open_job_and_releases_no_compensation() {
    WorkflowService service = service(store);
    var submitted =
        service.submit(
            workflow(
                List.of(
                    step("a", aJobIn("q-a")),
                    step("b", aJobIn("q-b"), "a"),
                    step("undo", aJobIn("q-undo").runWhen(RunWhen.FAILED), "b")),
                null,
                step("alert", aJobIn("q-alert"))));
    WorkflowStatus w = service.get(submitted.id());
    claimOne("q-a", "w1");

    WorkflowStatus cancelled = service.cancel(submitted.id(), "alice");

    assertThat(cancelled.state()).isEqualTo("cancelled");
    store.finishFollowUps(Integer.MAX_VALUE);
    for (String ref : List.of("a", "b", "undo", "alert")) {
      Job job = node(w, ref);
      assertThat(job.state()).as(ref).isEqualTo(JobState.CANCELLED);
      assertThat(lastEvent(job).reason()).as(ref).isEqualTo(WorkflowJobs.CANCELLED);
    }
  }

  @Test
  void retrying_a_workflow_re_drives_its_failed_job_and_re_arms_what_the_failure_cancelled() {
    WorkflowService service = service(store);
    WorkflowStatus w = diamond(service, step("done", aJobIn("q-done")), null);
    complete(w, "a", null);
    failForGood(w, "b");
    assertThat(node(w, "d").state()).isEqualTo(JobState.CANCELLED);
    assertThat(node(w, "done").state()).isEqualTo(JobState.CANCELLED);

    service.retry(w.workflow().id(), "alice");
    store.finishFollowUps(Integer.MAX_VALUE);

    assertThat(node(w, "b").state()).isEqualTo(JobState.QUEUED);
    assertThat(node(w, "d").state()).isEqualTo(JobState.WAITING);
    assertThat(node(w, "done").state()).isEqualTo(JobState.WAITING);
    complete(w, "b", null);
    complete(w, "c", null);
    complete(w, "d", null);
    assertThat(node(w, "done").state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void a_workflow_with_a_bad_job_an_unknown_ref_or_a_cycle_is_refused_and_stores_nothing() {
    WorkflowService service = service(store);
    assertThatThrownBy(
            () ->
                service.submit(
                    workflow(
                        List.of(step("a", aJobIn("q-a")), step("b", aJob("nope"), "a")),
                        null,
                        null)))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("jobs[1].type"));
    assertThatThrownBy(
            () -> service.submit(workflow(List.of(step("a", aJobIn("q-a"), "ghost")), null, null)))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.getMessage()).contains("'ghost'"));
    assertThatThrownBy(
            () ->
                service.submit(
                    workflow(
                        List.of(
                            step("root", aJobIn("q-r")),
                            step("a", aJobIn("q-a"), "root", "b"),
                            step("b", aJobIn("q-b"), "a")),
                        null,
                        null)))
        .isInstanceOfSatisfying(
            InvalidJobException.class,
            e -> assertThat(e.getMessage()).contains("cycle through job 'a'"));
    assertThatThrownBy(
            () ->
                service.submit(
                    workflow(
                        List.of(
                            step("a", aJobIn("q-a")),
                            step(
                                "b",
                                aJobIn("q-b")
                                    .runIf(
                                        new Condition(
                                            "pages", Condition.Op.GT, json().numberNode(0), null)),
                                "a")),
                        null,
                        null)))
        .isInstanceOfSatisfying(
            InvalidJobException.class,
            e -> assertThat(e.field()).isEqualTo("jobs[1].runIf.pointer"));
    assertThat(store.find(JobQuery.all(10)).items()).isEmpty();
  }

  @Test
  void a_batch_with_callbacks_runs_its_onFailure_once_when_its_last_job_ends() {
    WorkflowService service = service(store);
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(aJobIn("q-batch").tenant("acme").owner("alice").build());
    }
    var batch =
        service.submitBatch(
            "acme",
            "alice",
            jobs,
            aJobIn("q-ok").build(),
            aJobIn("q-ko").payload(json("x", 1)).build());
    WorkflowStatus w = service.get(batch.id());
    Job first = claimOne("q-batch", "w1");
    store.fail(new FailRequest(first.lease(), anError("Boom", 1, clock.instant()), null));
    store.complete(claimOne("q-batch", "w1").lease(), null);
    assertThat(node(w, "onFailure").state()).isEqualTo(JobState.WAITING);
    store.complete(claimOne("q-batch", "w1").lease(), null);

    Job ko = node(w, "onFailure");
    assertThat(ko.state()).isEqualTo(JobState.QUEUED);
    assertThat(ko.payload().path("batch").path("completed").asInt()).isEqualTo(2);
    assertThat(ko.payload().path("batch").path("failed").asInt()).isEqualTo(1);
    assertThat(
            store.history(ko.id()).stream()
                .filter(e -> e.transition() == Transition.RELEASE_CALLBACK))
        .hasSize(1);
    assertThat(node(w, "onComplete").state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void a_store_that_stops_before_its_follow_ups_reaches_the_same_outcome_once_they_are_finished() {
    JobStore stopping = stoppingBeforeFollowUps();
    JobStore on = stopping == null ? store : stopping;
    WorkflowService service = service(on);
    var submitted =
        service.submit(
            workflow(
                List.of(
                    step("a", aJobIn("s-a")),
                    step("b", aJobIn("s-b"), "a"),
                    step("undo", aJobIn("s-undo").runWhen(RunWhen.FAILED), "a")),
                step("done", aJobIn("s-done")),
                null));
    Job a = on.claim(dev.ujm.core.store.ClaimRequest.of("s-a", "w1", 1, LEASE)).getFirst();
    on.fail(new FailRequest(a.lease(), anError("Boom", 1, clock.instant()), null));
    on.finishFollowUps(Integer.MAX_VALUE);

    List<String> ids = workflowsOf(on).getWorkflow(submitted.id()).orElseThrow().jobIds();
    List<JobState> states = on.getAll(ids).stream().map(Job::state).toList();
    assertThat(states)
        .containsExactly(JobState.FAILED, JobState.CANCELLED, JobState.QUEUED, JobState.CANCELLED);
    LegalHistories.check(on);
  }
}
