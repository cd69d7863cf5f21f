package dev.ujm.server.alert;

import dev.ujm.api.AlertView;
import dev.ujm.api.ListResponse;
import dev.ujm.server.http.Caller;
import dev.ujm.server.http.HttpExchange;
import io.javalin.http.Context;

/** {@code GET /api/v2/alerts}: every configured rule with its state. Admin only. Thread-safe. */
public final class AlertController {
  private final AlertEvaluator evaluator;

  public AlertController(AlertEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  public void list(Context ctx, Caller caller) {
    HttpExchange.json(
        ctx,
        200,
        new ListResponse<>(evaluator.states().stream().map(AlertController::view).toList(), null));
  }

  /** An alert as the API and its webhook deliveries show it. */
  static AlertView view(Alert alert) {
    return new AlertView(
        alert.rule().name(),
        alert.rule().text(),
        alert.state(),
        alert.since() == null ? null : alert.since().toString(),
        alert.detail());
  }
}
