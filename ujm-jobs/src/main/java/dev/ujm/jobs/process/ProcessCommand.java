package dev.ujm.jobs.process;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of one attempt, from the outside in: a shell that puts itself into the attempt's
 * control group and {@code exec}s on (so every descendant is counted and limited), then {@code
 * prlimit} with the CPU time limit (and the memory limit as address space where no memory group
 * exists), then bubblewrap (read-only root, private {@code /tmp}, the data directory and home
 * directories hidden, own PID, IPC and UTS namespaces, no network unless the type declares it, gone
 * with its parent), then the type's program and arguments. The environment is rebuilt from nothing:
 * a job never sees the node's variables, which hold its keys. Stateless.
 */
final class ProcessCommand {
  private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z0-9_]+)\\}");

  private ProcessCommand() {}

  static List<String> argv(
      ProcessType type,
      ProcessSettings settings,
      AttemptCgroup cgroup,
      JsonNode payload,
      List<String> enforced) {
    List<String> argv = new ArrayList<>();
    if (cgroup != null && !cgroup.procsFiles().isEmpty()) {
      StringBuilder join = new StringBuilder();
      for (Path procs : cgroup.procsFiles()) {
        join.append("echo $$ > '").append(procs).append("' || exit 125; ");
      }
      argv.addAll(List.of("/bin/sh", "-c", join + "exec \"$@\"", "ujm-cgroup-join"));
    }
    ProcessType.Limits limits = type.limits();
    List<String> rlimits = new ArrayList<>();
    if (limits.cpuSeconds() != null) {
      rlimits.add("--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1));
      enforced.add("cpu " + limits.cpuSeconds() + " s per process by prlimit RLIMIT_CPU");
    }
    if (limits.memoryMb() != null && (cgroup == null || !cgroup.measuresMemory())) {
      rlimits.add("--as=" + limits.memoryMb() * 1024L * 1024L);
      enforced.add(
          "memory " + limits.memoryMb() + " MiB of address space per process by prlimit RLIMIT_AS");
    }
    if (!rlimits.isEmpty() && settings.prlimit().isPresent()) {
      argv.add(settings.prlimit().get().toString());
      argv.addAll(rlimits);
      argv.add("--");
    } else if (!rlimits.isEmpty()) {
      enforced.removeIf(e -> e.contains("prlimit"));
    }
    if (type.isolated()) {
      Path bwrap = settings.bwrap().orElseThrow();
      argv.addAll(
          List.of(
              bwrap.toString(),
              "--ro-bind",
              "/",
              "/",
              "--dev",
              "/dev",
              "--proc",
              "/proc",
              "--tmpfs",
              "/tmp"));
      for (Path hidden : settings.masked()) {
        if (Files.isDirectory(hidden)) {
          argv.addAll(List.of("--tmpfs", hidden.toString()));
        }
      }
      String dir = type.directory().toString();
      argv.addAll(List.of("--ro-bind", dir, dir, "--chdir", dir));
      argv.addAll(
          List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"));
      if (!type.network()) {
        argv.add("--unshare-net");
      }
      argv.addAll(List.of("--die-with-parent", "--new-session", "--"));
      enforced.add(
          "isolation by bubblewrap: read-only root, private /tmp, own PID namespace, "
              + (type.network() ? "network allowed" : "no network"));
    } else {
      enforced.add("isolation: none (UJM_PROCESS_ALLOW_UNISOLATED)");
    }
    List<String> command = new ArrayList<>(type.command());
    String program = command.get(0);
    if (program.contains("/") && !Path.of(program).isAbsolute()) {
      command.set(0, type.directory().resolve(program).normalize().toString());
    }
    argv.addAll(command);
    for (String arg : type.args()) {
      argv.add(fill(arg, payload));
    }
    return argv;
  }

  /** An argument with each {@code {field}} replaced by the payload's top-level value. */
  static String fill(String template, JsonNode payload) {
    Matcher m = FIELD.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode value = payload == null ? null : payload.get(m.group(1));
      String text =
          value == null || value.isNull()
              ? ""
              : value.isValueNode() ? value.asText() : value.toString();
      m.appendReplacement(out, Matcher.quoteReplacement(text));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The whole environment of a job: nothing of the node's own. */
  static void environment(Map<String, String> env, String jobId, int attempt, String type) {
    env.clear();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", "/tmp");
    env.put("LANG", "C.UTF-8");
    env.put("UJM_JOB_ID", jobId);
    env.put("UJM_JOB_ATTEMPT", String.valueOf(attempt));
    env.put("UJM_JOB_TYPE", type);
  }
}
