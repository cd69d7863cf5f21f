package dev.ujm.server.http;

import dev.ujm.api.QueueUpdateRequest;
import dev.ujm.core.cluster.QueueControl;
import dev.ujm.core.cluster.QueueControlUpdate;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;

/**
 * {@code PATCH /api/v2/queues/{queue}}: pause or resume a queue, give its pools a fixed size per
 * node or an autoscaling range; every node that serves the queue applies it (this one at once, the
 * others within a heartbeat). Admin only. Thread-safe.
 */
public final class QueueController {
  private final Backend backend;
  private final HttpExchange exchange;

  public QueueController(Backend backend, HttpExchange exchange) {
    this.backend = backend;
    this.exchange = exchange;
  }

  /** Applies the given fields and answers 200 with the queue's control after the change. */
  public void update(Context ctx, Caller caller) {
    String queue = ctx.pathParam("queue");
    if (!queue.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw ProblemException.invalid("queue", "a queue name is letters, digits, '_', '.' or '-'");
    }
    QueueUpdateRequest body = exchange.read(ctx, QueueUpdateRequest.class);
    if (body.paused() == null && body.size() == null && body.autoscale() == null) {
      throw ProblemException.invalid(null, "give paused, size or autoscale");
    }
    if (body.size() != null && body.autoscale() != null) {
      throw ProblemException.invalid("size", "give a fixed size or an autoscale range, not both");
    }
    if (body.autoscale() != null
        && (body.autoscale().min() == null || body.autoscale().max() == null)) {
      throw ProblemException.invalid("autoscale", "an autoscale range needs min and max");
    }
    QueueControlUpdate update;
    try {
      update =
          new QueueControlUpdate(
              body.paused(),
              body.size(),
              body.autoscale() == null ? null : body.autoscale().min(),
              body.autoscale() == null ? null : body.autoscale().max());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(body.size() != null ? "size" : "autoscale", e.getMessage());
    }
    QueueControl control = backend.engine().queueControls().update(queue, update, caller.actor());
    HttpExchange.json(ctx, 200, Views.control(control));
  }
}
