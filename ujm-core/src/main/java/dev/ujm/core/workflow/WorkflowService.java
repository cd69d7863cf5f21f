package dev.ujm.core.workflow;

import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.Page;
import dev.ujm.core.tenant.SubmitQuotas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The front door of workflows and batches with callbacks: every job is checked by its type (field
 * names {@code jobs[3].payload.ms}), the graph by {@link WorkflowPlan}, before the store stores it
 * all or nothing. Reads a workflow back with each job's state and last move. Thread-safe.
 */
public final class WorkflowService {
  private final WorkflowStore store;
  private final JobService jobs;

  public WorkflowService(WorkflowStore store, JobService jobs) {
    this.store = store;
    this.jobs = jobs;
  }

  /**
   * Checks and submits a workflow.
   *
   * @throws InvalidJobException before anything is stored: a bad job, an unknown ref, a cycle
   */
  public Workflow submit(NewWorkflow workflow) {
    List<WorkflowStep> checked = checkJobs(workflow.steps(), "jobs");
    List<WorkflowStep> sorted = WorkflowPlan.of(checked);
    return admitted(
        new NewWorkflow(
            workflow.name(),
            workflow.tenantId(),
            workflow.ownerId(),
            sorted,
            checkCallback(workflow.onComplete(), "onComplete"),
            checkCallback(workflow.onFailure(), "onFailure")));
  }

  /**
   * Stores a checked workflow once its tenant's quotas admit every job of it, callbacks included
   * (all or none, as the store stores them).
   *
   * @throws dev.ujm.core.tenant.QuotaExceededException before anything is stored
   */
  private Workflow admitted(NewWorkflow workflow) {
    List<NewJob> all = new ArrayList<>();
    workflow.steps().forEach(step -> all.add(step.job()));
    for (WorkflowStep callback : new WorkflowStep[] {workflow.onComplete(), workflow.onFailure()}) {
      if (callback != null) {
        all.add(callback.job());
      }
    }
    SubmitQuotas.Admission admission = jobs.quotas().admit(all);
    Workflow stored = null;
    try {
      stored = store.submitWorkflow(workflow);
      return stored;
    } finally {
      if (stored != null) {
        admission.stored();
      } else {
        admission.finish(List.of());
      }
    }
  }

  /**
   * Submits a batch with callbacks: its jobs (refs {@code 0}, {@code 1}, … in order, no edges
   * between them; each may depend on existing jobs by id) and the callbacks, all or nothing.
   */
  public Workflow submitBatch(
      String tenantId, String ownerId, List<NewJob> batch, NewJob onComplete, NewJob onFailure) {
    List<WorkflowStep> steps = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      steps.add(new WorkflowStep(Integer.toString(i), batch.get(i), List.of()));
    }
    List<WorkflowStep> checked = checkJobs(steps, "jobs");
    return admitted(
        new NewWorkflow(
            null,
            tenantId,
            ownerId,
            checked,
            onComplete == null
                ? null
                : checkCallback(
                    new WorkflowStep("onComplete", onComplete, List.of()), "onComplete"),
            onFailure == null
                ? null
                : checkCallback(new WorkflowStep("onFailure", onFailure, List.of()), "onFailure")));
  }

  private List<WorkflowStep> checkJobs(List<WorkflowStep> steps, String field) {
    Instant now = jobs.clock().instant();
    List<WorkflowStep> checked = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      WorkflowStep step = steps.get(i);
      if (step.job().idempotencyKey() != null) {
        throw new InvalidJobException(
            InvalidJobException.Reason.INVALID_OPTION,
            field + "[" + i + "].idempotencyKey",
            "jobs of a workflow or of a batch with callbacks cannot carry an idempotency key");
      }
      try {
        checked.add(
            new WorkflowStep(step.ref(), jobs.types().validate(step.job(), now), step.dependsOn()));
      } catch (InvalidJobException e) {
        throw within(e, field + "[" + i + "]");
      }
    }
    return checked;
  }

  private WorkflowStep checkCallback(WorkflowStep callback, String field) {
    if (callback == null) {
      return null;
    }
    if (!callback.job().dependsOn().isEmpty() || callback.job().rule() != null) {
      throw new InvalidJobException(
          InvalidJobException.Reason.INVALID_OPTION,
          field,
          field + " depends on every job of its batch; it takes no dependsOn, runWhen or runIf");
    }
    try {
      return new WorkflowStep(
          callback.ref(), jobs.types().validate(callback.job(), jobs.clock().instant()), List.of());
    } catch (InvalidJobException e) {
      throw within(e, field);
    }
  }

  private static InvalidJobException within(InvalidJobException e, String prefix) {
    String field = e.field() == null ? prefix : prefix + "." + e.field();
    return new InvalidJobException(e.reason(), field, prefix + ": " + e.getMessage());
  }

  /** The workflow with its jobs as they are now. */
  public WorkflowStatus get(String workflowId) {
    Workflow workflow =
        store.getWorkflow(workflowId).orElseThrow(() -> new WorkflowNotFoundException(workflowId));
    return status(workflow);
  }

  /** The stored workflow alone (for ownership checks). */
  public Workflow find(String workflowId) {
    return store
        .getWorkflow(workflowId)
        .orElseThrow(() -> new WorkflowNotFoundException(workflowId));
  }

  public WorkflowStatus cancel(String workflowId, String actor) {
    return status(store.cancelWorkflow(workflowId, actor));
  }

  public WorkflowStatus retry(String workflowId, String actor) {
    return status(store.retryWorkflow(workflowId, actor));
  }

  /**
   * One page of workflows, newest first, each with its state and its jobs counted by state. Reads
   * the audit trail only of its cancelled jobs (whether a person or a rule cancelled them decides
   * the workflow's state), so a page of large workflows costs their jobs, not their histories.
   */
  public Page<WorkflowSummary> list(WorkflowQuery query) {
    Page<Workflow> page = store.findWorkflows(query);
    List<WorkflowSummary> summaries = new ArrayList<>(page.items().size());
    for (Workflow workflow : page.items()) {
      Map<String, Job> byId = jobsOf(workflow);
      Map<String, JobEvent> last =
          lastEvents(
              byId.values().stream().filter(job -> job.state() == JobState.CANCELLED).toList());
      Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
      byId.values().forEach(job -> counts.merge(job.state(), 1, Integer::sum));
      summaries.add(new WorkflowSummary(workflow, stateOf(workflow, byId, last), counts));
    }
    return new Page<>(summaries, page.nextCursor());
  }

  private WorkflowStatus status(Workflow workflow) {
    Map<String, Job> byId = jobsOf(workflow);
    Map<String, JobEvent> last = lastEvents(byId.values());
    return new WorkflowStatus(workflow, byId, last, stateOf(workflow, byId, last));
  }

  private Map<String, Job> jobsOf(Workflow workflow) {
    Map<String, Job> byId = new HashMap<>();
    jobs.getAll(workflow.jobIds()).forEach(job -> byId.put(job.id(), job));
    return byId;
  }

  /** Each job's last audit event: the move and reason that put it where it is. */
  private Map<String, JobEvent> lastEvents(Collection<Job> of) {
    Map<String, JobEvent> last = new HashMap<>();
    for (Job job : of) {
      List<JobEvent> history = jobs.store().history(job.id());
      if (!history.isEmpty()) {
        last.put(job.id(), history.get(history.size() - 1));
      }
    }
    return last;
  }

  /**
   * {@code running} while a step has not ended; then {@code failed} when a step failed, {@code
   * cancelled} when one was cancelled by a person, else {@code completed} (steps cancelled by their
   * rules or conditions are a workflow's normal paths).
   */
  static String stateOf(Workflow workflow, Map<String, Job> jobs, Map<String, JobEvent> last) {
    boolean failed = false;
    boolean cancelled = false;
    for (Workflow.Node node : workflow.nodes()) {
      if (node.role() != WorkflowRole.STEP) {
        continue;
      }
      Job job = jobs.get(node.jobId());
      if (job == null) {
        continue; // purged after it ended
      }
      if (!job.state().isFinal()) {
        return "running";
      }
      failed |= job.state() == JobState.FAILED;
      JobEvent event = last.get(job.id());
      Transition move = event == null ? null : event.transition();
      cancelled |=
          job.state() == JobState.CANCELLED
              && (move == Transition.CANCEL || move == Transition.CANCEL_OWN);
    }
    return failed ? "failed" : cancelled ? "cancelled" : "completed";
  }
}
