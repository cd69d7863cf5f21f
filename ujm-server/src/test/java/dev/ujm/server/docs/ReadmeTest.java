package dev.ujm.server.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ujm.test.MongoFixture;
import dev.ujm.test.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start and its library section work as pasted: their code blocks are read from
 * README.md and run, so they cannot drift from what UJM does. The quick start runs in a directory
 * standing for a fresh clone, where {@code ./ujm} runs this build's classes instead of building a
 * jar; the server gets a free port through {@code UJM_PORT} and the client the same through {@code
 * UJM_URL}, the two settings the README names (and a small pool and a two-second start-up warm-up,
 * to keep the test short). The library program is compiled and run against this build's artifacts.
 */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern LISTENING = Pattern.compile("UJM is listening on http://\\S+/");

  @TempDir Path clone;

  record Block(String language, String code) {}

  /** The text of one {@code ## heading} section, up to the next. */
  static String section(String heading) throws IOException {
    String markdown = Files.readString(README);
    int start = markdown.indexOf("\n## " + heading + "\n");
    assertThat(start).as("README section " + heading).isNotNegative();
    int end = markdown.indexOf("\n## ", start + 4);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }

  static List<Block> blocks(String section) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(section);
    while (m.find()) {
      blocks.add(new Block(m.group(1), m.group(2)));
    }
    return blocks;
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private ProcessBuilder bash(String script, Map<String, String> env) {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-e", "-c", script).directory(clone.toFile());
    builder.environment().remove("UJM_API_KEY");
    builder.environment().remove("UJM_ADMIN_KEY");
    builder.environment().remove("UJM_URL");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    return builder;
  }

  /** What the process printed, once it ended with exit code 0 within two minutes. */
  private static String finished(Process process) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    process.getInputStream().transferTo(output);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(printed).isZero();
    return printed;
  }

  /** {@code ./ujm} of the stand-in clone: runs this build's classes instead of building a jar. */
  private void writeLauncher() throws IOException {
    Path launcher = clone.resolve("ujm");
    Files.writeString(
        launcher,
        "#!/usr/bin/env bash\nexec '"
            + java()
            + "' -Xmx256m -cp '"
            + System.getProperty("java.class.path")
            + "' dev.ujm.server.Main \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void the_quick_start_runs_as_pasted() throws Exception {
    String quickStart = section("Quick start");
    assertThat(quickStart)
        .contains("UJM_URL")
        .contains("http://localhost:8080")
        .contains("foreground");
    List<Block> blocks = blocks(quickStart);
    assertThat(blocks).hasSize(2).allSatisfy(b -> assertThat(b.language()).isEqualTo("bash"));
    writeLauncher();
    int port = freePort();
    Map<String, String> env =
        Map.of(
            "UJM_PORT",
            String.valueOf(port),
            "UJM_URL",
            "http://127.0.0.1:" + port,
            "UJM_WORKERS",
            "2",
            "UJM_WARMUP_SECONDS",
            "2");

    Path log = clone.resolve("serve.log");
    Process serve = bash(blocks.get(0).code(), env).redirectOutput(log.toFile()).start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
                return LISTENING.matcher(Files.readString(log)).find();
              });

      Process client = bash(blocks.get(1).code(), env).start();
      String printed = finished(client);
      assertThat(printed).contains("state").contains("completed").contains("ID").contains("sleep");
    } finally {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
  }

  /**
   * The section's node and client commands run as written against a redis-server and a MongoDB this
   * test starts (the first block, which starts them on their default ports, is only read): {@code
   * UJM_REDIS_URI} and {@code UJM_MONGO_URI} name the test's servers, as the section says to do for
   * servers elsewhere, and the nodes get free ports in place of 8081 and 8082.
   */
  @Test
  void the_several_nodes_section_runs_as_pasted_on_a_redis_and_a_mongodb_of_the_test()
      throws Exception {
    String section = section("Several nodes on Redis + MongoDB");
    assertThat(section).contains("docs/deployment.md").contains("docker-compose.yml");
    List<Block> blocks = blocks(section);
    assertThat(blocks).hasSize(5).allSatisfy(b -> assertThat(b.language()).isEqualTo("bash"));
    assertThat(blocks.get(0).code())
        .contains("--appendonly yes")
        .contains("--appendfsync everysec")
        .contains("--maxmemory-policy noeviction")
        .contains("mongod");
    writeLauncher();
    String first = String.valueOf(freePort());
    String second = String.valueOf(freePort());
    List<Process> nodes = new ArrayList<>();
    try (RedisServer redis = RedisServer.ephemeral().start();
        MongoFixture mongo = MongoFixture.inProcess().start()) {
      Map<String, String> env =
          Map.of(
              "UJM_REDIS_URI", redis.uri(),
              "UJM_MONGO_URI", mongo.uri(),
              "UJM_MONGO_DB", mongo.freshDatabase(),
              "UJM_WORKERS", "2",
              "UJM_WARMUP_SECONDS", "2");
      Process key = bash(blocks.get(1).code(), env).start();
      assertThat(key.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(key.exitValue()).isZero();
      assertThat(Files.readString(clone.resolve("admin.key")).strip()).hasSize(48);

      for (int n = 0; n < 2; n++) {
        String code = blocks.get(2 + n).code().replace("8081", first).replace("8082", second);
        Path log = clone.resolve("node-" + (n + 1) + ".log");
        nodes.add(bash(code, env).redirectOutput(log.toFile()).start());
      }
      for (int n = 0; n < 2; n++) {
        Process node = nodes.get(n);
        Path log = clone.resolve("node-" + (n + 1) + ".log");
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  assertThat(node.isAlive()).as(Files.readString(log)).isTrue();
                  return LISTENING.matcher(Files.readString(log)).find();
                });
      }

      String client = blocks.get(4).code().replace("8081", first).replace("8082", second);
      Process run = bash(client, env).start();
      String printed = finished(run);
      assertThat(printed).contains("completed").contains("\"mongo\"").contains("\"redis\"");
      for (String dir : List.of("node-1", "node-2")) {
        assertThat(printed)
            .contains(Files.readString(clone.resolve(dir).resolve("node.id")).strip());
      }
    } finally {
      for (Process node : nodes) {
        node.descendants().forEach(ProcessHandle::destroy);
        node.destroy();
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      }
    }
  }

  @Test
  void the_library_section_names_this_builds_coordinates_and_its_program_runs_as_pasted()
      throws Exception {
    String library = section("Using UJM as a library");
    assertThat(library).contains("JDK 21").contains("./ujm install");
    List<Block> blocks = blocks(library);
    Block xml = blocks.stream().filter(b -> b.language().equals("xml")).findFirst().orElseThrow();
    Block program =
        blocks.stream().filter(b -> b.language().equals("java")).findFirst().orElseThrow();

    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher version =
        Pattern.compile("<artifactId>ujm-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(version.find()).isTrue();
    Matcher dependency =
        Pattern.compile(
                "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(xml.code());
    List<String> artifacts = new ArrayList<>();
    while (dependency.find()) {
      assertThat(dependency.group(1)).isEqualTo("dev.ujm");
      assertThat(pom).contains("<module>" + dependency.group(2) + "</module>");
      assertThat(dependency.group(3)).isEqualTo(version.group(1));
      artifacts.add(dependency.group(2));
    }
    assertThat(artifacts).containsExactly("ujm-core", "ujm-store-sqlite");

    Matcher className = Pattern.compile("public class (\\w+)").matcher(program.code());
    assertThat(className.find()).as("the program declares its class").isTrue();
    Path source = clone.resolve(className.group(1) + ".java");
    Files.writeString(source, program.code());
    Path classes = Files.createDirectories(clone.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int compiled =
        compiler.run(
            null,
            diagnostics,
            diagnostics,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            source.toString());
    assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    Process run =
        new ProcessBuilder(
                java(),
                "-Xmx256m",
                "-cp",
                classes + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                className.group(1))
            .directory(clone.toFile())
            .redirectErrorStream(true)
            .start();
    String printed = finished(run);
    assertThat(printed).contains("completed 640");
    assertThat(clone.resolve("data/ujm.db")).exists();
  }
}
