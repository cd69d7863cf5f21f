package dev.ujm.server.alert;

import dev.ujm.core.model.Json;
import dev.ujm.server.webhook.WebhookDispatcher;
import dev.ujm.server.webhook.WebhookEvents;
import java.util.function.Consumer;

/**
 * Delivers each change of an alert to the webhooks that subscribed to {@code alert.firing} or
 * {@code alert.resolved}; the message id is the rule and the instant of the change, so a change is
 * delivered once however often it is retried.
 */
public final class AlertDeliveries implements Consumer<Alert> {
  private final WebhookDispatcher dispatcher;

  public AlertDeliveries(WebhookDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public void accept(Alert alert) {
    dispatcher.alert(
        alert.firing() ? WebhookEvents.ALERT_FIRING : WebhookEvents.ALERT_RESOLVED,
        alert.rule().name() + ":" + alert.since().toEpochMilli(),
        alert.since(),
        Json.mapper().valueToTree(AlertController.view(alert)));
  }
}
