package dev.ujm.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.model.Json;
import dev.ujm.test.UjmProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The deployment files at the root of the clone hold what can be checked without a container
 * runtime: {@code docker-compose.yml} parses, has the services docs/deployment.md describes, sets
 * Redis and MongoDB up as described (AOF every second, noeviction; a one-member replica set and its
 * init), gives both UJM nodes the same settings under names UJM reads, and points them at the
 * services it defines; the {@code Dockerfile}'s entry command is {@code java -jar ujm.jar serve},
 * the jar being the one the build makes with the main class the process tests run.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> NODES = List.of("ujm-1", "ujm-2");

  private static JsonNode compose() throws IOException {
    return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Test
  void the_compose_file_has_two_nodes_redis_and_a_mongodb_replica_set_with_its_init()
      throws IOException {
    JsonNode services = compose().path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("redis", "mongo", "mongo-init", "ujm-1", "ujm-2");

    List<String> redis = strings(services.path("redis").path("command"));
    assertThat(String.join(" ", redis))
        .startsWith("redis-server")
        .contains("--appendonly yes")
        .contains("--appendfsync everysec")
        .contains("--maxmemory-policy noeviction");

    List<String> mongo = strings(services.path("mongo").path("command"));
    int replSet = mongo.indexOf("--replSet");
    assertThat(replSet).isNotNegative();
    String set = mongo.get(replSet + 1);
    String init = String.join(" ", strings(services.path("mongo-init").path("command")));
    assertThat(init)
        .contains("rs.initiate({_id: '" + set + "'")
        .contains("host: 'mongo:27017'")
        .contains("rs.status()");
    assertThat(
            services.path("mongo-init").path("depends_on").path("mongo").path("condition").asText())
        .isEqualTo("service_healthy");
  }

  @Test
  void both_nodes_have_the_same_settings_every_one_a_name_ujm_reads_and_pointing_at_the_services()
      throws IOException {
    JsonNode services = compose().path("services");
    Set<String> known =
        UjmConfig.SETTINGS.stream().map(UjmConfig.Setting::env).collect(Collectors.toSet());
    Map<String, String> first = environment(services.path(NODES.getFirst()));
    for (String node : NODES) {
      Map<String, String> env = environment(services.path(node));
      assertThat(env).as(node).isEqualTo(first);
      assertThat(known).as("settings of " + node + " that UJM reads").containsAll(env.keySet());
      assertThat(services.path(node).path("image").asText()).isEqualTo("ujm:local");
      assertThat(services.path(node).path("build").asText()).isEqualTo(".");
      assertThat(services.path(node).path("depends_on").path("redis").path("condition").asText())
          .isEqualTo("service_healthy");
      assertThat(
              services.path(node).path("depends_on").path("mongo-init").path("condition").asText())
          .isEqualTo("service_completed_successfully");
    }
    assertThat(first)
        .containsEntry("UJM_STORE", "redis-mongo")
        .containsEntry("UJM_BIND", "0.0.0.0");
    assertThat(first.get("UJM_ADMIN_KEY")).as("no key in the file").startsWith("${UJM_ADMIN_KEY:?");
    assertThat(UjmConfig.from(withAdminKey(first)).store()).isEqualTo("redis-mongo");

    URI redis = URI.create(first.get("UJM_REDIS_URI"));
    assertThat(redis.getScheme()).isEqualTo("redis");
    assertThat(services.has(redis.getHost())).as("Redis host is a service").isTrue();
    assertThat(redis.getPort()).isEqualTo(6379);

    URI mongo = URI.create(first.get("UJM_MONGO_URI"));
    assertThat(mongo.getScheme()).isEqualTo("mongodb");
    assertThat(services.has(mongo.getHost())).as("MongoDB host is a service").isTrue();
    assertThat(mongo.getPort()).isEqualTo(27017);
    List<String> mongod = strings(services.path("mongo").path("command"));
    assertThat(mongo.getQuery())
        .isEqualTo("replicaSet=" + mongod.get(mongod.indexOf("--replSet") + 1));
  }

  @Test
  void each_node_publishes_the_port_it_listens_on_on_a_host_port_of_its_own() throws IOException {
    JsonNode services = compose().path("services");
    Pattern mapping = Pattern.compile("127\\.0\\.0\\.1:(\\d+):(\\d+)");
    List<String> hostPorts = new ArrayList<>();
    for (String node : NODES) {
      String listens = environment(services.path(node)).get("UJM_PORT");
      List<String> ports = strings(services.path(node).path("ports"));
      assertThat(ports).as(node).hasSize(1);
      Matcher m = mapping.matcher(ports.getFirst());
      assertThat(m.matches()).as(ports.getFirst() + " is published on the loopback only").isTrue();
      assertThat(m.group(2)).as(node + " publishes its UJM_PORT").isEqualTo(listens);
      hostPorts.add(m.group(1));
    }
    assertThat(hostPorts).doesNotHaveDuplicates();
    assertThat(dockerfileLines())
        .contains("EXPOSE " + environment(services.path("ujm-1")).get("UJM_PORT"));
  }

  @Test
  void the_image_runs_java_jar_ujm_jar_serve_with_the_jar_and_main_class_the_build_and_tests_use()
      throws Exception {
    List<String> lines = dockerfileLines();
    String entry =
        lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).reduce((a, b) -> b).orElseThrow();
    List<String> command = strings(Json.mapper().readTree(entry.substring("ENTRYPOINT ".length())));
    assertThat(command).hasSize(4);
    assertThat(command.subList(0, 2)).containsExactly("java", "-jar");
    assertThat(command.get(3)).isEqualTo("serve");
    assertThat(lines.stream().anyMatch(l -> l.startsWith("CMD "))).isFalse();

    String jar = command.get(2);
    String copy = "COPY --from=build /src/ujm-server/target/ujm.jar " + jar;
    assertThat(lines).contains(copy);
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(ROOT.resolve("ujm-server/pom.xml").toFile());
    assertThat(pom.getElementsByTagName("outputFile").item(0).getTextContent())
        .isEqualTo("${project.build.directory}/ujm.jar");
    assertThat(pom.getElementsByTagName("mainClass").item(0).getTextContent())
        .isEqualTo(UjmProcess.MAIN_CLASS);
  }

  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new TreeMap<>();
    service
        .path("environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  /** The settings with the admin key compose asks the operator for, as UJM would read them. */
  private static Map<String, String> withAdminKey(Map<String, String> env) {
    Map<String, String> given = new TreeMap<>(env);
    given.put("UJM_ADMIN_KEY", UjmProcess.ADMIN_KEY);
    return given;
  }

  /** The Dockerfile's instructions, continuation lines joined, comments left out. */
  private static List<String> dockerfileLines() throws IOException {
    String text = Files.readString(ROOT.resolve("Dockerfile")).replace("\\\n", " ");
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}
