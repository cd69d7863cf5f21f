package dev.ujm.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.core.engine.JobService;
import dev.ujm.core.events.EventBus;
import dev.ujm.core.events.EventListener;
import dev.ujm.core.events.JobChange;
import dev.ujm.core.events.Subscription;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns events into {@code webhook} delivery jobs:
 *
 * <ol>
 *   <li>follows the event bus; a job reaching completed, failed or cancelled is an event ({@link
 *       WebhookEvents}); deliveries' own changes are not, or each delivery would beget another;
 *   <li>for every subscription of the job's tenant that wants that event and whose filter matches
 *       (the job is read only when the filter names tags), submits one delivery job in the
 *       subscription's tenant;
 *   <li>{@link #alert} does the same for alerts, to every subscription that lists the alert event.
 * </ol>
 *
 * The delivery's idempotency key is made of the subscription, the job, the event and the attempt,
 * so nodes that all see the same change (a shared bus) submit one delivery between them.
 * Thread-safe.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final String OWNER = "webhooks";

  private final WebhookRegistry registry;
  private final Supplier<JobService> jobs;
  private Subscription subscription;

  /**
   * @param jobs the engine's job service, asked at each delivery (the engine may have been started
   *     again since)
   */
  public WebhookDispatcher(WebhookRegistry registry, Supplier<JobService> jobs) {
    this.registry = registry;
    this.jobs = jobs;
  }

  /** Follows the bus; once. */
  public synchronized void attach(EventBus bus) {
    if (subscription != null && subscription.isOpen()) {
      return;
    }
    subscription =
        bus.subscribe(
            change ->
                change.isStateChange()
                    && !WebhookDelivery.TYPE.equals(change.type())
                    && WebhookEvents.of(change).isPresent(),
            new EventListener() {
              @Override
              public void onEvent(JobChange change) {
                dispatch(change);
              }

              @Override
              public void onOverflow(long missed) {
                LOG.warn("{} job events were lost before webhook delivery", missed);
              }
            });
  }

  /** Submits one delivery per subscription that wants this job change; returns how many. */
  int dispatch(JobChange change) {
    String event = WebhookEvents.of(change).orElseThrow();
    int submitted = 0;
    Optional<Job> job = Optional.empty();
    for (WebhookSubscription s : registry.all()) {
      if (!s.tenantId().equals(change.tenantId())
          || !s.wants(event, change.type(), change.queue())) {
        continue;
      }
      if (s.filtersTags()) {
        if (job.isEmpty()) {
          job = readJob(change.jobId());
        }
        if (job.isEmpty() || !job.get().tags().containsAll(s.filter().tags())) {
          continue;
        }
      }
      ObjectNode data = Json.mapper().createObjectNode();
      data.put("jobId", change.jobId())
          .put("type", change.type())
          .put("queue", change.queue())
          .put("state", change.state().wireName())
          .put("attempt", change.attempt());
      String id = s.id() + ":" + change.jobId() + ":" + event + ":" + change.attempt();
      submitted += submit(s, id, event, change.at(), data) ? 1 : 0;
    }
    return submitted;
  }

  /**
   * Delivers an alert's change ({@code alert.firing} or {@code alert.resolved}) to every
   * subscription that lists it; returns how many deliveries were submitted.
   *
   * @param key what makes this change unique (the rule and when it fired)
   */
  public int alert(String event, String key, Instant at, JsonNode data) {
    int submitted = 0;
    for (WebhookSubscription s : registry.all()) {
      if (s.events().contains(event)) {
        submitted += submit(s, s.id() + ":" + event + ":" + key, event, at, data) ? 1 : 0;
      }
    }
    return submitted;
  }

  private boolean submit(
      WebhookSubscription s, String messageId, String event, Instant at, JsonNode data) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("type", event).put("timestamp", at.toString()).set("data", data);
    try {
      jobs.get()
          .submit(
              NewJob.ofType(WebhookDelivery.TYPE)
                  .payload(new WebhookDelivery.Payload(s.id(), messageId, event, body))
                  .tenant(s.tenantId())
                  .owner(OWNER)
                  .actor("webhooks")
                  .maxAttempts(WebhookDelivery.MAX_ATTEMPTS)
                  .idempotencyKey("webhook:" + messageId)
                  .build());
      return true;
    } catch (RuntimeException e) {
      LOG.warn("could not queue the {} delivery {} to webhook {}", event, messageId, s.id(), e);
      return false;
    }
  }

  private Optional<Job> readJob(String id) {
    try {
      return Optional.of(jobs.get().get(id));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
    }
  }
}
