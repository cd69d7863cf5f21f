package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.FAILED;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.ujm.core.model.IllegalTransitionException;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.model.RunWhen;
import dev.ujm.core.store.CancelRequest;
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
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Workflows in the {@code workflows} collection: the workflow as JSON and each job id's ref (for a
 * batch callback's summary). A submit stores the workflow's document first, then its steps in order
 * through the job store (each one's dependencies are the steps before it), recording each step's
 * ref right after it, then its callbacks; if a step is refused, the jobs already stored and the
 * document are deleted again, so a workflow is there whole or not at all. Cancel and retry are the
 * job store's own moves, one per job. The tenant and owner are fields of their own, so listings are
 * served by the index on (tenantId, ownerId, _id). Thread-safe.
 */
final class MongoWorkflowStore implements WorkflowStore {
  private static final String JSON = "json";
  private static final String REFS = "refs";
  private static final String TENANT = "tenantId";
  private static final String OWNER = "ownerId";

  private final RedisMongoJobStore jobs;
  private final MongoCollection<Document> workflows;
  private final InstantSource clock;
  private final JobIds ids;

  MongoWorkflowStore(RedisMongoJobStore jobs, InstantSource clock) {
    this.jobs = jobs;
    this.workflows = jobs.mongo().collection(MongoBackend.WORKFLOWS);
    this.clock = clock;
    this.ids = new JobIds(clock);
  }

  /** Each job id's ref in a workflow; empty for an unknown one. */
  static Map<String, String> refs(MongoBackend mongo, String workflowId) {
    Document doc =
        MongoFaults.call(
            "reading a workflow",
            () -> mongo.collection(MongoBackend.WORKFLOWS).find(eq("_id", workflowId)).first());
    if (doc == null || doc.get(REFS) == null) {
      return Map.of();
    }
    Map<String, String> refs = new HashMap<>();
    doc.get(REFS, Document.class).forEach((jobId, ref) -> refs.put(jobId, (String) ref));
    return refs;
  }

  @Override
  public Workflow submitWorkflow(NewWorkflow workflow) {
    for (WorkflowStep step : steps(workflow)) {
      if (step.job().type() == null || step.job().type().isBlank()) {
        throw new InvalidJobException(
            InvalidJobException.Reason.UNKNOWN_TYPE, "type", "a job type is required");
      }
    }
    String id = ids.next();
    MongoFaults.call(
        "storing a workflow",
        () ->
            workflows.insertOne(
                new Document("_id", id)
                    .append(TENANT, workflow.tenantId())
                    .append(OWNER, workflow.ownerId())
                    .append(REFS, new Document())));
    List<String> stored = new ArrayList<>();
    try {
      Map<String, String> idByRef = new HashMap<>();
      List<Workflow.Node> nodes = new ArrayList<>();
      List<String> stepIds = new ArrayList<>();
      for (WorkflowStep step : workflow.steps()) {
        Job job = submit(WorkflowJobs.resolved(step, idByRef, id), id, step.ref(), stored);
        idByRef.put(step.ref(), job.id());
        stepIds.add(job.id());
        nodes.add(new Workflow.Node(step.ref(), job.id(), WorkflowRole.STEP, step.dependsOn()));
      }
      addCallback(
          workflow.onComplete(),
          RunWhen.COMPLETED,
          WorkflowRole.ON_COMPLETE,
          id,
          stepIds,
          nodes,
          stored);
      addCallback(
          workflow.onFailure(),
          RunWhen.FAILED,
          WorkflowRole.ON_FAILURE,
          id,
          stepIds,
          nodes,
          stored);
      Workflow done =
          new Workflow(
              id, workflow.name(), workflow.tenantId(), workflow.ownerId(), clock.instant(), nodes);
      MongoFaults.call(
          "storing a workflow",
          () -> workflows.updateOne(eq("_id", id), Updates.set(JSON, JobDocuments.write(done))));
      return done;
    } catch (RuntimeException e) {
      try {
        jobs.deleteJobs(stored);
        MongoFaults.call("deleting a workflow", () -> workflows.deleteOne(eq("_id", id)));
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private Job submit(NewJob job, String workflowId, String ref, List<String> stored) {
    Job submitted = jobs.submit(job).job();
    stored.add(submitted.id());
    MongoFaults.call(
        "storing a workflow",
        () ->
            workflows.updateOne(
                eq("_id", workflowId), Updates.set(REFS + "." + submitted.id(), ref)));
    return submitted;
  }

  private void addCallback(
      WorkflowStep callback,
      RunWhen when,
      WorkflowRole role,
      String workflowId,
      List<String> stepIds,
      List<Workflow.Node> nodes,
      List<String> stored) {
    if (callback == null) {
      return;
    }
    NewJob job = WorkflowJobs.callback(callback.job(), when, workflowId, stepIds);
    Job submitted = submit(job, workflowId, callback.ref(), stored);
    nodes.add(new Workflow.Node(callback.ref(), submitted.id(), role, List.of()));
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

  @Override
  public Optional<Workflow> getWorkflow(String workflowId) {
    Document doc =
        MongoFaults.call("reading a workflow", () -> workflows.find(eq("_id", workflowId)).first());
    if (doc == null || doc.getString(JSON) == null) {
      return Optional.empty(); // unknown, or still being submitted
    }
    return Optional.of(JobDocuments.read(doc.getString(JSON), Workflow.class));
  }

  /** One page, newest (largest id) first; a workflow still being submitted is not listed yet. */
  @Override
  public Page<Workflow> findWorkflows(WorkflowQuery query) {
    List<Bson> filters = new ArrayList<>();
    filters.add(exists(JSON));
    NewestFirst.addEq(filters, TENANT, query.tenantId());
    NewestFirst.addEq(filters, OWNER, query.ownerId());
    if (query.cursor() != null) {
      filters.add(lt("_id", query.cursor()));
    }
    List<Workflow> page =
        MongoFaults.call(
            "listing workflows",
            () ->
                workflows
                    .find(and(filters))
                    .sort(Sorts.descending("_id"))
                    .limit(query.limit() + 1)
                    .map(doc -> JobDocuments.read(doc.getString(JSON), Workflow.class))
                    .into(new ArrayList<>()));
    return NewestFirst.page(page, query.limit(), Workflow::id);
  }

  @Override
  public Workflow cancelWorkflow(String workflowId, String actor) {
    Workflow workflow = existing(workflowId);
    List<Workflow.Node> nodes = workflow.nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Optional<Job> job = jobs.get(nodes.get(i).jobId());
      if (job.isPresent() && !job.get().state().isFinal()) {
        try {
          jobs.cancel(new CancelRequest(job.get().id(), actor, WorkflowJobs.CANCELLED));
        } catch (IllegalTransitionException endedMeanwhile) {
          // it finished while the workflow was being cancelled: left as it ended
        }
      }
    }
    return workflow;
  }

  @Override
  public Workflow retryWorkflow(String workflowId, String actor) {
    Workflow workflow = existing(workflowId);
    for (Workflow.Node node : workflow.nodes()) {
      Optional<Job> job = jobs.get(node.jobId());
      if (job.isEmpty()
          || !(job.get().state() == FAILED
              || (job.get().state() == CANCELLED
                  && !Readiness.rearmable(jobs.lastTransition(node.jobId()))))) {
        continue;
      }
      try {
        jobs.retry(node.jobId(), actor, WorkflowJobs.RETRIED);
      } catch (IllegalTransitionException e) {
        // its rule can no longer be met: left as it is
      }
    }
    return workflow;
  }

  private Workflow existing(String workflowId) {
    return getWorkflow(workflowId).orElseThrow(() -> new WorkflowNotFoundException(workflowId));
  }
}
