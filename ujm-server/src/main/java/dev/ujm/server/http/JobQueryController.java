package dev.ujm.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.api.JobEventView;
import dev.ujm.api.JobResultResponse;
import dev.ujm.api.JobStatusList;
import dev.ujm.api.JobStatusView;
import dev.ujm.api.JobView;
import dev.ujm.api.ListResponse;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobNotFoundException;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobQuery;
import dev.ujm.core.store.Page;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The job-reading endpoints: lists (search, one user's jobs, dead letters), batch status, history
 * and results. Every answer holds only what the caller may see. Thread-safe.
 */
public final class JobQueryController {
  /** Most ids in one batch status request. */
  public static final int MAX_STATUS_IDS = 1000;

  private final Backend backend;
  private final JobController jobs;

  public JobQueryController(Backend backend, JobController jobs) {
    this.backend = backend;
    this.jobs = jobs;
  }

  /** {@code GET /api/v2/jobs}: every job the caller may see, newest first, filtered. */
  public void search(Context ctx, Caller caller) {
    list(ctx, caller.scope(QueryParams.jobQuery(ctx)));
  }

  /**
   * {@code GET /api/v2/jobs/user/{userId}}: one user's jobs; a non-admin key may ask only for its
   * own.
   */
  public void userJobs(Context ctx, Caller caller) {
    String userId = ctx.pathParam("userId");
    if (!caller.isAdmin() && !userId.equals(caller.userId())) {
      throw ProblemException.forbidden(
          "a "
              + caller.key().role().wireName()
              + " key may list only its own jobs (user "
              + caller.userId()
              + ")");
    }
    list(ctx, caller.scope(QueryParams.jobQuery(ctx)).withOwner(userId));
  }

  /** {@code GET /api/v2/dead-letter}: failed jobs the caller may see. */
  public void deadLetter(Context ctx, Caller caller) {
    list(ctx, caller.scope(QueryParams.jobQuery(ctx)).withStates(Set.of(JobState.FAILED)));
  }

  /** {@code GET /api/v2/jobs/status?ids=a,b,c}. */
  public void status(Context ctx, Caller caller) {
    String ids = ctx.queryParam("ids");
    if (ids == null || ids.isBlank()) {
      throw ProblemException.invalid("ids", "ids is required: job ids separated by commas");
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        wanted.add(id.trim());
      }
    }
    if (wanted.size() > MAX_STATUS_IDS) {
      throw ProblemException.invalid(
          "ids", "ask for at most " + MAX_STATUS_IDS + " ids at once, not " + wanted.size());
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
   * {@code GET /api/v2/jobs/{id}/result?limit=&cursor=}: the result and one page of result items.
   */
  public void result(Context ctx, Caller caller) {
    Job job = jobs.visibleJob(ctx, caller);
    int limit = QueryParams.limit(ctx, 100);
    String cursor = QueryParams.blankToNull(ctx.queryParam("cursor"));
    Page<JsonNode> page =
        withCursor(cursor, () -> backend.engine().jobs().results(job.id(), cursor, limit));
    HttpExchange.json(
        ctx,
        200,
        new JobResultResponse(
            job.id(), job.state().wireName(), job.result(), page.items(), page.nextCursor()));
  }

  private void list(Context ctx, JobQuery query) {
    Page<Job> page = withCursor(query.cursor(), () -> backend.engine().jobs().find(query));
    List<JobView> items = page.items().stream().map(Views::job).toList();
    HttpExchange.json(ctx, 200, new ListResponse<>(items, page.nextCursor()));
  }

  /**
   * A store refuses a cursor it did not make with IllegalArgumentException: that is the caller's
   * mistake.
   */
  private static <T> Page<T> withCursor(String cursor, java.util.function.Supplier<Page<T>> read) {
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
