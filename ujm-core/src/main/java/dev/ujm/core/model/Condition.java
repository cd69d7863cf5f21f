package dev.ujm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.InvalidJobException.Reason;
import java.util.Objects;

/**
 * A job's {@code runIf}: a value read from a parent's result by a JSON Pointer (RFC 6901), compared
 * with a constant: {@code {"pointer": "/pages", "op": ">", "value": 0}}. Checked when the job
 * becomes runnable; when false the job ends {@code cancelled} with reason {@code condition-false}.
 * Immutable.
 *
 * <p>It is read from the result of {@code parent} (a job id) when given, else from every parent
 * that completed, and holds when it holds for each of them (and at least one completed). A pointer
 * that finds nothing makes {@code exists} false, {@code !=} true and every other comparison false.
 * Numbers compare by value; strings compare in Unicode order for {@code <}, {@code <=}, {@code >},
 * {@code >=}; {@code ==} and {@code !=} compare any JSON.
 *
 * @param parent the job id whose result is read; null for every completed parent (a workflow names
 *     a ref, which becomes the id)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(String pointer, Op op, JsonNode value, String parent) {

  /** The comparisons a condition may make. */
  public enum Op {
    EQ("=="),
    NE("!="),
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<="),
    EXISTS("exists");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
      return symbol;
    }

    /**
     * Parses {@code ==}, {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=} or {@code
     * exists}.
     *
     * @throws IllegalArgumentException for anything else
     */
    @JsonCreator
    public static Op parse(String text) {
      for (Op op : values()) {
        if (op.symbol.equals(text == null ? null : text.trim())) {
          return op;
        }
      }
      throw new IllegalArgumentException(
          "op must be one of ==, !=, >, >=, <, <=, exists, not '" + text + "'");
    }
  }

  /**
   * Checks the condition before anything is stored.
   *
   * @param field where it sits in the request, for example {@code runIf} or {@code jobs[2].runIf}
   * @throws InvalidJobException naming the failing field
   */
  public Condition checked(String field) {
    if (pointer == null) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION, field + ".pointer", field + ".pointer is required");
    }
    if (!pointer.isEmpty() && !pointer.startsWith("/")) {
      throw invalidPointer(field);
    }
    try {
      JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw invalidPointer(field);
    }
    if (!pointer.matches("(/([^~]|~[01])*)*")) {
      throw invalidPointer(field);
    }
    if (op == null) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION,
          field + ".op",
          field + ".op is required: one of ==, !=, >, >=, <, <=, exists");
    }
    if (op != Op.EXISTS && value == null) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION, field + ".value", field + ".value is required for " + op.symbol);
    }
    if ((op == Op.GT || op == Op.GE || op == Op.LT || op == Op.LE)
        && !(value.isNumber() || value.isTextual())) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION,
          field + ".value",
          field + ".value must be a number or a string for " + op.symbol);
    }
    return this;
  }

  private InvalidJobException invalidPointer(String field) {
    return new InvalidJobException(
        Reason.INVALID_OPTION,
        field + ".pointer",
        field
            + ".pointer must be a JSON Pointer such as /pages or /items/0/id (RFC 6901), not '"
            + pointer
            + "'");
  }

  /** The same condition reading the result of another parent. */
  public Condition withParent(String parentId) {
    return new Condition(pointer, op, value, parentId);
  }

  /** Whether the condition holds for one result (null when the parent has none). */
  public boolean holdsFor(JsonNode result) {
    JsonNode found = result == null ? null : result.at(pointer);
    boolean present = found != null && !found.isMissingNode();
    return switch (op) {
      case EXISTS -> present;
      case NE -> !present || !equal(found, value);
      case EQ -> present && equal(found, value);
      case GT -> present && compare(found) > 0 && comparable(found);
      case GE -> present && compare(found) >= 0 && comparable(found);
      case LT -> present && compare(found) < 0 && comparable(found);
      case LE -> present && compare(found) <= 0 && comparable(found);
    };
  }

  private static boolean equal(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return Objects.equals(a, b);
  }

  private boolean comparable(JsonNode found) {
    return (found.isNumber() && value.isNumber()) || (found.isTextual() && value.isTextual());
  }

  private int compare(JsonNode found) {
    if (found.isNumber() && value.isNumber()) {
      return found.decimalValue().compareTo(value.decimalValue());
    }
    if (found.isTextual() && value.isTextual()) {
      return found.textValue().compareTo(value.textValue());
    }
    return 0;
  }
}
