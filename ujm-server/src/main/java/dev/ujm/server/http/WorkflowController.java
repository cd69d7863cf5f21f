package dev.ujm.server.http;

import dev.ujm.api.ListResponse;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.api.WorkflowRequest;
import dev.ujm.api.WorkflowSummaryView;
import dev.ujm.api.WorkflowView;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Condition;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.Page;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowNotFoundException;
import dev.ujm.core.workflow.WorkflowQuery;
import dev.ujm.core.workflow.WorkflowService;
import dev.ujm.core.workflow.WorkflowStatus;
import dev.ujm.core.workflow.WorkflowStep;
import dev.ujm.core.workflow.WorkflowSummary;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workflow endpoints ({@code /api/v2/workflows…}): submit a DAG all or nothing, list them, read
 * one with every node's state and the edges, cancel or retry all of it. A workflow belongs to its
 * key's tenant and user like a job; another user's answers 404. Thread-safe.
 */
public final class WorkflowController {
  private final Backend backend;
  private final HttpExchange exchange;
  private final InstantSource clock;

  public WorkflowController(Backend backend, HttpExchange exchange, InstantSource clock) {
    this.backend = backend;
    this.exchange = exchange;
    this.clock = clock;
  }

  private WorkflowService workflows() {
    return backend.engine().workflows();
  }

  /** {@code POST /api/v2/workflows}: 201 with the workflow and its nodes. */
  public void submit(Context ctx, Caller caller) {
    WorkflowRequest request = exchange.read(ctx, WorkflowRequest.class);
    if (request.jobs() == null || request.jobs().isEmpty()) {
      throw ProblemException.invalid("jobs", "jobs must be a non-empty array of jobs");
    }
    JobService jobs = backend.engine().jobs();
    List<WorkflowStep> steps = new ArrayList<>();
    for (int i = 0; i < request.jobs().size(); i++) {
      steps.add(step(request.jobs().get(i), caller, jobs, "jobs[" + i + "]."));
    }
    Workflow workflow =
        workflows()
            .submit(
                new NewWorkflow(
                    request.name(),
                    caller.tenant(),
                    caller.userId(),
                    steps,
                    callback(request.onComplete(), "onComplete", caller, jobs),
                    callback(request.onFailure(), "onFailure", caller, jobs)));
    HttpExchange.json(ctx, 201, view(workflows().get(workflow.id())));
  }

  /**
   * {@code GET /api/v2/workflows}: the caller's workflows and batches with callbacks (an admin's:
   * the tenant's), newest first, paged.
   */
  public void list(Context ctx, Caller caller) {
    Page<WorkflowSummary> page =
        workflows()
            .list(
                new WorkflowQuery(
                    caller.tenant(),
                    caller.ownerFilter(),
                    cursor(ctx),
                    QueryParams.limit(ctx, QueryParams.DEFAULT_LIMIT)));
    HttpExchange.json(
        ctx,
        200,
        new ListResponse<>(
            page.items().stream().map(WorkflowController::summary).toList(), page.nextCursor()));
  }

  /** A page's cursor is the last workflow id of the page before: anything else is refused. */
  private static String cursor(Context ctx) {
    String cursor = QueryParams.blankToNull(ctx.queryParam("cursor"));
    return cursor == null ? null : Inputs.jobId("cursor", cursor);
  }

  private static WorkflowSummaryView summary(WorkflowSummary s) {
    Workflow w = s.workflow();
    Map<String, Integer> jobs = new TreeMap<>();
    s.jobs().forEach((state, count) -> jobs.put(state.wireName(), count));
    return new WorkflowSummaryView(
        w.id(),
        w.name(),
        s.state(),
        w.tenantId(),
        w.ownerId(),
        w.createdAt(),
        w.nodes().size(),
        jobs);
  }

  public void get(Context ctx, Caller caller) {
    HttpExchange.json(ctx, 200, view(workflows().get(visible(ctx, caller).id())));
  }

  public void cancel(Context ctx, Caller caller) {
    HttpExchange.json(
        ctx, 200, view(workflows().cancel(visible(ctx, caller).id(), caller.actor())));
  }

  public void retry(Context ctx, Caller caller) {
    HttpExchange.json(ctx, 200, view(workflows().retry(visible(ctx, caller).id(), caller.actor())));
  }

  private Workflow visible(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    Workflow w = workflows().find(id);
    if (!caller.canSee(w.tenantId(), w.ownerId())) {
      throw new WorkflowNotFoundException(id);
    }
    return w;
  }

  private WorkflowStep step(WorkflowRequest.Step s, Caller caller, JobService jobs, String field) {
    if (s == null) {
      throw ProblemException.invalid(
          field.substring(0, field.length() - 1), "each job must be a JSON object");
    }
    SubmitJobRequest plain =
        new SubmitJobRequest(
            s.type(),
            s.payload(),
            s.priority(),
            s.queue(),
            null,
            null,
            s.maxAttempts(),
            s.timeoutSeconds(),
            null,
            null,
            s.tags(),
            null,
            s.runWhen(),
            s.runIf());
    NewJob job = JobRequests.toNewJob(plain, caller, jobs, clock, field);
    return new WorkflowStep(s.ref(), job, s.dependsOn());
  }

  private WorkflowStep callback(SubmitJobRequest r, String field, Caller caller, JobService jobs) {
    return r == null
        ? null
        : new WorkflowStep(
            field, JobRequests.toNewJob(r, caller, jobs, clock, field + "."), List.of());
  }

  static WorkflowView view(WorkflowStatus status) {
    Workflow w = status.workflow();
    List<WorkflowView.Node> nodes = new ArrayList<>();
    List<WorkflowView.Edge> edges = new ArrayList<>();
    for (Workflow.Node n : w.nodes()) {
      Job job = status.jobs().get(n.jobId());
      JobEvent last = status.lastEvents().get(n.jobId());
      DependencyRule rule = job == null ? null : job.rule();
      String runWhen = DependencyRule.runWhenOf(rule).wireName();
      Condition c = rule == null ? null : rule.runIf();
      nodes.add(
          new WorkflowView.Node(
              n.ref(),
              n.jobId(),
              n.role().wireName(),
              job == null ? null : job.type(),
              job == null ? "purged" : job.state().wireName(),
              n.dependsOn(),
              runWhen,
              c == null ? null : Views.condition(c, refOf(w, c.parent())),
              last == null || last.transition() == null ? null : last.transition().wireName(),
              last == null ? null : last.reason(),
              job == null ? null : job.startedAt(),
              job == null ? null : job.finishedAt()));
      for (String parent : n.dependsOn()) {
        edges.add(new WorkflowView.Edge(parent, n.ref(), runWhen));
      }
    }
    return new WorkflowView(
        w.id(), w.name(), status.state(), w.tenantId(), w.ownerId(), w.createdAt(), nodes, edges);
  }

  private static String refOf(Workflow w, String jobId) {
    if (jobId == null) {
      return null;
    }
    return w.nodes().stream()
        .filter(n -> n.jobId().equals(jobId))
        .map(Workflow.Node::ref)
        .findFirst()
        .orElse(jobId);
  }
}
