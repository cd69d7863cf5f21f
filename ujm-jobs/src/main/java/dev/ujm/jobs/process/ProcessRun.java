package dev.ujm.jobs.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One attempt of one process job. Its loop:
 *
 * <ol>
 *   <li>create the attempt's control group with its limits (where the host offers groups) and build
 *       the command ({@link ProcessCommand}); log what is enforced;
 *   <li>start it with {@code {jobId, attempt, payload, checkpoint}} as JSON on its standard input,
 *       read its standard output as the {@link LineProtocol} and keep the end of its standard
 *       error;
 *   <li>every {@link #TICK} check for a cancel, the wall-time limit and (through the group) the CPU
 *       limit of the whole tree; on any of them kill the whole tree;
 *   <li>when it ends, read its CPU time and peak memory, hand them to the {@link UsageMeter}, and
 *       end the attempt: completed on exit 0; failed for good naming the limit when one stopped it;
 *       else failed, so it is retried with backoff.
 * </ol>
 *
 * Not thread-safe; one per attempt.
 */
final class ProcessRun {
  static final Duration TICK = Duration.ofMillis(50);
  private static final int STDERR_TAIL = 2048;

  private final JobContext<JsonNode> ctx;
  private final ProcessType type;
  private final ProcessSettings settings;
  private final UsageMeter meter;

  ProcessRun(
      JobContext<JsonNode> ctx, ProcessType type, ProcessSettings settings, UsageMeter meter) {
    this.ctx = ctx;
    this.type = type;
    this.settings = settings;
    this.meter = meter;
  }

  JobOutcome execute() throws Exception {
    if (type.isolated() && settings.bwrap().isEmpty()) {
      return JobOutcome.failed(
          "process.no-isolation", ProcessJobHandler.noBwrapSentence(type.name()));
    }
    List<String> enforced = new ArrayList<>();
    String name = "job-" + ctx.job().id() + "-" + ctx.attempt();
    try (AttemptCgroup cgroup =
        settings.cgroups().isPresent()
            ? AttemptCgroup.create(settings.cgroups().get(), name, type.limits(), enforced)
            : null) {
      List<String> argv = ProcessCommand.argv(type, settings, cgroup, ctx.payload(), enforced);
      Integer wall = type.limits().wallSeconds();
      if (wall != null) {
        enforced.add("wall time " + wall + " s by the worker's timer");
      }
      if (type.limits().cpuSeconds() != null && cgroup != null && cgroup.measuresCpu()) {
        enforced.add(
            "cpu " + type.limits().cpuSeconds() + " s for the whole tree by cpuacct watchdog");
      }
      ctx.log().info("starting process job {}: enforced {}", type.name(), enforced);
      ctx.progress(0, 1, "started; enforced: " + String.join("; ", enforced));
      return run(argv, cgroup, enforced);
    }
  }

  private JobOutcome run(List<String> argv, AttemptCgroup cgroup, List<String> enforced)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(type.directory().toFile());
    ProcessCommand.environment(builder.environment(), ctx.job().id(), ctx.attempt(), type.name());
    Instant started = ctx.clock().instant();
    Process process = builder.start();
    LineProtocol protocol = new LineProtocol(ctx);
    StringBuilder stderr = new StringBuilder();
    UsageSampler sampler = new UsageSampler(process.toHandle());
    Thread out = Thread.ofVirtual().start(() -> protocol.read(process.getInputStream()));
    Thread err = Thread.ofVirtual().start(() -> tail(process.getErrorStream(), stderr));
    Thread.ofVirtual().start(() -> writeInput(process));
    String stoppedBy = null;
    Instant deadline =
        type.limits().wallSeconds() == null
            ? null
            : started.plusSeconds(type.limits().wallSeconds());
    try {
      while (!process.waitFor(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
        if (cgroup == null) {
          sampler.sample();
        }
        if (ctx.isCancelled()) {
          stoppedBy = "cancel";
        } else if (deadline != null && !ctx.clock().instant().isBefore(deadline)) {
          stoppedBy = "wall";
        } else if (type.limits().cpuSeconds() != null
            && cgroup != null
            && cgroup.cpuNanos() > type.limits().cpuSeconds() * 1_000_000_000L) {
          stoppedBy = "cpu";
        }
        if (stoppedBy != null) {
          killTree(process, cgroup);
          process.waitFor(5, TimeUnit.SECONDS);
          break;
        }
      }
    } catch (InterruptedException e) {
      killTree(process, cgroup);
      throw e;
    } finally {
      killTree(process, cgroup); // descendants left behind by a finished parent
    }
    out.join(Duration.ofSeconds(5));
    err.join(Duration.ofSeconds(5));
    int exit = process.exitValue();
    long wallMs = Duration.between(started, ctx.clock().instant()).toMillis();
    boolean exact = cgroup != null && cgroup.measuresCpu() && cgroup.measuresMemory();
    double cpu = exact ? cgroup.cpuNanos() / 1e9 : sampler.cpuSeconds();
    long peak = exact ? cgroup.peakMemoryBytes() : sampler.peakBytes();
    boolean oom = cgroup != null && cgroup.oomKilled();
    AttemptUsage usage =
        new AttemptUsage(
            ctx.job().id(),
            ctx.job().tenantId(),
            type.name(),
            ctx.attempt(),
            round(cpu),
            peak,
            wallMs,
            exact ? "cgroup" : "sampling");
    meter.record(usage);
    String spent =
        String.format(
            Locale.ROOT, " (used %.2f CPU s, %s peak memory)", usage.cpuSeconds(), mib(peak));
    ProcessType.Limits limits = type.limits();
    if ("cancel".equals(stoppedBy)) {
      return JobOutcome.cancelled();
    }
    if ("wall".equals(stoppedBy)) {
      return JobOutcome.failed(
          "process.wall-limit",
          "stopped at its wall-time limit of " + limits.wallSeconds() + " s" + spent);
    }
    if (oom) {
      return JobOutcome.failed(
          "process.memory-limit",
          "killed at its memory limit of " + limits.memoryMb() + " MiB" + spent);
    }
    if ("cpu".equals(stoppedBy)
        || (limits.cpuSeconds() != null
            && (exit == 128 + 24 || (exit == 137 && cpu >= limits.cpuSeconds() - 0.5)))) {
      return JobOutcome.failed(
          "process.cpu-limit",
          "stopped at its CPU time limit of " + limits.cpuSeconds() + " s" + spent);
    }
    if (exit != 0 && cgroup != null && cgroup.processLimitHit()) {
      return JobOutcome.failed(
          "process.process-limit",
          "could not start more than its limit of " + limits.processes() + " processes" + spent);
    }
    if (exit != 0) {
      throw new IOException(
          type.name()
              + " exited with code "
              + exit
              + spent
              + (stderr.isEmpty() ? "" : ": " + stderr.toString().strip()));
    }
    ObjectNode result = Json.mapper().createObjectNode();
    result.set("result", protocol.result());
    result.put("exitCode", exit);
    result.set("usage", Json.mapper().valueToTree(usage));
    result.set("enforced", Json.mapper().valueToTree(enforced));
    return JobOutcome.completed(result);
  }

  private void writeInput(Process process) {
    ObjectNode input = Json.mapper().createObjectNode();
    input.put("jobId", ctx.job().id());
    input.put("attempt", ctx.attempt());
    input.set("payload", ctx.payload());
    input.set("checkpoint", ctx.checkpoint(JsonNode.class).orElse(null));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(Json.mapper().writeValueAsBytes(input));
      stdin.write('\n');
    } catch (IOException e) {
      // the process does not read its input
    }
  }

  private static void tail(InputStream in, StringBuilder tail) {
    byte[] buffer = new byte[4096];
    try (in) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        synchronized (tail) {
          tail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          if (tail.length() > STDERR_TAIL) {
            tail.delete(0, tail.length() - STDERR_TAIL);
          }
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  private static void killTree(Process process, AttemptCgroup cgroup) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (cgroup != null) {
      cgroup.killAll();
    }
  }

  private static double round(double seconds) {
    return seconds < 0 ? -1 : Math.round(seconds * 1000) / 1000.0;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "unmeasured" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
