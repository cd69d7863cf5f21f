package dev.ujm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small structural JSON Schema check, enough for the OpenAPI 3.1 description of UJM: {@code
 * $ref}, {@code type} (one or several), {@code enum}, {@code required}, {@code properties}, {@code
 * additionalProperties}, {@code items} and {@code oneOf}. Formats and bounds are not checked.
 */
final class SchemaCheck {
  private final JsonNode document;

  SchemaCheck(JsonNode document) {
    this.document = document;
  }

  /** Every way {@code value} breaks {@code schema}; empty when it fits. */
  List<String> problems(JsonNode schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "$", problems);
    return problems;
  }

  JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      JsonNode target = document;
      for (String part : ref.substring(2).split("/")) {
        target = target.path(part);
      }
      if (target.isMissingNode()) {
        throw new IllegalStateException("dangling $ref " + ref);
      }
      node = target;
    }
    return node;
  }

  private void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
    schema = resolve(schema);
    if (schema.has("oneOf")) {
      for (JsonNode option : schema.get("oneOf")) {
        if (problems(option, value).isEmpty()) {
          return;
        }
      }
      problems.add(path + ": fits none of oneOf");
      return;
    }
    if (schema.has("type") && !typeFits(schema.get("type"), value)) {
      problems.add(path + ": " + value.getNodeType() + " is not " + schema.get("type"));
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode option : schema.get("enum")) {
        found |= option.equals(value);
      }
      if (!found) {
        problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (value.isObject()) {
      for (JsonNode name : schema.path("required")) {
        if (!value.has(name.asText())) {
          problems.add(path + ": missing required " + name.asText());
        }
      }
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        var field = it.next();
        if (properties.has(field.getKey())) {
          check(
              properties.get(field.getKey()),
              field.getValue(),
              path + "." + field.getKey(),
              problems);
        } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
          problems.add(path + ": unexpected field " + field.getKey());
        } else if (additional != null && additional.isObject()) {
          check(additional, field.getValue(), path + "." + field.getKey(), problems);
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
      }
    }
  }

  private static boolean typeFits(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode one : type) {
        if (typeFits(one, value)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> false;
    };
  }
}
