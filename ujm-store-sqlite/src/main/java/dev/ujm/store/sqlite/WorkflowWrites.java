package dev.ujm.store.sqlite;

import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.CancelRequest;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.Readiness;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowJobs;
import dev.ujm.core.workflow.WorkflowNotFoundException;
import dev.ujm.core.workflow.WorkflowRole;
import dev.ujm.core.workflow.WorkflowStep;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow moves of the embedded store, each one write task: submit every job of a workflow
 * (steps in topological order, each submitted once its parents exist, then the callbacks) with the
 * workflow's rows; cancel or retry all of it through the job moves of {@link ControlWrites}. Runs
 * on the writer thread.
 */
final class WorkflowWrites {
  static final String INSERT_WORKFLOW =
      "INSERT INTO workflows (id, name, tenant_id, owner_id, created_at) VALUES (?, ?, ?, ?, ?)";
  static final String INSERT_NODE =
      "INSERT INTO workflow_jobs (workflow_id, position, ref, job_id, role, depends_on)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  static final String LAST_MOVE =
      "SELECT transition FROM job_events WHERE job_id = ? ORDER BY seq DESC LIMIT 1";

  private WorkflowWrites() {}

  static Workflow submit(WriteTransaction tx, SubmitWrites submits, NewWorkflow workflow)
      throws SQLException {
    String id = submits.nextId();
    tx.update(
        INSERT_WORKFLOW,
        id,
        workflow.name(),
        workflow.tenantId(),
        workflow.ownerId(),
        tx.nowMillis());
    Map<String, String> idByRef = new HashMap<>();
    List<Workflow.Node> nodes = new ArrayList<>();
    List<String> stepIds = new ArrayList<>();
    for (WorkflowStep step : workflow.steps()) {
      Job stored = submitOne(tx, submits, WorkflowJobs.resolved(step, idByRef, id));
      idByRef.put(step.ref(), stored.id());
      stepIds.add(stored.id());
      nodes.add(new Workflow.Node(step.ref(), stored.id(), WorkflowRole.STEP, step.dependsOn()));
    }
    callback(
        tx,
        submits,
        workflow.onComplete(),
        RunWhen.COMPLETED,
        WorkflowRole.ON_COMPLETE,
        id,
        stepIds,
        nodes);
    callback(
        tx,
        submits,
        workflow.onFailure(),
        RunWhen.FAILED,
        WorkflowRole.ON_FAILURE,
        id,
        stepIds,
        nodes);
    for (int i = 0; i < nodes.size(); i++) {
      Workflow.Node node = nodes.get(i);
      tx.update(
          INSERT_NODE,
          id,
          i,
          node.ref(),
          node.jobId(),
          node.role().wireName(),
          node.dependsOn().isEmpty() ? null : JobRows.text(node.dependsOn()));
    }
    return new Workflow(
        id, workflow.name(), workflow.tenantId(), workflow.ownerId(), tx.now(), nodes);
  }

  private static void callback(
      WriteTransaction tx,
      SubmitWrites submits,
      WorkflowStep callback,
      RunWhen when,
      WorkflowRole role,
      String workflowId,
      List<String> stepIds,
      List<Workflow.Node> nodes)
      throws SQLException {
    if (callback != null) {
      Job stored =
          submitOne(tx, submits, WorkflowJobs.callback(callback.job(), when, workflowId, stepIds));
      nodes.add(new Workflow.Node(callback.ref(), stored.id(), role, List.of()));
    }
  }

  private static Job submitOne(WriteTransaction tx, SubmitWrites submits, NewJob job)
      throws SQLException {
    return submits.submitAll(tx, List.of(job)).get(0).job();
  }

  /** Cancels every job that has not ended, the last node first. */
  static Workflow cancel(WriteTransaction tx, String workflowId, String actor) throws SQLException {
    Workflow workflow = existing(tx, workflowId);
    List<Workflow.Node> nodes = workflow.nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      String jobId = nodes.get(i).jobId();
      JobState state = tx.stateOf(jobId);
      if (state != null && !state.isFinal()) {
        ControlWrites.cancel(tx, new CancelRequest(jobId, actor, WorkflowJobs.CANCELLED));
      }
    }
    return workflow;
  }

  /** Retries, first node first, every job that failed or that a person cancelled. */
  static Workflow retry(WriteTransaction tx, String workflowId, String actor) throws SQLException {
    Workflow workflow = existing(tx, workflowId);
    for (Workflow.Node node : workflow.nodes()) {
      JobState state = tx.stateOf(node.jobId());
      boolean retryable =
          state == JobState.FAILED
              || (state == JobState.CANCELLED && !Readiness.rearmable(lastMove(tx, node.jobId())));
      if (!retryable) {
        continue;
      }
      try {
        ControlWrites.retry(tx, node.jobId(), actor);
      } catch (IllegalTransitionException e) {
        // its rule can no longer be met (refused before anything was written): left as it is
      }
    }
    return workflow;
  }

  private static Transition lastMove(WriteTransaction tx, String jobId) throws SQLException {
    try (ResultSet row = StatementCache.bind(tx.prepare(LAST_MOVE), jobId).executeQuery()) {
      String name = row.next() ? row.getString(1) : null;
      return name == null ? null : Transition.parse(name);
    }
  }

  private static Workflow existing(WriteTransaction tx, String workflowId) throws SQLException {
    Workflow workflow = WorkflowReads.get(tx::prepare, workflowId);
    if (workflow == null) {
      throw new WorkflowNotFoundException(workflowId);
    }
    return workflow;
  }
}
