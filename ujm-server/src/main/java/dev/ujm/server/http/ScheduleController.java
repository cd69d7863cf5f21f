package dev.ujm.server.http;

import dev.ujm.api.ListResponse;
import dev.ujm.api.ScheduleFireView;
import dev.ujm.api.ScheduleRequest;
import dev.ujm.api.ScheduleView;
import dev.ujm.core.model.Job;
import dev.ujm.core.schedule.JobTemplate;
import dev.ujm.core.schedule.Misfire;
import dev.ujm.core.schedule.Overlap;
import dev.ujm.core.schedule.Schedule;
import dev.ujm.core.schedule.ScheduleDefinition;
import dev.ujm.core.schedule.ScheduleFire;
import dev.ujm.core.schedule.ScheduleNotFoundException;
import dev.ujm.core.schedule.ScheduleQuery;
import dev.ujm.core.schedule.ScheduleService;
import dev.ujm.core.store.Page;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.List;

/**
 * The schedule endpoints ({@code /api/v2/schedules…}): each translates the request, makes one call
 * of the {@link ScheduleService} and writes the answer. A schedule belongs to its key's tenant and
 * user like a job; another user's schedule answers 404. Thread-safe.
 */
public final class ScheduleController {
  private final Backend backend;
  private final HttpExchange exchange;
  private final InstantSource clock;

  public ScheduleController(Backend backend, HttpExchange exchange, InstantSource clock) {
    this.backend = backend;
    this.exchange = exchange;
    this.clock = clock;
  }

  private ScheduleService schedules() {
    return backend.engine().schedules();
  }

  /** {@code POST /api/v2/schedules}: 201 with the schedule and its next five fires. */
  public void create(Context ctx, Caller caller) {
    ScheduleDefinition definition = definition(exchange.read(ctx, ScheduleRequest.class));
    Schedule created = schedules().create(caller.tenant(), caller.userId(), definition);
    HttpExchange.json(ctx, 201, view(created));
  }

  /** {@code GET /api/v2/schedules}: the caller's schedules, newest first, paged. */
  public void list(Context ctx, Caller caller) {
    Page<Schedule> page =
        schedules()
            .find(
                new ScheduleQuery(
                    caller.tenant(),
                    caller.ownerFilter(),
                    QueryParams.blankToNull(ctx.queryParam("cursor")),
                    QueryParams.limit(ctx, QueryParams.DEFAULT_LIMIT)));
    HttpExchange.json(
        ctx,
        200,
        new ListResponse<>(page.items().stream().map(this::view).toList(), page.nextCursor()));
  }

  public void get(Context ctx, Caller caller) {
    HttpExchange.json(ctx, 200, view(visible(ctx, caller)));
  }

  /** {@code PUT /api/v2/schedules/{id}}: a new definition; its history and last run stay. */
  public void replace(Context ctx, Caller caller) {
    Schedule s = visible(ctx, caller);
    ScheduleDefinition definition = definition(exchange.read(ctx, ScheduleRequest.class));
    HttpExchange.json(ctx, 200, view(schedules().replace(s.id(), definition)));
  }

  public void delete(Context ctx, Caller caller) {
    schedules().delete(visible(ctx, caller).id());
    ctx.status(204);
  }

  public void pause(Context ctx, Caller caller) {
    HttpExchange.json(ctx, 200, view(schedules().pause(visible(ctx, caller).id())));
  }

  public void resume(Context ctx, Caller caller) {
    HttpExchange.json(ctx, 200, view(schedules().resume(visible(ctx, caller).id())));
  }

  /** {@code POST …/trigger}: runs it now; 201 with the job. */
  public void trigger(Context ctx, Caller caller) {
    Job job = schedules().trigger(visible(ctx, caller).id());
    HttpExchange.aboutJob(ctx, job.id());
    HttpExchange.json(ctx, 201, Views.job(job, JobController.served(backend.engine())));
  }

  /** {@code GET …/runs}: the jobs it made, newest first. */
  public void runs(Context ctx, Caller caller) {
    Schedule s = visible(ctx, caller);
    Page<Job> page =
        schedules().runs(s.id(), caller.scope(QueryParams.jobQuery(ctx, clock.instant())));
    java.util.Set<String> served = JobController.served(backend.engine());
    HttpExchange.json(
        ctx,
        200,
        new ListResponse<>(
            page.items().stream().map(job -> Views.summary(job, served)).toList(),
            page.nextCursor()));
  }

  /** {@code GET …/history}: fires and what came of them, newest first. */
  public void history(Context ctx, Caller caller) {
    Schedule s = visible(ctx, caller);
    Page<ScheduleFire> page =
        schedules()
            .history(
                s.id(),
                QueryParams.blankToNull(ctx.queryParam("cursor")),
                QueryParams.limit(ctx, QueryParams.DEFAULT_LIMIT));
    HttpExchange.json(
        ctx,
        200,
        new ListResponse<>(
            page.items().stream()
                .map(
                    f ->
                        new ScheduleFireView(f.fireAt(), f.outcome().wireName(), f.jobId(), f.at()))
                .toList(),
            page.nextCursor()));
  }

  private Schedule visible(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    Schedule s = schedules().get(id);
    if (!caller.canSee(s.tenantId(), s.ownerId())) {
      throw new ScheduleNotFoundException(id);
    }
    return s;
  }

  private static ScheduleDefinition definition(ScheduleRequest r) {
    ScheduleRequest.Job job = r.job();
    if (job == null) {
      throw ProblemException.invalid("job", "job is required: {\"type\": ..., \"payload\": {...}}");
    }
    return new ScheduleDefinition(
        r.name(),
        r.cron(),
        r.timeZone(),
        new JobTemplate(
            job.type(),
            job.payload(),
            JobRequests.priority(job.priority(), "job.priority"),
            job.queue(),
            job.timeoutSeconds(),
            job.maxAttempts(),
            job.tags()),
        r.misfire() == null ? Misfire.SKIP : parse(() -> Misfire.parse(r.misfire()), "misfire"),
        r.overlap() == null ? Overlap.ALLOW : parse(() -> Overlap.parse(r.overlap()), "overlap"),
        r.catchUpLimit() == null ? ScheduleService.DEFAULT_CATCH_UP_LIMIT : r.catchUpLimit(),
        r.enabled() == null || r.enabled());
  }

  private static <T> T parse(java.util.function.Supplier<T> parser, String field) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(field, e.getMessage());
    }
  }

  private ScheduleView view(Schedule s) {
    ScheduleDefinition d = s.definition();
    JobTemplate t = d.job();
    String lastState =
        s.lastJobId() == null
            ? null
            : backend
                .engine()
                .jobs()
                .store()
                .get(s.lastJobId())
                .map(j -> j.state().wireName())
                .orElse(null);
    List<java.time.Instant> upcoming = schedules().upcoming(s);
    return new ScheduleView(
        s.id(),
        d.name(),
        d.cron(),
        d.timeZone() == null ? "UTC" : d.timeZone(),
        new ScheduleRequest.Job(
            t.type(),
            t.payload(),
            t.priority() == null ? null : t.priority().wireName(),
            t.queue(),
            t.timeoutSeconds(),
            t.maxAttempts(),
            t.tags()),
        d.misfire().wireName(),
        d.overlap().wireName(),
        d.catchUpLimit(),
        d.enabled(),
        s.tenantId(),
        s.ownerId(),
        d.enabled() ? s.nextFireAt() : null,
        upcoming,
        s.lastFireAt(),
        s.lastJobId(),
        lastState,
        s.version(),
        s.createdAt(),
        s.updatedAt());
  }
}
