package dev.ujm.core.worker;

import dev.ujm.core.cluster.NodeInfo;
import dev.ujm.core.cluster.NodeRegistry;
import dev.ujm.core.config.ScaleRange;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.StoreStats;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes this node's autoscaled pools from their queue's depth and their jobs' run times. Every
 * {@link #INTERVAL} ({@link #runOnce()} in tests):
 *
 * <ol>
 *   <li>reads the queued count of every queue (one {@code store.stats()}) and this node's share of
 *       it (the backlog divided among the live nodes that serve the queue);
 *   <li>for each pool with a range and not paused, wants {@code busy + ceil(share × mean run time ÷
 *       }{@link #DRAIN_TARGET}{@code )} slots: enough to clear its share of the backlog within that
 *       target, clamped to the range (a pool that has run nothing yet assumes 1 s a job);
 *   <li>grows at once to what it wants; shrinks only after {@link #COOLDOWN} without a change, and
 *       then halfway, so a bursty queue does not flap;
 *   <li>logs each change with its reason and keeps it for the snapshot ({@code /api/v2/workers}).
 * </ol>
 *
 * Thread-safe.
 */
final class PoolAutoscaler {
  private static final Logger LOG = LoggerFactory.getLogger(PoolAutoscaler.class);
  static final Duration INTERVAL = Duration.ofSeconds(2);
  static final Duration DRAIN_TARGET = Duration.ofSeconds(5);
  static final Duration COOLDOWN = Duration.ofSeconds(30);
  private static final Duration UNKNOWN_RUN_TIME = Duration.ofSeconds(1);

  private final Map<String, QueuePool> pools;
  private final JobStore store;
  private final NodeRegistry nodes;
  private final InstantSource clock;
  private final Map<String, ScaleRange> ranges = new ConcurrentHashMap<>();
  private final Map<String, ScaleDecision> last = new ConcurrentHashMap<>();

  PoolAutoscaler(
      Map<String, QueuePool> pools, JobStore store, NodeRegistry nodes, InstantSource clock) {
    this.pools = pools;
    this.store = store;
    this.nodes = nodes;
    this.clock = clock;
  }

  /** Autoscales the queue's pool in {@code range}, or stops autoscaling it (null). */
  void range(String queue, ScaleRange range) {
    QueuePool pool = pools.get(queue);
    if (pool == null) {
      return;
    }
    if (range == null) {
      ranges.remove(queue);
      return;
    }
    ranges.put(queue, range);
    int clamped = Math.max(range.min(), Math.min(range.max(), pool.size()));
    if (clamped != pool.size()) {
      change(pool, clamped, "the range became " + range);
    }
  }

  ScaleRange range(String queue) {
    return ranges.get(queue);
  }

  ScaleDecision lastDecision(String queue) {
    return last.get(queue);
  }

  boolean isIdle() {
    return ranges.isEmpty();
  }

  /** One pass over the autoscaled pools; returns how many it resized. */
  int runOnce() {
    if (ranges.isEmpty()) {
      return 0;
    }
    StoreStats stats = store.stats();
    int changed = 0;
    for (Map.Entry<String, ScaleRange> entry : ranges.entrySet()) {
      QueuePool pool = pools.get(entry.getKey());
      if (pool == null || pool.paused()) {
        continue;
      }
      long queued = queued(stats, pool.queue());
      long share = (queued + servingNodes(pool.queue()) - 1) / servingNodes(pool.queue());
      Duration run = pool.meanRunTime() == null ? UNKNOWN_RUN_TIME : pool.meanRunTime();
      long extra = (long) Math.ceil(share * (double) run.toNanos() / DRAIN_TARGET.toNanos());
      ScaleRange range = entry.getValue();
      int wanted = (int) Math.max(range.min(), Math.min(range.max(), pool.busy() + extra));
      int size = pool.size();
      int next = size;
      if (wanted > size) {
        next = wanted;
      } else if (wanted < size && cooledDown(pool.queue())) {
        next = size - (size - wanted + 1) / 2;
      }
      if (next != size) {
        change(
            pool,
            next,
            String.format(
                Locale.ROOT,
                "%d queued (%d for this node), %d busy, runs take ~%.2f s",
                queued,
                share,
                pool.busy(),
                run.toNanos() / 1e9));
        changed++;
      }
    }
    return changed;
  }

  private boolean cooledDown(String queue) {
    ScaleDecision before = last.get(queue);
    return before == null || !clock.instant().isBefore(before.at().plus(COOLDOWN));
  }

  private void change(QueuePool pool, int to, String reason) {
    Instant now = clock.instant();
    ScaleDecision decision = new ScaleDecision(now, pool.size(), to, reason);
    pool.resize(to);
    last.put(pool.queue(), decision);
    LOG.info(
        "autoscaling queue {}: {} -> {} slot(s): {}",
        pool.queue(),
        decision.from(),
        decision.to(),
        reason);
  }

  private static long queued(StoreStats stats, String queue) {
    for (StoreStats.QueueStats q : stats.queues()) {
      if (q.queue().equals(queue)) {
        return q.counts().getOrDefault(JobState.QUEUED, 0L);
      }
    }
    return 0;
  }

  private int servingNodes(String queue) {
    int count = 0;
    try {
      for (NodeInfo node : nodes.liveNodes()) {
        if (node.pools().stream().anyMatch(p -> p.queue().equals(queue) && p.size() > 0)) {
          count++;
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("could not read the live nodes; counting this one alone", e);
    }
    return Math.max(1, count);
  }
}
