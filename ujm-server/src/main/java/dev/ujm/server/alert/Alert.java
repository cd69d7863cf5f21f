package dev.ujm.server.alert;

import java.time.Instant;

/**
 * The state of one rule.
 *
 * @param rule the rule
 * @param firing whether it holds now
 * @param since when it last began or stopped holding; null before it first fired
 * @param detail why it holds (or, once resolved, why it held)
 */
public record Alert(AlertRule rule, boolean firing, Instant since, String detail) {
  /** {@code firing} or {@code resolved}. */
  public String state() {
    return firing ? "firing" : "resolved";
  }
}
