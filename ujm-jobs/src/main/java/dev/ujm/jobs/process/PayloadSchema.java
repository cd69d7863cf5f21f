package dev.ujm.jobs.process;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a payload against the small part of JSON Schema a process type may declare: {@code type}
 * (one or several), {@code required}, {@code properties}, {@code additionalProperties} (false or a
 * schema), {@code enum}, {@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength},
 * {@code items} and {@code maxItems}. Other keywords are ignored. Stateless.
 */
final class PayloadSchema {
  /** One way a value breaks its schema: where (for example {@code month}) and why. */
  record Problem(String field, String message) {}

  private PayloadSchema() {}

  static List<Problem> check(JsonNode schema, JsonNode value) {
    List<Problem> problems = new ArrayList<>();
    if (schema != null) {
      check(schema, value, "", problems);
    }
    return problems;
  }

  private static void check(JsonNode s, JsonNode v, String path, List<Problem> out) {
    String where = path.isEmpty() ? "payload" : path;
    if (s.has("type") && !typeFits(s.get("type"), v)) {
      out.add(new Problem(path, where + " must be " + s.get("type").toString().replace("\"", "")));
      return;
    }
    if (s.has("enum")) {
      boolean found = false;
      for (JsonNode option : s.get("enum")) {
        found |= option.equals(v);
      }
      if (!found) {
        out.add(new Problem(path, where + " must be one of " + s.get("enum")));
      }
    }
    if (v.isNumber()) {
      if (s.has("minimum") && v.asDouble() < s.get("minimum").asDouble()) {
        out.add(new Problem(path, where + " must be at least " + s.get("minimum")));
      }
      if (s.has("maximum") && v.asDouble() > s.get("maximum").asDouble()) {
        out.add(new Problem(path, where + " must be at most " + s.get("maximum")));
      }
    }
    if (v.isTextual()) {
      int length = v.asText().codePointCount(0, v.asText().length());
      if (s.has("minLength") && length < s.get("minLength").asInt()) {
        out.add(
            new Problem(path, where + " must be at least " + s.get("minLength") + " characters"));
      }
      if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
        out.add(
            new Problem(path, where + " must be at most " + s.get("maxLength") + " characters"));
      }
    }
    if (v.isObject()) {
      for (JsonNode name : s.path("required")) {
        if (!v.has(name.asText())) {
          out.add(
              new Problem(join(path, name.asText()), join(path, name.asText()) + " is required"));
        }
      }
      JsonNode properties = s.path("properties");
      JsonNode additional = s.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        var field = it.next();
        String at = join(path, field.getKey());
        if (properties.has(field.getKey())) {
          check(properties.get(field.getKey()), field.getValue(), at, out);
        } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
          out.add(new Problem(at, "unknown field '" + at + "'"));
        } else if (additional != null && additional.isObject()) {
          check(additional, field.getValue(), at, out);
        }
      }
    }
    if (v.isArray()) {
      if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
        out.add(new Problem(path, where + " may hold at most " + s.get("maxItems") + " items"));
      }
      if (s.has("items")) {
        for (int i = 0; i < v.size(); i++) {
          check(s.get("items"), v.get(i), path + "[" + i + "]", out);
        }
      }
    }
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static boolean typeFits(JsonNode type, JsonNode v) {
    if (type.isArray()) {
      for (JsonNode one : type) {
        if (typeFits(one, v)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> false;
    };
  }
}
