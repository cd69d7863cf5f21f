package dev.ujm.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.JobEventView;
import dev.ujm.api.JobStatusList;
import dev.ujm.api.JobStatusView;
import dev.ujm.api.ListResponse;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobQuery;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The job-reading endpoints: lists (search, one user's jobs, dead letters), batch status, history
 * and results. Every answer holds only what the caller may see. Lists and result pages are streamed
 * within a byte budget ({@link PageStream}); list items are a summary unless {@code ?view=full} or
 * {@code ?fields=} asks for more ({@link ListView}). Thread-safe.
 */
public final class JobQueryController {
  /** Most ids in one batch status request. */
  public static final int MAX_STATUS_IDS = 1000;

  /** Result items per page when {@code limit} is not given. */
  public static final int DEFAULT_RESULT_LIMIT = 100;

  private final Backend backend;
  private final JobController jobs;

  public JobQueryController(Backend backend, JobController jobs) {
    this.backend = backend;
    this.jobs = jobs;
  }

  /** {@code GET /api/v2/jobs}: every job the caller may see, newest first, filtered. */
  public void search(Context ctx, Caller caller) {
    Engine engine = backend.engine();
    list(ctx, engine, caller.scope(query(ctx, engine)));
  }

  /**
   * {@code GET /api/v2/jobs/user/{userId}}: one user's jobs; a non-admin key may ask only for its
   * own.
   */
  public void userJobs(Context ctx, Caller caller) {
    String userId = ctx.pathParam("userId");
    if (!caller.seesWholeTenant() && !userId.equals(caller.userId())) {
      throw ProblemException.forbidden(
          "a "
              + caller.key().role().wireName()
              + " key may list only its own jobs (user "
              + caller.userId()
              + ")");
    }
    Engine engine = backend.engine();
    list(ctx, engine, caller.scope(query(ctx, engine)).withOwner(userId));
  }

  /** {@code GET /api/v2/dead-letter}: failed jobs the caller may see. */
  public void deadLetter(Context ctx, Caller caller) {
    Engine engine = backend.engine();
    list(ctx, engine, caller.scope(query(ctx, engine)).withStates(Set.of(JobState.FAILED)));
  }

  /** {@code GET /api/v2/jobs/status?ids=a,b,c}: every id must be a well-formed job id. */
  public void status(Context ctx, Caller caller) {
    String ids = QueryParams.text(ctx, "ids");
    if (ids == null) {
      throw ProblemException.invalid("ids", "ids is required: job ids separated by commas");
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        wanted.add(Inputs.jobId("ids", id.trim()));
      }
      if (wanted.size() > MAX_STATUS_IDS) {
        throw ProblemException.invalid("ids", "ask for at most " + MAX_STATUS_IDS + " ids at once");
      }
    }
    Map<String, Job> found =
        backend.engine().jobs().getAll(wanted).stream()
            .filter(caller::canSee)
            .collect(Collectors.toMap(Job::id, Function.identity(), (a, b) -> a));
    List<JobStatusView> items = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : wanted) {
      Job job = found.get(id);
      if (job == null) {
        missing.add(id);
      } else {
        items.add(Views.status(job));
      }
    }
    HttpExchange.json(ctx, 200, new JobStatusList(items, null, missing));
  }

  /**
   * {@code GET /api/v2/jobs/{id}/history}: the audit trail, oldest first; also of a job that
   * retention purged, while its trail is kept ({@code UJM_AUDIT_RETENTION_DAYS}), to the callers
   * who could see the job.
   */
  public void history(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    HttpExchange.aboutJob(ctx, id);
    JobService service = backend.engine().jobs();
    boolean visible;
    try {
      visible = caller.canSee(service.get(id));
    } catch (JobNotFoundException e) {
      visible =
          service
              .purged(id)
              .map(kept -> caller.canSee(kept.tenantId(), kept.ownerId()))
              .orElse(false);
    }
    if (!visible) {
      throw new JobNotFoundException(id);
    }
    List<JobEventView> events = service.history(id).stream().map(Views::event).toList();
    HttpExchange.json(ctx, 200, new ListResponse<>(events, null));
  }

  /**
   * {@code GET /api/v2/jobs/{id}/result?limit=&cursor=}: the result and one page of result items,
   * streamed within the byte budget.
   */
  public void result(Context ctx, Caller caller) {
    Job job = jobs.visibleJob(ctx, caller);
    int limit = QueryParams.limit(ctx, DEFAULT_RESULT_LIMIT);
    String cursor = QueryParams.text(ctx, "cursor");
    Engine engine = backend.engine();
    withCursor(
        cursor,
        () -> {
          PageStream.write(
              ctx,
              (from, size) -> engine.jobs().results(job.id(), from, size),
              cursor,
              limit,
              json -> {
                json.writeStringField("jobId", job.id());
                json.writeStringField("state", job.state().wireName());
                json.writeFieldName("result");
                json.writeTree(job.result());
              },
              (JsonNode item) -> item);
          return null;
        });
  }

  private static JobQuery query(Context ctx, Engine engine) {
    return QueryParams.jobQuery(ctx, engine.jobs().clock().instant());
  }

  private static void list(Context ctx, Engine engine, JobQuery query) {
    ListView view = ListView.of(ctx);
    Set<String> served = JobController.served(engine);
    withCursor(
        query.cursor(),
        () -> {
          PageStream.write(
              ctx,
              (cursor, size) -> engine.jobs().find(page(query, cursor, size)),
              query.cursor(),
              query.limit(),
              PageStream.Head.NONE,
              (Job job) -> view.of(job, served));
          return null;
        });
  }

  private static JobQuery page(JobQuery query, String cursor, int size) {
    return new JobQuery(
        query.states(),
        query.type(),
        query.queue(),
        query.tenantId(),
        query.ownerId(),
        query.tag(),
        query.createdFrom(),
        query.createdBefore(),
        cursor,
        size);
  }

  /**
   * A store refuses a cursor it did not make with IllegalArgumentException: that is the caller's
   * mistake.
   */
  private static <T> T withCursor(String cursor, Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      if (cursor == null) {
        throw e;
      }
      throw ProblemException.invalid(
          "cursor", "cursor is not one this list gave out: pass nextCursor unchanged");
    }
  }
}
