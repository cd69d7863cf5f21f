package dev.ujm.jobs.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The control group of one attempt: created with its limits before the process starts, joined by
 * the process before it runs the command (so every descendant is in it), read for CPU time, peak
 * memory and whether the OOM killer struck, and removed after every process in it was killed. Not
 * thread-safe beyond its reads.
 */
final class AttemptCgroup implements AutoCloseable {
  private final Cgroups cgroups;
  private final Set<Path> dirs = new LinkedHashSet<>();
  private final Path memory;
  private final Path pids;
  private final Path cpu;

  private AttemptCgroup(Cgroups cgroups, String name) throws IOException {
    this.cgroups = cgroups;
    this.memory = dir(cgroups, "memory", name);
    this.pids = dir(cgroups, "pids", name);
    this.cpu = dir(cgroups, "cpu", name);
  }

  private Path dir(Cgroups cgroups, String controller, String name) throws IOException {
    if (!cgroups.has(controller)) {
      return null;
    }
    Path d = cgroups.parents().get(controller).resolve(name);
    if (dirs.add(d)) {
      Files.createDirectories(d);
    }
    return d;
  }

  /** Creates the group and sets the limits it can enforce; returns what it enforces. */
  static AttemptCgroup create(
      Cgroups cgroups, String name, ProcessType.Limits limits, List<String> enforced)
      throws IOException {
    AttemptCgroup g = new AttemptCgroup(cgroups, name);
    boolean v2 = cgroups.version() == Cgroups.Version.V2;
    if (limits.memoryMb() != null && g.memory != null) {
      String bytes = String.valueOf(limits.memoryMb() * 1024L * 1024L);
      if (v2) {
        Files.writeString(g.memory.resolve("memory.max"), bytes);
        writeIfPresent(g.memory.resolve("memory.swap.max"), "0");
      } else {
        Files.writeString(g.memory.resolve("memory.limit_in_bytes"), bytes);
        writeIfPresent(g.memory.resolve("memory.memsw.limit_in_bytes"), bytes);
      }
      enforced.add(
          "memory "
              + limits.memoryMb()
              + " MiB by "
              + cgroups.version().name().toLowerCase()
              + " memory cgroup");
    }
    if (limits.processes() != null && g.pids != null) {
      Files.writeString(g.pids.resolve("pids.max"), String.valueOf(limits.processes()));
      enforced.add("processes " + limits.processes() + " by pids cgroup");
    }
    return g;
  }

  private static void writeIfPresent(Path file, String value) {
    try {
      if (Files.exists(file)) {
        Files.writeString(file, value);
      }
    } catch (IOException e) {
      // optional knob
    }
  }

  /** The {@code cgroup.procs} files a process writes its pid to, to join this group. */
  List<Path> procsFiles() {
    return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
  }

  /** Whether CPU time is accounted here. */
  boolean measuresCpu() {
    return cpu != null;
  }

  boolean measuresMemory() {
    return memory != null;
  }

  /** CPU time of every process that ran in the group, in nanoseconds; -1 when not measured. */
  long cpuNanos() {
    if (cpu == null) {
      return -1;
    }
    try {
      if (cgroups.version() == Cgroups.Version.V2) {
        for (String line : Files.readAllLines(cpu.resolve("cpu.stat"))) {
          if (line.startsWith("usage_usec ")) {
            return Long.parseLong(line.substring(11).trim()) * 1000;
          }
        }
        return -1;
      }
      return Long.parseLong(Files.readString(cpu.resolve("cpuacct.usage")).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** The most memory the group used at once, in bytes; -1 when not measured. */
  long peakMemoryBytes() {
    if (memory == null) {
      return -1;
    }
    String file =
        cgroups.version() == Cgroups.Version.V2 ? "memory.peak" : "memory.max_usage_in_bytes";
    try {
      return Long.parseLong(Files.readString(memory.resolve(file)).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** Whether the OOM killer killed a process of the group. */
  boolean oomKilled() {
    if (memory == null) {
      return false;
    }
    String file = cgroups.version() == Cgroups.Version.V2 ? "memory.events" : "memory.oom_control";
    try {
      for (String line : Files.readAllLines(memory.resolve(file))) {
        if (line.startsWith("oom_kill ")) {
          return Long.parseLong(line.substring(9).trim()) > 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }

  /** Whether a fork was refused because the group reached its process limit. */
  boolean processLimitHit() {
    if (pids == null) {
      return false;
    }
    try {
      for (String line : Files.readAllLines(pids.resolve("pids.events"))) {
        if (line.startsWith("max ")) {
          return Long.parseLong(line.substring(4).trim()) > 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }

  /** Kills every process still in the group. */
  void killAll() {
    for (Path d : dirs) {
      try {
        if (cgroups.version() == Cgroups.Version.V2 && Files.exists(d.resolve("cgroup.kill"))) {
          Files.writeString(d.resolve("cgroup.kill"), "1");
        }
        for (String pid : Files.readAllLines(d.resolve("cgroup.procs"))) {
          if (!pid.isBlank()) {
            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // the group is gone or empty
      }
    }
  }

  /** Whether a process is still in the group. */
  boolean populated() {
    for (Path d : dirs) {
      try {
        if (Files.readAllLines(d.resolve("cgroup.procs")).stream().anyMatch(l -> !l.isBlank())) {
          return true;
        }
      } catch (IOException e) {
        // gone
      }
    }
    return false;
  }

  /** Kills what is left and removes the group. */
  @Override
  public void close() {
    for (int i = 0; i < 50 && populated(); i++) {
      killAll();
      try {
        Thread.sleep(10); // the kernel takes a moment to reap killed processes; nothing to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Path d : dirs) {
      try {
        Files.deleteIfExists(d);
      } catch (IOException e) {
        // still populated; removed with the next attempt's cleanup of the node
      }
    }
  }
}
