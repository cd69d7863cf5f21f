package dev.ujm.jobs.maintenance;

import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobHandler;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.store.StoreMaintenance;
import dev.ujm.core.store.StoreMaintenance.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code maintenance} job type: runs named tasks against the store, so maintenance shows in the
 * job list and history like any work. {@code purge} goes through the job store's {@code purge}
 * seam, a thousand jobs per step; every other task is the store's own ({@link StoreMaintenance}).
 * Each finished task is checkpointed, so a resumed job runs only the rest. The store belongs to
 * every tenant, so only the operator may run maintenance: jobs of the bootstrap admin (tenant
 * {@code default}, user {@code admin}) or submitted in code without a tenant; others fail with
 * {@code maintenance.forbidden}. Thread-safe.
 */
public final class MaintenanceJobHandler implements JobHandler<MaintenancePayload> {
  /** The job type name. */
  public static final String TYPE = "maintenance";

  static final String PURGE = "purge";
  private static final int PURGE_STEP = 1000;

  /** The tasks finished so far. */
  record Checkpoint(List<Report> done) {}

  private final Optional<JobStore> jobs;
  private final Optional<StoreMaintenance> store;
  private final int defaultRetentionDays;

  private MaintenanceJobHandler(
      Optional<JobStore> jobs, Optional<StoreMaintenance> store, int retentionDays) {
    this.jobs = jobs;
    this.store = store;
    this.defaultRetentionDays = retentionDays;
  }

  public static JobDefinition<MaintenancePayload> definition(JobEnvironment env) {
    int retention;
    try {
      retention = env.setting("UJM_RETENTION_DAYS").map(s -> Integer.parseInt(s.trim())).orElse(7);
    } catch (NumberFormatException e) {
      retention = 7; // the configuration reader reports it
    }
    MaintenanceJobHandler handler =
        new MaintenanceJobHandler(
            env.service(JobStore.class), env.service(StoreMaintenance.class), retention);
    return JobDefinition.of(TYPE, MaintenancePayload.class, handler)
        .withValidator(handler::validate)
        .withDefaultTimeout(Duration.ofHours(2));
  }

  /** Every task this node can run. */
  List<String> known() {
    List<String> all = new ArrayList<>();
    jobs.ifPresent(j -> all.add(PURGE));
    store.ifPresent(s -> all.addAll(s.tasks()));
    return all;
  }

  private void validate(MaintenancePayload p) throws InvalidPayloadException {
    if (p.tasks().isEmpty()) {
      throw new InvalidPayloadException("tasks", "tasks must name at least one of " + known());
    }
    Set<String> seen = new HashSet<>();
    for (String task : p.tasks()) {
      if (!known().contains(task)) {
        throw new InvalidPayloadException(
            "tasks", "unknown task '" + task + "'; this node runs " + known());
      }
      if (!seen.add(task)) {
        throw new InvalidPayloadException("tasks", "task '" + task + "' is named twice");
      }
    }
    if (p.retentionDays() != null && (p.retentionDays() < 0 || p.retentionDays() > 36_500)) {
      throw new InvalidPayloadException("retentionDays", "retentionDays must be 0 to 36500");
    }
  }

  @Override
  public JobOutcome run(JobContext<MaintenancePayload> ctx) {
    String tenant = ctx.job().tenantId();
    if (tenant != null && !(tenant.equals("default") && "admin".equals(ctx.job().ownerId()))) {
      return JobOutcome.failed(
          "maintenance.forbidden", "maintenance belongs to the operator's admin key");
    }
    List<Report> done =
        new ArrayList<>(ctx.checkpoint(Checkpoint.class).map(Checkpoint::done).orElse(List.of()));
    ctx.checkpointWith(() -> new Checkpoint(List.copyOf(done)));
    List<String> tasks = ctx.payload().tasks();
    for (int i = done.size(); i < tasks.size(); i++) {
      if (ctx.isCancelled()) {
        return JobOutcome.cancelled();
      }
      String task = tasks.get(i);
      ctx.progress(i, tasks.size(), "running " + task);
      Report report =
          task.equals(PURGE) ? purge(ctx) : store.orElseThrow().run(task, ctx::isCancelled);
      ctx.log().info("maintenance {}: {}", task, report.summary());
      done.add(report);
      ctx.saveCheckpoint(new Checkpoint(List.copyOf(done)));
    }
    ctx.progress(tasks.size(), tasks.size(), "done");
    return JobOutcome.completed(Map.of("ok", done.stream().allMatch(Report::ok), "reports", done));
  }

  private Report purge(JobContext<MaintenancePayload> ctx) {
    int days =
        ctx.payload().retentionDays() != null
            ? ctx.payload().retentionDays()
            : defaultRetentionDays;
    Instant before = ctx.clock().instant().minus(Duration.ofDays(days));
    long purged = 0;
    int steps = 0;
    for (int n = PURGE_STEP; n == PURGE_STEP && !ctx.isCancelled(); steps++) {
      n = jobs.orElseThrow().purge(before, PURGE_STEP);
      purged += n;
    }
    return new Report(
        PURGE,
        true,
        purged + " jobs finished before " + before + " purged in " + steps + " steps",
        Map.of("purged", purged, "finishedBefore", before.toString(), "steps", steps));
  }
}
