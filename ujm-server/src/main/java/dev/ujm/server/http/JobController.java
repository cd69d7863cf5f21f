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
import dev.ujm.server.engine.Engine;
import dev.ujm.server.trace.Tracing;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The job-changing endpoints: submit (single and batch), cancel, retry, clone, and reading one job.
 * Each translates the request, makes one call of the {@link JobService} and writes the answer. With
 * {@code UJM_QUEUES_STRICT=true} a job for a queue no worker pool serves is refused at submit;
 * otherwise it is accepted and shown with {@code "queueServed": false}. Thread-safe.
 */
public final class JobController {
  /** Most jobs in one batch. */
  public static final int MAX_BATCH = 1000;

  private final Backend backend;
  private final HttpExchange exchange;
  private final InstantSource clock;
  private final boolean strictQueues;

  public JobController(Backend backend, HttpExchange exchange, InstantSource clock) {
    this(backend, exchange, clock, false);
  }

  /**
   * @param strictQueues refuse jobs for queues no worker pool serves ({@code UJM_QUEUES_STRICT})
   */
  public JobController(
      Backend backend, HttpExchange exchange, InstantSource clock, boolean strictQueues) {
    this.backend = backend;
    this.exchange = exchange;
    this.clock = clock;
    this.strictQueues = strictQueues;
  }

  /**
   * {@code POST /api/v2/jobs}: 201 with the new job, 200 with the first one on an idempotent
   * repeat.
   */
  public void submit(Context ctx, Caller caller) {
    SubmitJobRequest request = exchange.read(ctx, SubmitJobRequest.class);
    Engine engine = backend.engine();
    SubmitResult result = engine.jobs().submit(newJob(engine, request, caller, ""));
    answerSubmit(ctx, caller, result, served(engine));
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
    Engine engine = backend.engine();
    JobService jobs = engine.jobs();
    List<NewJob> newJobs = new ArrayList<>(request.jobs().size());
    for (int i = 0; i < request.jobs().size(); i++) {
      NewJob job = newJob(engine, request.jobs().get(i), caller, "jobs[" + i + "].");
      try {
        jobs.validate(job);
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
    Set<String> served = served(engine);
    HttpExchange.json(
        ctx,
        anyCreated ? 201 : 200,
        new BatchSubmitResponse(results.stream().map(r -> Views.job(r.job(), served)).toList()));
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
            engine.jobs().getAll(stepIds).stream()
                .map(job -> Views.job(job, served(engine)))
                .toList(),
            batch.id()));
  }

  /** {@code GET /api/v2/jobs/{id}}. */
  public void get(Context ctx, Caller caller) {
    Job job = visibleJob(ctx, caller);
    HttpExchange.json(ctx, 200, Views.job(job, served(backend.engine())));
  }

  /** {@code DELETE /api/v2/jobs/{id}}: cancels; a running job is interrupted. */
  public void cancel(Context ctx, Caller caller) {
    Job job = visibleJob(ctx, caller);
    Engine engine = backend.engine();
    HttpExchange.json(
        ctx, 200, Views.job(engine.jobs().cancel(job.id(), caller.actor()), served(engine)));
  }

  /** {@code POST /api/v2/jobs/{id}/retry}: re-drives a failed or cancelled job. */
  public void retry(Context ctx, Caller caller) {
    Job job = visibleJob(ctx, caller);
    Engine engine = backend.engine();
    HttpExchange.json(
        ctx, 200, Views.job(engine.jobs().retry(job.id(), caller.actor()), served(engine)));
  }

  /** {@code POST /api/v2/jobs/{id}/clone}: submits a copy; 201 with the copy. */
  public void cloneJob(Context ctx, Caller caller) {
    Job job = visibleJob(ctx, caller);
    Engine engine = backend.engine();
    SubmitResult copy = engine.jobs().cloneJob(job.id(), caller.actor());
    HttpExchange.aboutJob(ctx, copy.job().id());
    HttpExchange.json(ctx, 201, Views.job(copy.job(), served(engine)));
  }

  /**
   * The job named by the path (already checked to be a well-formed id), when the caller may see it;
   * else 404.
   */
  Job visibleJob(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    HttpExchange.aboutJob(ctx, id);
    return caller.visible(backend.engine().jobs().get(id));
  }

  /**
   * The job a submit request asks for, refused when the queues are strict and no pool serves its
   * queue.
   */
  NewJob newJob(Engine engine, SubmitJobRequest request, Caller caller, String field) {
    NewJob job = withTrace(JobRequests.toNewJob(request, caller, engine.jobs(), clock, field));
    if (strictQueues) {
      String queue = job.queue() == null ? job.type() : job.queue();
      if (engine.jobs().types().find(job.type()).isPresent() && !served(engine).contains(queue)) {
        throw new InvalidJobException(
            InvalidJobException.Reason.INVALID_OPTION,
            field + "queue",
            "no worker pool serves queue '"
                + queue
                + "' (UJM_QUEUES_STRICT is on): use a served queue or give it workers with UJM_WORKERS_"
                + queue.toUpperCase(java.util.Locale.ROOT));
      }
    }
    return job;
  }

  /** The job with the current span's trace context in its tags, so its attempts join the trace. */
  private static NewJob withTrace(NewJob job) {
    return Tracing.currentTag()
        .map(
            tag -> {
              List<String> tags = new ArrayList<>(job.tags());
              tags.add(tag);
              return job.toBuilder().tags(tags).build();
            })
        .orElse(job);
  }

  /** The queues this node's worker pools serve. */
  static Set<String> served(Engine engine) {
    return engine.servedQueues();
  }

  static void answerSubmit(Context ctx, Caller caller, SubmitResult result, Set<String> served) {
    checkNotForeign(caller, result);
    HttpExchange.aboutJob(ctx, result.job().id());
    HttpExchange.json(ctx, result.created() ? 201 : 200, Views.job(result.job(), served));
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
