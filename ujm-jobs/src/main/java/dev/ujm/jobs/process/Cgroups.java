package dev.ujm.jobs.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds where this node may create control groups for its process jobs, under the group it runs in
 * itself, so a job never escapes the node's own limits: cgroup v2 when its memory, pids and cpu
 * controllers can be had below the node's group, else the v1 hierarchies of {@code memory}, {@code
 * pids} and {@code cpuacct} (each one that is mounted and writable). Detected once; immutable.
 */
final class Cgroups {
  private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);

  /** Which version the groups are, and the parent directory per controller. */
  enum Version {
    V1,
    V2
  }

  private final Version version;
  private final Map<String, Path> parents;

  private Cgroups(Version version, Map<String, Path> parents) {
    this.version = version;
    this.parents = Map.copyOf(parents);
  }

  Version version() {
    return version;
  }

  /** Whether the controller ({@code memory}, {@code pids}, {@code cpu}) can be used. */
  boolean has(String controller) {
    return parents.containsKey(controller);
  }

  Map<String, Path> parents() {
    return parents;
  }

  /** What a node can use here, or empty when it can create no group at all. */
  static Optional<Cgroups> detect() {
    try {
      List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
      List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
      Optional<Cgroups> v2 = v2(mounts, own);
      if (v2.isPresent()) {
        return v2;
      }
      return v1(mounts, own);
    } catch (IOException | RuntimeException e) {
      LOG.debug("no control groups: {}", e.toString());
      return Optional.empty();
    }
  }

  private static Optional<Cgroups> v2(List<String> mounts, List<String> own) throws IOException {
    Path mount = null;
    for (String line : mounts) {
      String[] parts = line.split(" - ", 2);
      if (parts.length == 2 && parts[1].startsWith("cgroup2 ")) {
        mount = Path.of(parts[0].split(" ")[4]);
        break;
      }
    }
    String path =
        own.stream()
            .filter(l -> l.startsWith("0::"))
            .map(l -> l.substring(3))
            .findFirst()
            .orElse(null);
    if (mount == null || path == null) {
      return Optional.empty();
    }
    Path parent = mount.resolve(path.replaceFirst("^/", "")).resolve("ujm");
    if (!probe(parent)) {
      return Optional.empty();
    }
    Path controllers = parent.resolve("cgroup.controllers");
    String have = Files.readString(controllers);
    if (!have.contains("memory") || !have.contains("pids")) {
      return Optional.empty();
    }
    try {
      Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
    } catch (IOException e) {
      return Optional.empty(); // the groups below could not get the controllers
    }
    Map<String, Path> parents = new LinkedHashMap<>();
    for (String c : List.of("memory", "pids", "cpu")) {
      if (have.contains(c)) {
        parents.put(c, parent);
      }
    }
    return Optional.of(new Cgroups(Version.V2, parents));
  }

  private static Optional<Cgroups> v1(List<String> mounts, List<String> own) {
    Map<String, Path> parents = new LinkedHashMap<>();
    for (String[] wanted :
        new String[][] {{"memory", "memory"}, {"pids", "pids"}, {"cpu", "cpuacct"}}) {
      Path mount = null;
      for (String line : mounts) {
        String[] parts = line.split(" - ", 2);
        if (parts.length == 2
            && parts[1].startsWith("cgroup ")
            && List.of(parts[1].split(" ")[2].split(",")).contains(wanted[1])) {
          mount = Path.of(parts[0].split(" ")[4]);
          break;
        }
      }
      String path = null;
      for (String line : own) {
        String[] f = line.split(":", 3);
        if (f.length == 3 && List.of(f[1].split(",")).contains(wanted[1])) {
          path = f[2];
        }
      }
      if (mount != null && path != null) {
        Path parent = mount.resolve(path.replaceFirst("^/", "")).resolve("ujm");
        if (probe(parent)) {
          parents.put(wanted[0], parent);
        }
      }
    }
    return parents.isEmpty() ? Optional.empty() : Optional.of(new Cgroups(Version.V1, parents));
  }

  /** Whether a group can be created and removed below {@code parent}. */
  private static boolean probe(Path parent) {
    Path probe = parent.resolve("probe-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(parent);
      Files.createDirectory(probe);
      Files.delete(probe);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** One sentence for the log: what is used. */
  String describe() {
    List<String> parts = new ArrayList<>();
    parents.forEach((c, p) -> parts.add(c + " at " + p));
    return "cgroup "
        + version.name().toLowerCase(java.util.Locale.ROOT)
        + " ("
        + String.join(", ", parts)
        + ")";
  }
}
