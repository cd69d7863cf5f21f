package dev.ujm.server.http;

import dev.ujm.api.SubmitJobRequest;
import dev.ujm.api.WorkflowRequest;
import dev.ujm.api.WorkflowView;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Condition;
import dev.ujm.core.model.DependencyRule;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowNotFoundException;
import dev.ujm.core.workflow.WorkflowService;
import dev.ujm.core.workflow.WorkflowStatus;
import dev.ujm.core.workflow.WorkflowStep;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The workflow endpoints ({@code /api/v2/workflows…}): submit a DAG all or nothing, read it with
 * every node's state and the edges, cancel or retry all of it. Thread-safe.
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
            null);
    NewJob.Builder job = JobRequests.toNewJob(plain, caller, jobs, clock, field).toBuilder();
    RunWhen when = null;
    if (s.runWhen() != null) {
      try {
        when = RunWhen.parse(s.runWhen());
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid(field + "runWhen", e.getMessage());
      }
    }
    Condition condition = null;
    if (s.runIf() != null) {
      Condition.Op op;
      try {
        op = s.runIf().op() == null ? null : Condition.Op.parse(s.runIf().op());
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid(field + "runIf.op", e.getMessage());
      }
      condition =
          new Condition(s.runIf().pointer(), op, s.runIf().value(), s.runIf().parent())
              .checked(field + "runIf");
    }
    job.rule(DependencyRule.of(when, condition, null));
    return new WorkflowStep(s.ref(), job.build(), s.dependsOn());
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
              c == null
                  ? null
                  : new WorkflowRequest.Condition(
                      c.pointer(), c.op().symbol(), c.value(), refOf(w, c.parent())),
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
