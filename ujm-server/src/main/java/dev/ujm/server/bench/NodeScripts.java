package dev.ujm.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node side of the benchmarks that compare UJM with its peers: the scripts and the {@code
 * package.json} under {@code bench/} of the class path, copied into {@code bench-node/} next to the
 * jar (the build output, never the sources) with their npm packages installed there on first use.
 * Only these benchmarks need Node and npm; building and testing UJM does not.
 */
final class NodeScripts {
  private static final List<String> FILES =
      List.of("package.json", "bullmq-batch.mjs", "autocannon-load.mjs", "floor-server.mjs");

  /** Node or its packages are not there; the message is one sentence that says what to do. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private final Path dir;

  private NodeScripts(Path dir) {
    this.dir = dir;
  }

  /**
   * The scripts, ready to run: copied when changed, their packages installed with {@code npm
   * install} when the {@code package.json} changed or nothing is installed yet.
   */
  static NodeScripts prepare() throws Unavailable {
    Path dir = outputDirectory().resolve("bench-node");
    try {
      Files.createDirectories(dir);
      boolean changed = false;
      for (String file : FILES) {
        changed |= copy(file, dir.resolve(file)) && file.equals("package.json");
      }
      if (changed || !Files.isDirectory(dir.resolve("node_modules/bullmq"))) {
        install(dir);
      }
    } catch (IOException e) {
      throw new Unavailable(
          "the benchmark's Node scripts could not be set up in " + dir + ": " + e);
    }
    return new NodeScripts(dir);
  }

  /** Starts a script with its arguments, its output going to the given file. */
  Process start(String script, Path output, String... args) throws IOException {
    return new ProcessBuilder(command(script, args))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  /** Runs a script to its end and reads the JSON line it printed last. */
  JsonNode run(String script, String... args) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command(script, args))
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output;
    try (ChildProcess child = new ChildProcess(process, null)) {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(script + " failed: " + output.strip());
      }
    }
    List<String> lines = Arrays.asList(output.strip().split("\n"));
    return Json.mapper().readTree(lines.get(lines.size() - 1));
  }

  private List<String> command(String script, String... args) {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(Arrays.asList(args));
    return command;
  }

  private static void install(Path dir) throws Unavailable, IOException {
    Process npm;
    try {
      npm =
          new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("npm-install.log").toFile())
              .start();
    } catch (IOException e) {
      throw new Unavailable(
          "this benchmark needs Node 18+ and npm on the PATH, and npm was not found.");
    }
    try {
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new Unavailable(
            "npm could not install the benchmark's packages (is the npm registry reachable?); see "
                + dir.resolve("npm-install.log"));
      }
    } catch (InterruptedException e) {
      npm.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new Unavailable("the npm install was interrupted.");
    }
  }

  /** Copies a script out of the class path when it differs; true when it did. */
  private static boolean copy(String file, Path target) throws IOException {
    byte[] content;
    try (InputStream in = NodeScripts.class.getResourceAsStream("/bench/" + file)) {
      if (in == null) {
        throw new IOException("/bench/" + file + " is missing from the class path");
      }
      content = in.readAllBytes();
    }
    if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)) {
      return false;
    }
    Files.write(target, content);
    return true;
  }

  /** The directory of the jar (or of the classes) this code runs from: the build output. */
  private static Path outputDirectory() {
    try {
      Path location =
          Path.of(NodeScripts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.getParent();
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException("the jar's location is unreadable", e));
    }
  }
}
