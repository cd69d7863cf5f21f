package dev.ujm.server.http;

import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobQuery;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads and checks query parameters; a bad one is a 400 problem naming it. Every parameter is read
 * through {@link #text}, so none with a control character goes further. Stateless.
 */
public final class QueryParams {
  /** Page size when {@code limit} is not given. */
  public static final int DEFAULT_LIMIT = 50;

  /** Longest value of a free-text parameter ({@code type}, {@code queue}, {@code tag}, …). */
  public static final int MAX_TEXT = 200;

  private QueryParams() {}

  /**
   * The job filters of the list endpoints: {@code state} (one or several, comma separated), {@code
   * type}, {@code queue}, {@code tag}, {@code createdFrom}, {@code createdBefore} (within {@link
   * dev.ujm.core.model.TimeBounds} of {@code now}), {@code limit}, {@code cursor}.
   */
  public static JobQuery jobQuery(Context ctx, Instant now) {
    return new JobQuery(
        states(text(ctx, "state")),
        text(ctx, "type"),
        text(ctx, "queue"),
        null,
        null,
        text(ctx, "tag"),
        Inputs.instant("createdFrom", text(ctx, "createdFrom"), now),
        Inputs.instant("createdBefore", text(ctx, "createdBefore"), now),
        text(ctx, "cursor"),
        limit(ctx, DEFAULT_LIMIT));
  }

  /**
   * A parameter's value, trimmed; null when absent or blank.
   *
   * @throws ProblemException 400 for a control character or more than {@link #MAX_TEXT} characters
   */
  public static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return null;
    }
    if (Inputs.hasControlCharacter(value)) {
      throw ProblemException.invalid(name, name + " must not contain control characters");
    }
    if (value.isBlank()) {
      return null;
    }
    return Inputs.text(name, value.trim(), name.equals("ids") ? Integer.MAX_VALUE : MAX_TEXT);
  }

  /** {@code limit}: 1 to 1000. */
  public static int limit(Context ctx, int fallback) {
    return intIn(ctx, "limit", fallback, 1, 1000);
  }

  /** A whole-number parameter within bounds. */
  public static int intIn(Context ctx, String name, int fallback, int min, int max) {
    String value = text(ctx, name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ProblemException.invalid(
        name, name + " must be a whole number from " + min + " to " + max);
  }

  /** One state or several, comma separated; empty for any. */
  public static Set<JobState> states(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    Set<JobState> states = EnumSet.noneOf(JobState.class);
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        states.add(state("state", part.trim()));
      }
    }
    return states;
  }

  /** One state by its wire name. */
  public static JobState state(String field, String value) {
    try {
      return JobState.parse(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(
          field,
          field
              + " must be one of scheduled, waiting, queued, processing, completed, failed,"
              + " cancelled");
    }
  }

  public static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
