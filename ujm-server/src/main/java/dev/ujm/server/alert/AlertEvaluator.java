package dev.ujm.server.alert;

import dev.ujm.core.duty.Duty;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alert rules, on one node of the cluster at a time (a cluster-wide duty):
 *
 * <ol>
 *   <li>every {@link #INTERVAL}, read the inputs once (store counts, live nodes' pools, the recent
 *       outcomes);
 *   <li>for each rule, ask whether it is breached;
 *   <li>a rule that begins to hold is firing, one that stops is resolved; each such change is
 *       logged and handed to the listener (which delivers {@code alert.firing} and {@code
 *       alert.resolved} to webhooks).
 * </ol>
 *
 * A rule whose inputs cannot be read keeps its state. States live on the node that evaluates; when
 * another node takes the duty over, its first pass fires what holds then. Thread-safe.
 */
public final class AlertEvaluator extends Duty {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

  /** How often the rules are evaluated. */
  public static final Duration INTERVAL = Duration.ofSeconds(15);

  private final List<AlertRule> rules;
  private final Supplier<AlertInputs> inputs;
  private final InstantSource clock;
  private final Consumer<Alert> changes;
  private final Map<String, Alert> states = new LinkedHashMap<>();

  /**
   * @param inputs read at the start of each pass; may throw when the store is away
   * @param changes told of every rule that began or stopped holding
   */
  public AlertEvaluator(
      List<AlertRule> rules,
      Supplier<AlertInputs> inputs,
      InstantSource clock,
      Consumer<Alert> changes) {
    super("alert-evaluator", INTERVAL);
    this.rules = List.copyOf(rules);
    this.inputs = inputs;
    this.clock = clock;
    this.changes = changes;
    rules.forEach(rule -> states.put(rule.name(), new Alert(rule, false, null, null)));
  }

  /** One pass; returns how many rules changed state. */
  @Override
  public synchronized int runOnce() {
    if (rules.isEmpty()) {
      return 0;
    }
    AlertInputs in = inputs.get();
    int changed = 0;
    for (AlertRule rule : rules) {
      Optional<String> breach = rule.breach(in);
      Alert before = states.get(rule.name());
      if (breach.isPresent() == before.firing()) {
        continue;
      }
      Alert after =
          new Alert(rule, breach.isPresent(), clock.instant(), breach.orElse(before.detail()));
      states.put(rule.name(), after);
      changed++;
      if (after.firing()) {
        LOG.warn("alert {} firing: {}", rule.name(), after.detail());
      } else {
        LOG.info("alert {} resolved", rule.name());
      }
      changes.accept(after);
    }
    return changed;
  }

  /** Every rule's state, in the order configured. */
  public synchronized List<Alert> states() {
    return List.copyOf(states.values());
  }
}
