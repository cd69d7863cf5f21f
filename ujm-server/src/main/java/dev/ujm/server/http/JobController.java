package dev.ujm.server.http;

import dev.ujm.api.BatchSubmitRequest;
import dev.ujm.api.BatchSubmitResponse;
import dev.ujm.api.ProblemTypes;
import dev.ujm.api.SubmitJobRequest;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.NewJob;
import dev.ujm.core.store.SubmitResult;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The job-changing endpoints: submit (single and batch), cancel, retry, clone, and reading one job.
 * Each translates the request, makes one call of the {@link JobService} and writes the answer.
 * Thread-safe.
 */
public final class JobController {
  /** Most jobs in one batch. */
  public static final int MAX_BATCH = 1000;

  private final Backend backend;
  private final HttpExchange exchange;
  private final InstantSource clock;

  public JobController(Backend backend, HttpExchange exchange, InstantSource clock) {
    this.backend = backend;
    this.exchange = exchange;
    this.clock = clock;
  }

  /**
   * {@code POST /api/v2/jobs}: 201 with the new job, 200 with the first one on an idempotent
   * repeat.
   */
  public void submit(Context ctx, Caller caller) {
    SubmitJobRequest request = exchange.read(ctx, SubmitJobRequest.class);
    JobService jobs = backend.engine().jobs();
    SubmitResult result = jobs.submit(JobRequests.toNewJob(request, caller, jobs, clock, ""));
    answerSubmit(ctx, caller, result);
  }

  /** {@code POST /api/v2/jobs/batch}: up to 1000 jobs, all stored or none. */
  public void submitBatch(Context ctx, Caller caller) {
    BatchSubmitRequest request = exchange.read(ctx, BatchSubmitRequest.class);
    if (request.jobs() == null || request.jobs().isEmpty()) {
      throw ProblemException.invalid("jobs", "jobs must be a non-empty array of jobs");
    }
    if (request.jobs().size() > MAX_BATCH) {
      throw ProblemException.invalid(
          "jobs",
          "a batch holds at most "
              + MAX_BATCH
              + " jobs, not "
              + request.jobs().size()
              + "; split it");
    }
    JobService jobs = backend.engine().jobs();
    List<NewJob> newJobs = new ArrayList<>(request.jobs().size());
    for (int i = 0; i < request.jobs().size(); i++) {
      NewJob job =
          JobRequests.toNewJob(request.jobs().get(i), caller, jobs, clock, "jobs[" + i + "].");
      try {
        jobs.types().validate(job, clock.instant());
      } catch (InvalidJobException e) {
        throw JobRequests.inBatch(e, i);
      }
      newJobs.add(job);
    }
    if (request.onComplete() != null || request.onFailure() != null) {
      submitWithCallbacks(ctx, caller, request, newJobs);
      return;
    }
    List<SubmitResult> results = jobs.submitAll(newJobs);
    boolean anyCreated = false;
    for (SubmitResult result : results) {
      checkNotForeign(caller, result);
      anyCreated |= result.created();
    }
    HttpExchange.json(
        ctx,
        anyCreated ? 201 : 200,
        new BatchSubmitResponse(results.stream().map(r -> Views.job(r.job())).toList()));
  }

  /** A batch with callbacks: a workflow of jobs without edges between them. */
  private void submitWithCallbacks(
      Context ctx, Caller caller, BatchSubmitRequest request, List<NewJob> newJobs) {
    var engine = backend.engine();
    NewJob onComplete =
        request.onComplete() == null
            ? null
            : JobRequests.toNewJob(
                request.onComplete(), caller, engine.jobs(), clock, "onComplete.");
    NewJob onFailure =
        request.onFailure() == null
            ? null
            : JobRequests.toNewJob(request.onFailure(), caller, engine.jobs(), clock, "onFailure.");
    var batch =
        engine
            .workflows()
            .submitBatch(caller.tenant(), caller.userId(), newJobs, onComplete, onFailure);
    List<String> stepIds =
        batch.nodes().stream()
            .filter(n -> n.role() == dev.ujm.core.workflow.WorkflowRole.STEP)
            .map(n -> n.jobId())
            .toList();
    HttpExchange.json(
        ctx,
        201,
        new BatchSubmitResponse(
            engine.jobs().getAll(stepIds).stream().map(Views::job).toList(), batch.id()));
  }

  /** {@code GET /api/v2/jobs/{id}}. */
  public void get(Context ctx, Caller caller) {
    HttpExchange.json(ctx, 200, Views.job(visibleJob(ctx, caller)));
  }

  /** {@code DELETE /api/v2/jobs/{id}}: cancels; a running job is interrupted. */
  public void cancel(Context ctx, Caller caller) {
    Job job = visibleJob(ctx, caller);
    HttpExchange.json(
        ctx, 200, Views.job(backend.engine().jobs().cancel(job.id(), caller.actor())));
  }

  /** {@code POST /api/v2/jobs/{id}/retry}: re-drives a failed or cancelled job. */
  public void retry(Context ctx, Caller caller) {
    Job job = visibleJob(ctx, caller);
    HttpExchange.json(ctx, 200, Views.job(backend.engine().jobs().retry(job.id(), caller.actor())));
  }

  /** {@code POST /api/v2/jobs/{id}/clone}: submits a copy; 201 with the copy. */
  public void cloneJob(Context ctx, Caller caller) {
    Job job = visibleJob(ctx, caller);
    SubmitResult copy = backend.engine().jobs().cloneJob(job.id(), caller.actor());
    HttpExchange.aboutJob(ctx, copy.job().id());
    HttpExchange.json(ctx, 201, Views.job(copy.job()));
  }

  /** The job named by the path, when the caller may see it; else 404. */
  Job visibleJob(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    HttpExchange.aboutJob(ctx, id);
    return caller.visible(backend.engine().jobs().get(id));
  }

  static void answerSubmit(Context ctx, Caller caller, SubmitResult result) {
    checkNotForeign(caller, result);
    HttpExchange.aboutJob(ctx, result.job().id());
    HttpExchange.json(ctx, result.created() ? 201 : 200, Views.job(result.job()));
  }

  /** An idempotency key another user of the tenant used first must not reveal that user's job. */
  private static void checkNotForeign(Caller caller, SubmitResult result) {
    if (!result.created() && !caller.canSee(result.job())) {
      throw new ProblemException(
          409,
          ProblemTypes.CONFLICT,
          "Conflict",
          "this idempotencyKey was already used by another user of the tenant; choose another key",
          "idempotencyKey",
          null);
    }
  }
}
