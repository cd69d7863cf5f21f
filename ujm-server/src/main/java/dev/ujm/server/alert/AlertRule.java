package dev.ujm.server.alert;

import dev.ujm.core.store.StoreStats;
import dev.ujm.server.analytics.SlaObjective;
import java.time.Duration;
import java.util.Optional;

/**
 * One alert rule from the configuration ({@code UJM_ALERT_<NAME>}, see {@link AlertRules}): a
 * condition over what the node can see, and the sentence that says why it holds.
 */
public sealed interface AlertRule {
  /** The rule's name: the {@code <NAME>} of its setting, lower-cased. */
  String name();

  /** The rule as configured, for people. */
  String text();

  /** Why the rule is breached now, or empty when it is not. */
  Optional<String> breach(AlertInputs in);

  /**
   * The share of a type's jobs that ended failed (dead-lettered) among those that ended in the
   * window is above {@code above}, once at least {@code minJobs} ended.
   */
  record FailureRate(String name, String type, double above, Duration window, int minJobs)
      implements AlertRule {
    @Override
    public String text() {
      return "failure-rate type="
          + type
          + " above="
          + above
          + " window="
          + window.toSeconds()
          + " min="
          + minJobs;
    }

    @Override
    public Optional<String> breach(AlertInputs in) {
      long failed = in.outcomes().failed(type, window);
      long ended = failed + in.outcomes().completed(type, window);
      if (ended < minJobs || ended == 0 || (double) failed / ended <= above) {
        return Optional.empty();
      }
      return Optional.of(
          failed
              + " of "
              + ended
              + " "
              + type
              + " jobs failed in the last "
              + window.toSeconds()
              + " s (more than "
              + Math.round(above * 100)
              + " %)");
    }
  }

  /** The oldest queued job of a queue has waited longer than {@code over}. */
  record QueueAge(String name, String queue, Duration over) implements AlertRule {
    @Override
    public String text() {
      return "queue-age queue=" + queue + " over=" + over.toSeconds();
    }

    @Override
    public Optional<String> breach(AlertInputs in) {
      for (StoreStats.QueueStats q : in.stats().queues()) {
        Long age = q.oldestQueuedAgeSeconds();
        if (q.queue().equals(queue) && age != null && age > over.toSeconds()) {
          return Optional.of(
              "the oldest job queued in "
                  + queue
                  + " has waited "
                  + age
                  + " s (more than "
                  + over.toSeconds()
                  + " s)");
        }
      }
      return Optional.empty();
    }
  }

  /** At least {@code count} jobs of a queue went to the dead-letter queue in the window. */
  record DeadLetterGrowth(String name, String queue, int count, Duration window)
      implements AlertRule {
    @Override
    public String text() {
      return "dead-letter-growth queue="
          + queue
          + " count="
          + count
          + " window="
          + window.toSeconds();
    }

    @Override
    public Optional<String> breach(AlertInputs in) {
      long dead = in.outcomes().deadLettered(queue, window);
      return dead >= count
          ? Optional.of(
              dead
                  + " jobs of "
                  + queue
                  + " went to the dead-letter queue in the last "
                  + window.toSeconds()
                  + " s")
          : Optional.empty();
    }
  }

  /** No live node has a worker pool with slots for the queue. */
  record NoLiveWorker(String name, String queue) implements AlertRule {
    @Override
    public String text() {
      return "no-worker queue=" + queue;
    }

    @Override
    public Optional<String> breach(AlertInputs in) {
      return in.servedQueues().contains(queue)
          ? Optional.empty()
          : Optional.of("no live node has a worker for the queue " + queue);
    }
  }

  /**
   * A type's SLA attainment over the window is below its objective ({@code UJM_SLA_<TYPE>}), once
   * at least {@code minJobs} of its jobs ended there.
   */
  record SlaBelowObjective(String name, SlaObjective objective, Duration window, int minJobs)
      implements AlertRule {
    @Override
    public String text() {
      return "sla type=" + objective.type() + " window=" + window.toSeconds() + " min=" + minJobs;
    }

    @Override
    public Optional<String> breach(AlertInputs in) {
      return in.sla(objective, window)
          .filter(a -> a.ended() >= minJobs && !a.met())
          .map(
              a ->
                  a.withinObjective()
                      + " of "
                      + a.ended()
                      + " "
                      + objective.type()
                      + " jobs ended in the last "
                      + window.toSeconds()
                      + " s met "
                      + objective.text()
                      + " ("
                      + Math.floor(a.attainment() * 1000) / 10
                      + " %)");
    }
  }
}
