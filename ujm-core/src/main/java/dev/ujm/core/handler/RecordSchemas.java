package dev.ujm.core.handler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema (2020-12) for a payload class, generated from its record components: strings, whole
 * and decimal numbers, booleans, instants and dates (as formatted strings), enums, lists and sets
 * (arrays of their element's schema), maps with string keys, nested records, and {@code JsonNode}
 * or {@code Object} as any value. Unknown fields are refused ({@code additionalProperties: false}),
 * as the payload mapper refuses them; fields are not marked required, because payload records give
 * missing fields their defaults and validators say what is missing. Stateless.
 */
public final class RecordSchemas {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 8;

  private RecordSchemas() {}

  /** The schema of a payload class; {@code {}} (anything) for a class that is not a record. */
  public static ObjectNode of(Class<?> type) {
    ObjectNode schema = schema(type, 0, Set.of());
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    return schema;
  }

  private static ObjectNode schema(Type type, int depth, Set<Class<?>> seen) {
    ObjectNode s = JSON.objectNode();
    Class<?> raw = raw(type);
    if (raw == String.class || raw == char.class || raw == Character.class) {
      return s.put("type", "string");
    }
    if (raw == Integer.class
        || raw == int.class
        || raw == Long.class
        || raw == long.class
        || raw == Short.class
        || raw == short.class) {
      return s.put("type", "integer");
    }
    if (raw == Double.class
        || raw == double.class
        || raw == Float.class
        || raw == float.class
        || Number.class.isAssignableFrom(raw)) {
      return s.put("type", "number");
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return s.put("type", "boolean");
    }
    if (raw == Instant.class) {
      return s.put("type", "string").put("format", "date-time");
    }
    if (raw == LocalDate.class) {
      return s.put("type", "string").put("format", "date");
    }
    if (raw == Duration.class) {
      return s.put("type", "string").put("format", "duration");
    }
    if (raw.isEnum()) {
      ArrayNode values = s.put("type", "string").putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(constant.toString().toLowerCase(java.util.Locale.ROOT));
      }
      return s;
    }
    if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
      s.put("type", "array");
      Type element = raw.isArray() ? raw.getComponentType() : argument(type, 0);
      if (element != null && depth < MAX_DEPTH) {
        s.set("items", schema(element, depth + 1, seen));
      }
      return s;
    }
    if (Map.class.isAssignableFrom(raw)) {
      s.put("type", "object");
      Type value = argument(type, 1);
      if (value != null && depth < MAX_DEPTH) {
        s.set("additionalProperties", schema(value, depth + 1, seen));
      }
      return s;
    }
    if (raw.isRecord() && depth < MAX_DEPTH && !seen.contains(raw)) {
      s.put("type", "object");
      ObjectNode properties = s.putObject("properties");
      Set<Class<?>> inside = new java.util.HashSet<>(seen);
      inside.add(raw);
      for (RecordComponent c : raw.getRecordComponents()) {
        properties.set(c.getName(), schema(c.getGenericType(), depth + 1, inside));
      }
      s.put("additionalProperties", false);
      return s;
    }
    return s; // JsonNode, Object, or anything else: any value
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class;
  }

  private static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return null;
  }
}
