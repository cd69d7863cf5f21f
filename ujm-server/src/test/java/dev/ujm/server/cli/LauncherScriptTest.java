package dev.ujm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./ujm} launcher, run against a stand-in JDK and Maven that only record how they are
 * called: {@code test} and {@code install} build in directories of their own, so they never change
 * {@code ujm-server/target/ujm.jar}, and {@code serve} runs a copy of that jar, so no later build
 * changes the jar under a running server.
 */
class LauncherScriptTest {
  @TempDir Path root;
  private Path calls;
  private Path jar;

  @BeforeEach
  void aCloneWithABuiltJar() throws IOException {
    Files.copy(Path.of("..", "ujm").toAbsolutePath(), root.resolve("ujm"));
    calls = root.resolve("calls.log");
    Files.writeString(
        root.resolve("pom.xml"),
        "<project><modelVersion>4.0.0</modelVersion><version>9.8.7-TEST</version></project>\n");
    script(
        "jdk/bin/java",
        "case \"$*\" in *-XshowSettings*) echo '    java.specification.version = 21' >&2;;"
            + " *) echo \"java $*\" >> '"
            + calls
            + "';; esac");
    script("jdk/bin/javac", "exit 0");
    script("bin/mvn", "echo \"mvn $*\" >> '" + calls + "'");
    jar = root.resolve("ujm-server/target/ujm.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "the jar a running server uses");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
  }

  private void script(String path, String body) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Runs {@code ./ujm} with these arguments; returns the commands the stand-ins recorded. */
  private List<String> ujm(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("ujm").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
    builder.environment().put("PATH", root.resolve("bin") + ":/usr/bin:/bin");
    builder.environment().remove("UJM_JAVA_OPTS");
    builder.environment().remove("MAVEN_OPTS");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  @Test
  void test_builds_in_target_test_and_leaves_the_servers_jar_alone() throws Exception {
    List<String> recorded = ujm("test", "-Dtest=SomeTest");

    assertThat(recorded).containsExactly("mvn -B -Dujm.out=-test verify -Dtest=SomeTest");
    assertThat(Files.readString(jar)).isEqualTo("the jar a running server uses");
  }

  @Test
  void install_puts_the_artifacts_in_the_local_repository_from_a_build_of_its_own()
      throws Exception {
    List<String> recorded = ujm("install");

    assertThat(recorded).containsExactly("mvn -B -q -Dujm.out=-install -DskipTests install");
  }

  @Test
  void serve_runs_a_copy_of_the_jar_and_other_commands_the_jar_itself() throws Exception {
    List<String> recorded = ujm("serve", "--port", "8081");
    ujm("list");

    assertThat(recorded.getFirst()).startsWith("java -jar ").endsWith(".jar serve --port 8081");
    Path copy = Path.of(recorded.getFirst().split(" ")[2]);
    assertThat(copy).isNotEqualTo(jar).startsWith(root.resolve("ujm-server/target/serve"));
    assertThat(Files.readString(copy)).isEqualTo("the jar a running server uses");
    assertThat(Files.readAllLines(calls).getLast()).isEqualTo("java -jar " + jar + " list");
  }
}
