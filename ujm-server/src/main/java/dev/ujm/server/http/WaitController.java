package dev.ujm.server.http;

import dev.ujm.core.events.JobChange;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.Engine;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The long-poll {@code GET /api/v2/jobs/{id}/wait?timeoutSeconds=30&state=}: answers 200 with the
 * state event as soon as the job changes state, or 204 when the wait runs out. With {@code state}
 * (the state the caller last saw) it answers at once if the job has already left it, so no change
 * between two polls is missed; without it, a job already in a final state answers at once.
 * Thread-safe; each waiting request holds one virtual thread.
 */
public final class WaitController {
  /** Longest wait one request may ask for. */
  public static final int MAX_WAIT_SECONDS = 300;

  private final Backend backend;
  private final JobController jobs;

  public WaitController(Backend backend, JobController jobs) {
    this.backend = backend;
    this.jobs = jobs;
  }

  /**
   * {@code GET /api/v2/jobs/{id}/wait}: registers for the job's next change before reading it, so a
   * change between the read and the wait is never missed; a wake-up without a change (lost events
   * make the waiter wake everyone) reads again and waits on.
   */
  public void await(Context ctx, Caller caller) throws InterruptedException {
    int timeout = QueryParams.intIn(ctx, "timeoutSeconds", 30, 0, MAX_WAIT_SECONDS);
    String stateParam = QueryParams.text(ctx, "state");
    JobState known = stateParam == null ? null : QueryParams.state("state", stateParam);
    Engine engine = backend.engine();
    String id = ctx.pathParam("id");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
    JobState first = null;
    while (true) {
      CompletableFuture<JobChange> change = engine.watch().nextChange(id);
      try {
        Job job = jobs.visibleJob(ctx, caller);
        if (first == null) {
          first = job.state();
        }
        boolean changed =
            known != null
                ? job.state() != known
                : job.state() != first || (job.state().isFinal() && first.isFinal());
        if (changed) {
          HttpExchange.json(ctx, 200, Views.stateMessage(job));
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          ctx.status(204);
          return;
        }
        try {
          change.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          ctx.status(204);
          return;
        } catch (ExecutionException e) {
          throw new IllegalStateException("a job change future cannot fail", e);
        }
      } finally {
        engine.watch().forget(id, change);
      }
    }
  }
}
