package dev.ujm.jobs.process;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.handler.JobEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The node-wide settings of process jobs, and what this host offers them: the {@code
 * UJM_PROCESS_TYPES} directory, whether unisolated runs are allowed ({@code
 * UJM_PROCESS_ALLOW_UNISOLATED}), where {@code bwrap} and {@code prlimit} are, and the control
 * groups this node may create. Immutable.
 *
 * @param typesDir the directory of job-type files, or null for none
 * @param allowUnisolated whether types may run without bubblewrap (when it is missing, or when a
 *     type says {@code "isolation": "none"})
 * @param bwrap the bubblewrap binary, or empty when this host has none
 * @param prlimit the prlimit binary, or empty
 * @param cgroups the control groups this node may create, or empty
 * @param masked directories hidden from isolated jobs (the data directory, home directories)
 */
record ProcessSettings(
    Path typesDir,
    boolean allowUnisolated,
    Optional<Path> bwrap,
    Optional<Path> prlimit,
    Optional<Cgroups> cgroups,
    List<Path> masked) {

  static ProcessSettings from(JobEnvironment env) {
    List<String> problems = new ArrayList<>();
    Path dir =
        env.setting("UJM_PROCESS_TYPES").map(s -> Path.of(s.trim()).toAbsolutePath()).orElse(null);
    String allow =
        env.setting("UJM_PROCESS_ALLOW_UNISOLATED").orElse("false").trim().toLowerCase(Locale.ROOT);
    if (!allow.equals("true") && !allow.equals("false")) {
      problems.add("UJM_PROCESS_ALLOW_UNISOLATED='" + allow + "' must be true or false");
    }
    String cgroupsSetting =
        env.setting("UJM_PROCESS_CGROUPS").orElse("auto").trim().toLowerCase(Locale.ROOT);
    if (!cgroupsSetting.equals("auto") && !cgroupsSetting.equals("off")) {
      problems.add("UJM_PROCESS_CGROUPS='" + cgroupsSetting + "' must be auto or off");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    if (dir == null) {
      return new ProcessSettings(
          null, false, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }
    List<Path> masked = new ArrayList<>();
    masked.add(Path.of(env.setting("UJM_DATA_DIR").orElse("./data")).toAbsolutePath().normalize());
    for (String home : List.of("/root", "/home")) {
      if (Files.isDirectory(Path.of(home))) {
        masked.add(Path.of(home));
      }
    }
    return new ProcessSettings(
        dir,
        allow.equals("true"),
        env.setting("UJM_PROCESS_BWRAP")
            .map(Path::of)
            .or(() -> onPath("bwrap"))
            .filter(Files::isExecutable),
        onPath("prlimit"),
        cgroupsSetting.equals("off") ? Optional.empty() : Cgroups.detect(),
        List.copyOf(masked));
  }

  static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
