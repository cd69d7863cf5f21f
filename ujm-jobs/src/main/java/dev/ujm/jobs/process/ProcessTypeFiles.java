package dev.ujm.jobs.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the job-type files of {@code UJM_PROCESS_TYPES}: every {@code *.json} file in the directory
 * declares one type. A file that does not parse or breaks a rule is reported with its name, and the
 * node does not start until it is fixed. Stateless.
 *
 * <pre>{@code
 * {"name": "py-report", "command": ["python3", "report.py"], "args": ["--month", "{month}"],
 *  "schema": {"type": "object", "required": ["month"], "properties": {"month": {"type": "string"}}},
 *  "limits": {"cpuSeconds": 30, "memoryMb": 256, "processes": 32, "wallSeconds": 120},
 *  "network": false}
 * }</pre>
 */
final class ProcessTypeFiles {
  private static final Set<String> FIELDS =
      Set.of("name", "command", "args", "schema", "limits", "network", "isolation");

  private ProcessTypeFiles() {}

  /** The declared types, in file-name order; {@code problems} gets one sentence per bad file. */
  static List<ProcessType> read(Path dir, List<String> problems) {
    List<ProcessType> types = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add("UJM_PROCESS_TYPES=" + dir + " is not a directory");
      return types;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.json")) {
      entries.forEach(files::add);
    } catch (IOException e) {
      problems.add("UJM_PROCESS_TYPES=" + dir + " cannot be read: " + e.getMessage());
      return types;
    }
    files.sort(null);
    for (Path file : files) {
      try {
        types.add(parse(file, Json.mapper().readTree(file.toFile())));
      } catch (IOException | IllegalArgumentException e) {
        problems.add("process type file " + file + ": " + e.getMessage());
      }
    }
    return types;
  }

  static ProcessType parse(Path file, JsonNode json) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("must hold one JSON object");
    }
    json.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "'; known: " + FIELDS);
              }
            });
    String name = json.path("name").asText("");
    if (!name.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException(
          "name must be 1 to 64 lower-case letters, digits, '_', '.' or '-'");
    }
    List<String> command = strings(json.get("command"), "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must name a program");
    }
    List<String> args = json.has("args") ? strings(json.get("args"), "args") : List.of();
    JsonNode schema = json.get("schema");
    if (schema != null && !schema.isObject()) {
      throw new IllegalArgumentException("schema must be a JSON Schema object");
    }
    JsonNode l = json.path("limits");
    ProcessType.Limits limits =
        new ProcessType.Limits(
            positive(l, "cpuSeconds"),
            positive(l, "memoryMb"),
            positive(l, "processes"),
            positive(l, "wallSeconds"));
    String isolation = json.path("isolation").asText("bwrap");
    if (!isolation.equals("bwrap") && !isolation.equals("none")) {
      throw new IllegalArgumentException("isolation must be bwrap or none");
    }
    return new ProcessType(
        name,
        command,
        args,
        schema,
        limits,
        json.path("network").asBoolean(false),
        isolation,
        file.toAbsolutePath().getParent());
  }

  private static List<String> strings(JsonNode node, String field) {
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException(field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual() || n.asText().indexOf('\0') >= 0) {
        throw new IllegalArgumentException(field + " must be an array of strings");
      }
      out.add(n.asText());
    }
    return List.copyOf(out);
  }

  private static Integer positive(JsonNode limits, String field) {
    JsonNode n = limits.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.canConvertToInt() || n.asInt() < 1) {
      throw new IllegalArgumentException("limits." + field + " must be a positive whole number");
    }
    return n.asInt();
  }
}
