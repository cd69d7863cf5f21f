package dev.ujm.core.worker;

import dev.ujm.core.cluster.QueueControl;
import dev.ujm.core.cluster.QueueControls;
import dev.ujm.core.config.ScaleRange;
import dev.ujm.core.config.UjmConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays the operators' decisions ({@link QueueControls}) over this node's configuration and applies
 * the result to its pools, live: pause or resume, a fixed size, or an autoscaling range. Applied at
 * start, on every change this node hears of, and at every heartbeat (so a change made on another
 * node arrives within one heartbeat even without a notification). Applying the same decision again
 * changes nothing. Thread-safe.
 */
final class PoolControls {
  private static final Logger LOG = LoggerFactory.getLogger(PoolControls.class);

  /** What one pool should be: paused or not, and a fixed size or a range. */
  private record Wanted(boolean paused, int size, ScaleRange range) {}

  private final Map<String, QueuePool> pools;
  private final QueueControls controls;
  private final UjmConfig config;
  private final PoolAutoscaler autoscaler;
  private final Map<String, Wanted> applied = new ConcurrentHashMap<>();

  PoolControls(
      Map<String, QueuePool> pools,
      QueueControls controls,
      UjmConfig config,
      PoolAutoscaler autoscaler) {
    this.pools = pools;
    this.controls = controls;
    this.config = config;
    this.autoscaler = autoscaler;
  }

  /** Applies the decisions of every queue this node serves. */
  void applyAll() {
    for (QueuePool pool : pools.values()) {
      apply(controls.get(pool.queue()).orElse(QueueControl.none(pool.queue())));
    }
  }

  /** Applies one queue's decision, if this node serves that queue. */
  synchronized void apply(QueueControl control) {
    QueuePool pool = pools.get(control.queue());
    if (pool == null) {
      return;
    }
    Wanted wanted = wanted(control);
    Wanted before = applied.put(control.queue(), wanted);
    if (wanted.equals(before)) {
      return;
    }
    if (before == null || before.paused() != wanted.paused()) {
      pool.pause(wanted.paused());
      if (before != null || wanted.paused()) {
        LOG.info("queue {} {}", control.queue(), wanted.paused() ? "paused" : "resumed");
      }
    }
    if (wanted.range() != null) {
      autoscaler.range(control.queue(), wanted.range());
    } else {
      autoscaler.range(control.queue(), null);
      if (pool.size() != wanted.size()) {
        LOG.info("queue {} resized: {} -> {} slot(s)", control.queue(), pool.size(), wanted.size());
        pool.resize(wanted.size());
      }
    }
  }

  private Wanted wanted(QueueControl control) {
    String queue = control.queue();
    if (control.size() != null) {
      return new Wanted(control.paused(), control.size(), null);
    }
    if (control.scaleMin() != null) {
      return new Wanted(
          control.paused(), 0, new ScaleRange(control.scaleMin(), control.scaleMax()));
    }
    ScaleRange configured = config.autoscale().get(queue.toLowerCase(java.util.Locale.ROOT));
    return new Wanted(control.paused(), config.workersFor(queue), configured);
  }

  /** The snapshot of one pool with its scaling. */
  PoolSnapshot snapshot(QueuePool pool) {
    PoolSnapshot plain = pool.snapshot();
    ScaleRange range = autoscaler.range(pool.queue());
    return range == null && autoscaler.lastDecision(pool.queue()) == null
        ? plain
        : plain.scaling(range, autoscaler.lastDecision(pool.queue()));
  }
}
