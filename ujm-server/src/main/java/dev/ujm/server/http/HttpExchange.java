package dev.ujm.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.core.model.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;

/**
 * Reads request bodies and writes JSON answers: the one place that knows the body limit and the
 * JSON rules of the API. A body over the limit is refused before it is read whole. Reading has two
 * steps, each with its own problem: the body must be one well-formed JSON object (no duplicate
 * keys, nothing after it; else {@code malformed-json}), and it must fit the request record (no
 * unknown field, no value of another type; else {@code invalid-request} naming the field).
 * Thread-safe.
 */
public final class HttpExchange {
  /** Attribute holding the id of the job a request is about, for the request log. */
  public static final String JOB_ID = "ujm.jobId";

  /**
   * Attribute holding a store failure a handler answered around (the compatibility crawl's
   * fallback), so the store breaker still counts it.
   */
  public static final String STORE_FAILURE = "ujm.storeFailure";

  /**
   * Answers nest a stored value at most this many levels below their top. Whatever a store could
   * read back (Jackson reads at most 1,000 levels) can therefore always be written in an answer.
   */
  static final int ANSWER_ENVELOPE_DEPTH = 16;

  private static final ObjectMapper ANSWERS = answerMapper();

  private final long maxBodyBytes;

  public HttpExchange(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * The body mapped to {@code type}.
   *
   * @throws ProblemException 413 over the limit, 400 for an empty or malformed body, an unknown
   *     field or a wrong type
   */
  public <T> T read(Context ctx, Class<T> type) {
    JsonNode body = readObject(ctx);
    try {
      return Json.mapper().treeToValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      throw ProblemException.invalid(
          field,
          "unknown field '"
              + e.getPropertyName()
              + "'; known fields: "
              + String.join(", ", names(e.getKnownPropertyIds())));
    } catch (JsonMappingException e) {
      String field = path(e);
      if (field == null) {
        throw ProblemException.malformedJson("the body must be a JSON object");
      }
      throw ProblemException.invalid(field, field + " must be " + describe(e) + given(e));
    } catch (JsonProcessingException e) {
      throw ProblemException.malformedJson("the body does not fit: " + e.getOriginalMessage());
    }
  }

  /**
   * The body as a JSON object tree, checked for syntax only (for bodies whose fields pass through,
   * such as a crawl's).
   *
   * @throws ProblemException 413 over the limit, 400 malformed-json unless one JSON object
   */
  public ObjectNode readObject(Context ctx) {
    byte[] body = bytes(ctx);
    if (body.length == 0) {
      throw ProblemException.malformedJson("the request needs a JSON object body");
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(body);
    } catch (StreamConstraintsException e) {
      throw ProblemException.malformedJson(
          "the body is too deeply nested or too long: " + e.getOriginalMessage());
    } catch (JsonParseException e) {
      throw ProblemException.malformedJson("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (JsonMappingException e) {
      // what FAIL_ON_TRAILING_TOKENS reports
      throw ProblemException.malformedJson(
          "the body must be one JSON object with nothing after it");
    } catch (IOException e) {
      throw ProblemException.malformedJson("the body is not valid JSON: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw ProblemException.malformedJson("the body must be a JSON object");
    }
    return (ObjectNode) tree;
  }

  /** The raw body, refusing more than the limit even when no length was announced. */
  public byte[] bytes(Context ctx) {
    long announced = ctx.req().getContentLengthLong();
    if (announced > maxBodyBytes) {
      throw ProblemException.tooLarge(maxBodyBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      // An announced length is read into an array of that size; reading up to the limit would
      // allocate buffers of several kilobytes for every small body.
      byte[] body =
          announced >= 0
              ? in.readNBytes((int) announced)
              : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        throw ProblemException.tooLarge(maxBodyBytes);
      }
      return body;
    } catch (IOException e) {
      throw ProblemException.malformedJson("the request body could not be read: " + e.getMessage());
    }
  }

  /** Writes {@code value} as JSON with this status. */
  public static void json(Context ctx, int status, Object value) {
    try {
      ctx.status(status).contentType("application/json").result(ANSWERS.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON", e);
    }
  }

  /**
   * The mapper that writes answers: the one configuration, allowed to nest {@link
   * #ANSWER_ENVELOPE_DEPTH} levels deeper than a store may hold.
   */
  public static ObjectMapper answers() {
    return ANSWERS;
  }

  private static ObjectMapper answerMapper() {
    ObjectMapper mapper = Json.mapper().copy();
    mapper
        .getFactory()
        .setStreamWriteConstraints(
            StreamWriteConstraints.builder()
                .maxNestingDepth(StreamWriteConstraints.DEFAULT_MAX_DEPTH + ANSWER_ENVELOPE_DEPTH)
                .build());
    return mapper;
  }

  /** Notes that the store failed this request although the handler answered it. */
  public static void storeFailed(Context ctx, Throwable failure) {
    ctx.attribute(STORE_FAILURE, failure);
  }

  /** Notes the job a request is about, for the request log. */
  public static void aboutJob(Context ctx, String jobId) {
    ctx.attribute(JOB_ID, jobId);
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  private static String describe(JsonMappingException e) {
    Class<?> type =
        e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m
            ? m.getTargetType()
            : null;
    if (type == null && e.getMessage() != null && e.getMessage().contains("out of range of int")) {
      type = Integer.class;
    }
    if (type == null && e.getMessage() != null && e.getMessage().contains("out of range of long")) {
      type = Long.class;
    }
    if (type == Integer.class || type == int.class) {
      return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type != null && Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type != null && JsonNode.class.isAssignableFrom(type)) {
      return "JSON";
    }
    if (type == null) {
      return "of another type";
    }
    return "a JSON object";
  }

  private static String given(JsonMappingException e) {
    if (e instanceof InvalidFormatException f && f.getValue() != null) {
      String value = String.valueOf(f.getValue());
      return ", not " + (value.length() > 40 ? value.substring(0, 40) + "…" : value);
    }
    return "";
  }

  private static java.util.List<String> names(Collection<Object> known) {
    return known.stream().map(String::valueOf).sorted().toList();
  }
}
