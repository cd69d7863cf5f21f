package dev.ujm.core.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one Jackson configuration of UJM, strict because it reads what callers send: ISO-8601
 * instants; unknown fields, duplicate keys and anything after the value are refused; no value is
 * coerced into another type (no {@code "10"} for a number, {@code 1.5} for a whole number, {@code
 * 5} for a string). Thread-safe.
 */
public final class Json {
  /**
   * The deepest nesting a payload may have. Far below Jackson's limit of 1,000 levels for reading
   * and writing, so a payload can always be written back inside any answer that carries it (a list
   * item adds three levels).
   */
  public static final int MAX_PAYLOAD_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      // Buffers come from one pool shared by all threads: the default pool keeps them per thread,
      // and a virtual thread (one per request, one per attempt) would allocate new ones each time.
      JsonMapper.builder(
              JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedBoundedPool()).build())
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfigDefaults(
              config ->
                  config
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
          .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * How deeply a JSON value nests: 0 for a scalar or null, 1 for an object or array of scalars, one
   * more per level below. Iterative, so a deep value cannot overflow the stack.
   */
  public static int depth(JsonNode node) {
    if (node == null || !node.isContainerNode()) {
      return 0;
    }
    int deepest = 0;
    Deque<JsonNode> containers = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    containers.push(node);
    depths.push(1);
    while (!containers.isEmpty()) {
      JsonNode current = containers.pop();
      int depth = depths.pop();
      deepest = Math.max(deepest, depth);
      for (JsonNode child : current) {
        if (child.isContainerNode()) {
          containers.push(child);
          depths.push(depth + 1);
        }
      }
    }
    return deepest;
  }
}
