package dev.ujm.core.memory;

import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.FAILED;

import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.model.Transition;
import dev.ujm.core.store.Page;
import dev.ujm.core.workflow.NewWorkflow;
import dev.ujm.core.workflow.Readiness;
import dev.ujm.core.workflow.Workflow;
import dev.ujm.core.workflow.WorkflowJobs;
import dev.ujm.core.workflow.WorkflowNotFoundException;
import dev.ujm.core.workflow.WorkflowQuery;
import dev.ujm.core.workflow.WorkflowRole;
import dev.ujm.core.workflow.WorkflowStep;
import dev.ujm.core.workflow.WorkflowStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference {@link WorkflowStore}: workflows beside the jobs of an {@link InMemoryJobStore},
 * each method one step under its lock; the dependents' cascades follow the store's shape (atomic or
 * deferred follow-ups). Thread-safe.
 */
final class InMemoryWorkflowStore implements WorkflowStore {
  private final InMemoryJobStore jobs;

  InMemoryWorkflowStore(InMemoryJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public Workflow submitWorkflow(NewWorkflow workflow) {
    return jobs.inWrite(
        table -> {
          for (WorkflowStep step : steps(workflow)) {
            if (step.job().type() == null || step.job().type().isBlank()) {
              throw new InvalidJobException(
                  InvalidJobException.Reason.UNKNOWN_TYPE, "type", "a job type is required");
            }
          }
          String id = table.nextId();
          Map<String, String> idByRef = new HashMap<>();
          List<Workflow.Node> nodes = new ArrayList<>();
          List<String> stepIds = new ArrayList<>();
          for (WorkflowStep step : workflow.steps()) {
            NewJob job = WorkflowJobs.resolved(step, idByRef, id);
            Job stored = table.insert(job).job();
            idByRef.put(step.ref(), stored.id());
            stepIds.add(stored.id());
            nodes.add(
                new Workflow.Node(step.ref(), stored.id(), WorkflowRole.STEP, step.dependsOn()));
          }
          addCallback(
              table,
              workflow.onComplete(),
              RunWhen.COMPLETED,
              WorkflowRole.ON_COMPLETE,
              id,
              stepIds,
              nodes);
          addCallback(
              table,
              workflow.onFailure(),
              RunWhen.FAILED,
              WorkflowRole.ON_FAILURE,
              id,
              stepIds,
              nodes);
          Workflow stored =
              new Workflow(
                  id, workflow.name(), workflow.tenantId(), workflow.ownerId(), table.now(), nodes);
          table.workflows().put(stored);
          return stored;
        });
  }

  private static List<WorkflowStep> steps(NewWorkflow workflow) {
    List<WorkflowStep> all = new ArrayList<>(workflow.steps());
    if (workflow.onComplete() != null) {
      all.add(workflow.onComplete());
    }
    if (workflow.onFailure() != null) {
      all.add(workflow.onFailure());
    }
    return all;
  }

  private static void addCallback(
      InMemoryJobTable table,
      WorkflowStep callback,
      RunWhen when,
      WorkflowRole role,
      String workflowId,
      List<String> stepIds,
      List<Workflow.Node> nodes) {
    if (callback == null) {
      return;
    }
    NewJob job = WorkflowJobs.callback(callback.job(), when, workflowId, stepIds);
    Job stored = table.insert(job).job();
    nodes.add(new Workflow.Node(callback.ref(), stored.id(), role, List.of()));
  }

  @Override
  public Optional<Workflow> getWorkflow(String workflowId) {
    return jobs.inRead(table -> Optional.ofNullable(table.workflows().get(workflowId)));
  }

  @Override
  public Page<Workflow> findWorkflows(WorkflowQuery query) {
    return jobs.inRead(table -> table.workflows().find(query));
  }

  @Override
  public Workflow cancelWorkflow(String workflowId, String actor) {
    return jobs.inWrite(
        table -> {
          Workflow workflow = existing(table, workflowId);
          List<Workflow.Node> nodes = workflow.nodes();
          for (int i = nodes.size() - 1; i >= 0; i--) {
            Job job = table.get(nodes.get(i).jobId());
            if (job != null && !job.state().isFinal()) {
              Job cancelled =
                  table.move(job, Transition.CANCEL, MoveArgs.by(actor, WorkflowJobs.CANCELLED));
              jobs.followUp(InMemoryJobTable.FollowUp.stopped(cancelled));
            }
          }
          return workflow;
        });
  }

  @Override
  public Workflow retryWorkflow(String workflowId, String actor) {
    return jobs.inWrite(
        table -> {
          Workflow workflow = existing(table, workflowId);
          for (Workflow.Node node : workflow.nodes()) {
            Job job = table.get(node.jobId());
            if (job == null
                || !(job.state() == FAILED
                    || (job.state() == CANCELLED
                        && !Readiness.rearmable(table.lastTransition(job.id()))))) {
              continue;
            }
            Transition retry;
            try {
              retry = table.retryMove(job);
            } catch (IllegalTransitionException e) {
              continue; // its rule can no longer be met: left as it is
            }
            Job retried = table.move(job, retry, MoveArgs.by(actor, WorkflowJobs.RETRIED));
            jobs.followUp(InMemoryJobTable.FollowUp.retried(retried));
          }
          return workflow;
        });
  }

  private static Workflow existing(InMemoryJobTable table, String workflowId) {
    Workflow workflow = table.workflows().get(workflowId);
    if (workflow == null) {
      throw new WorkflowNotFoundException(workflowId);
    }
    return workflow;
  }
}
