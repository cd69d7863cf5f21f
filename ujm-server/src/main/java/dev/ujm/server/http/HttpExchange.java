package dev.ujm.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ujm.core.model.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies and writes JSON answers: the one place that knows the body limit and the
 * JSON rules of the API. A body over the limit is refused before it is read whole; malformed JSON,
 * unknown fields and values of the wrong type become problems that name the field. Thread-safe.
 */
public final class HttpExchange {
  /** Attribute holding the id of the job a request is about, for the request log. */
  public static final String JOB_ID = "ujm.jobId";

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
    byte[] body = bytes(ctx);
    if (body.length == 0) {
      throw ProblemException.malformedJson("the request needs a JSON object body");
    }
    try {
      return Json.mapper().readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ProblemException.invalid(
          path(e),
          "unknown field '" + e.getPropertyName() + "'; known fields: " + e.getKnownPropertyIds());
    } catch (InvalidFormatException e) {
      throw ProblemException.invalid(
          path(e), path(e) + " must be " + describe(e.getTargetType()) + ", not " + e.getValue());
    } catch (MismatchedInputException e) {
      String field = path(e);
      if (field == null) {
        throw ProblemException.malformedJson("the body must be a JSON object");
      }
      throw ProblemException.invalid(field, field + " must be " + describe(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw ProblemException.malformedJson("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body as a JSON object tree (for bodies whose fields pass through, such as a crawl's). */
  public com.fasterxml.jackson.databind.node.ObjectNode readObject(Context ctx) {
    JsonNode node = read(ctx, JsonNode.class);
    if (!node.isObject()) {
      throw ProblemException.malformedJson("the body must be a JSON object");
    }
    return (com.fasterxml.jackson.databind.node.ObjectNode) node;
  }

  /** The raw body, refusing more than the limit even when no length was announced. */
  public byte[] bytes(Context ctx) {
    long announced = ctx.req().getContentLengthLong();
    if (announced > maxBodyBytes) {
      throw ProblemException.tooLarge(maxBodyBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
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
      ctx.status(status)
          .contentType("application/json")
          .result(Json.mapper().writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON", e);
    }
  }

  /** Notes the job a request is about, for the request log. */
  public static void aboutJob(Context ctx, String jobId) {
    ctx.attribute(JOB_ID, jobId);
  }

  private static String path(MismatchedInputException e) {
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

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return "JSON";
    }
    return "a JSON object";
  }
}
