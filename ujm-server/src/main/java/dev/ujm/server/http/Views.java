package dev.ujm.server.http;

import dev.ujm.api.ApiKeyView;
import dev.ujm.api.ConditionView;
import dev.ujm.api.JobErrorView;
import dev.ujm.api.JobEventMessage;
import dev.ujm.api.JobEventView;
import dev.ujm.api.JobStatusView;
import dev.ujm.api.JobView;
import dev.ujm.api.ProgressView;
import dev.ujm.api.QueueControlView;
import dev.ujm.api.QueueStatsResponse;
import dev.ujm.api.RetryBackoffView;
import dev.ujm.api.ScaleRangeView;
import dev.ujm.api.WorkersResponse;
import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.cluster.NodeInfo;
import dev.ujm.core.cluster.QueueControl;
import dev.ujm.core.model.Condition;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobError;
import dev.ujm.core.model.JobEvent;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Progress;
import dev.ujm.core.store.StoreStats;
import dev.ujm.core.worker.WorkerSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps the engine's records to the API's wire records ({@code dev.ujm.api}). Stateless. */
public final class Views {
  private Views() {}

  /**
   * A job as the API shows it; its checkpoint stays internal.
   *
   * @param served the queues a worker pool serves, to tell whether an unfinished job will run
   */
  public static JobView job(Job job, Set<String> served) {
    return job(job, served, true);
  }

  /** A job as lists show it by default: no payload, no result. */
  public static JobView summary(Job job, Set<String> served) {
    return job(job, served, false);
  }

  private static JobView job(Job job, Set<String> served, boolean full) {
    return new JobView(
        job.id(),
        job.type(),
        job.queue(),
        job.state().isFinal() ? null : served.contains(job.queue()),
        job.priority() == null ? null : job.priority().wireName(),
        job.tenantId(),
        job.ownerId(),
        full ? job.payload() : null,
        job.state().wireName(),
        job.attempt(),
        job.maxAttempts(),
        job.runAt(),
        job.timeoutSeconds(),
        job.idempotencyKey(),
        job.dependsOn(),
        job.tags(),
        progress(job.progress()),
        full ? job.result() : null,
        job.errors().stream().map(Views::error).toList(),
        job.workerId(),
        job.leaseUntil(),
        job.createdAt(),
        job.startedAt(),
        job.finishedAt(),
        job.updatedAt(),
        job.retryBackoff() == null
            ? null
            : new RetryBackoffView(
                job.retryBackoff().baseSeconds(), job.retryBackoff().maxSeconds()),
        job.rule() == null || job.rule().runWhen() == null ? null : job.rule().runWhen().wireName(),
        job.rule() == null || job.rule().runIf() == null
            ? null
            : condition(job.rule().runIf(), job.rule().runIf().parent()));
  }

  /**
   * A condition as the API shows it, reading the parent named {@code parent} (a workflow shows its
   * ref, a job the id).
   */
  public static ConditionView condition(Condition condition, String parent) {
    return new ConditionView(
        condition.pointer(), condition.op().symbol(), condition.value(), parent);
  }

  public static ProgressView progress(Progress progress) {
    return progress == null
        ? null
        : new ProgressView(
            progress.percent(),
            progress.message(),
            progress.current(),
            progress.total(),
            progress.etaSeconds());
  }

  public static JobErrorView error(JobError error) {
    return error == null
        ? null
        : new JobErrorView(error.type(), error.message(), error.attempt(), error.at());
  }

  public static JobEventView event(JobEvent event) {
    return new JobEventView(
        event.jobId(),
        event.from() == null ? null : event.from().wireName(),
        event.to() == null ? null : event.to().wireName(),
        event.attempt(),
        event.workerId(),
        event.actor(),
        event.reason(),
        event.at(),
        event.transition() == null ? null : event.transition().wireName());
  }

  /** The state event of the real-time channels for a job as it is now. */
  public static JobEventMessage stateMessage(Job job) {
    return new JobEventMessage(
        "state",
        job.id(),
        job.type(),
        job.state().wireName(),
        progress(job.progress()),
        job.updatedAt());
  }

  public static JobStatusView status(Job job) {
    return new JobStatusView(
        job.id(),
        job.type(),
        job.state().wireName(),
        job.attempt(),
        progress(job.progress()),
        job.updatedAt());
  }

  public static ApiKeyView key(ApiKey key) {
    return new ApiKeyView(
        key.id(),
        key.role().wireName(),
        key.tenantId(),
        key.userId(),
        key.name(),
        key.createdAt(),
        key.revokedAt());
  }

  /**
   * Queue stats with every state present in each queue's counts and in the totals (0 where none).
   *
   * @param served the queues a worker pool serves
   */
  public static QueueStatsResponse queues(StoreStats stats, Set<String> served) {
    List<QueueStatsResponse.QueueStatsView> queues =
        stats.queues().stream()
            .map(
                q ->
                    new QueueStatsResponse.QueueStatsView(
                        q.queue(),
                        counts(q.counts()),
                        q.oldestQueuedAgeSeconds(),
                        served.contains(q.queue())))
            .toList();
    return new QueueStatsResponse(queues, counts(stats.totals()));
  }

  /** What operators decided for a queue. */
  public static QueueControlView control(QueueControl control) {
    return new QueueControlView(
        control.queue(),
        control.paused(),
        control.size(),
        control.scaleMin() == null
            ? null
            : new ScaleRangeView(control.scaleMin(), control.scaleMax()),
        control.updatedAt(),
        control.updatedBy());
  }

  /** Queue stats with each queue's paused flag and operators' decision, where one was made. */
  public static QueueStatsResponse queues(
      StoreStats stats, Set<String> served, List<QueueControl> controls) {
    Map<String, QueueControl> byQueue = new LinkedHashMap<>();
    controls.forEach(c -> byQueue.put(c.queue(), c));
    QueueStatsResponse plain = queues(stats, served);
    List<QueueStatsResponse.QueueStatsView> queues = new java.util.ArrayList<>();
    for (QueueStatsResponse.QueueStatsView q : plain.queues()) {
      QueueControl control = byQueue.remove(q.queue());
      queues.add(
          control == null
              ? q
              : new QueueStatsResponse.QueueStatsView(
                  q.queue(),
                  q.counts(),
                  q.oldestQueuedAgeSeconds(),
                  q.served(),
                  control.paused(),
                  control(control)));
    }
    for (QueueControl control : byQueue.values()) { // decided for, but holding no jobs yet
      queues.add(
          new QueueStatsResponse.QueueStatsView(
              control.queue(),
              counts(Map.of()),
              null,
              served.contains(control.queue()),
              control.paused(),
              control(control)));
    }
    return new QueueStatsResponse(queues, plain.totals());
  }

  /** This node's pools, and every live node as the registry knows it. */
  public static WorkersResponse workers(WorkerSnapshot snapshot, List<NodeInfo> nodes) {
    WorkersResponse local = workers(snapshot);
    List<WorkersResponse.NodeView> views =
        nodes.stream()
            .map(
                n ->
                    new WorkersResponse.NodeView(
                        n.nodeId(),
                        n.workerId(),
                        n.host(),
                        n.startedAt(),
                        n.lastSeen(),
                        n.pools().stream()
                            .map(
                                p ->
                                    new WorkersResponse.WorkerPoolView(
                                        p.queue(), p.size(), p.busy(), null, null, null, null, null,
                                        null, null))
                            .toList()))
            .toList();
    return new WorkersResponse(
        local.nodeId(),
        local.workerId(),
        local.state(),
        local.startedAt(),
        local.running(),
        local.pools(),
        views);
  }

  public static WorkersResponse workers(WorkerSnapshot snapshot) {
    return new WorkersResponse(
        snapshot.nodeId(),
        snapshot.workerId(),
        snapshot.state(),
        snapshot.startedAt(),
        snapshot.running(),
        snapshot.pools().stream()
            .map(
                p ->
                    new WorkersResponse.WorkerPoolView(
                        p.queue(),
                        p.size(),
                        p.busy(),
                        p.claimed(),
                        p.completed(),
                        p.failed(),
                        p.loopRestarts(),
                        p.paused(),
                        p.autoscale() == null
                            ? null
                            : new ScaleRangeView(p.autoscale().min(), p.autoscale().max()),
                        p.lastScaling() == null
                            ? null
                            : new WorkersResponse.ScalingView(
                                p.lastScaling().at(),
                                p.lastScaling().from(),
                                p.lastScaling().to(),
                                p.lastScaling().reason())))
            .toList());
  }

  /** Counts per state with every state present (0 where none), by wire name. */
  public static Map<String, Long> counts(Map<JobState, Long> counts) {
    Map<String, Long> all = new LinkedHashMap<>();
    for (JobState state : JobState.values()) {
      all.put(state.wireName(), counts.getOrDefault(state, 0L));
    }
    return all;
  }
}
