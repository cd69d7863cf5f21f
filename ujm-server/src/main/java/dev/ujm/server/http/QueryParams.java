package dev.ujm.server.http;

import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobQuery;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

/** Reads and checks query parameters; a bad one is a 400 problem naming it. Stateless. */
public final class QueryParams {
  /** Page size when {@code limit} is not given. */
  public static final int DEFAULT_LIMIT = 50;

  private QueryParams() {}

  /**
   * The job filters of the list endpoints: {@code state} (one or several, comma separated), {@code
   * type}, {@code queue}, {@code tag}, {@code createdFrom}, {@code createdBefore}, {@code limit},
   * {@code cursor}.
   */
  public static JobQuery jobQuery(Context ctx) {
    return new JobQuery(
        states(ctx.queryParam("state")),
        blankToNull(ctx.queryParam("type")),
        blankToNull(ctx.queryParam("queue")),
        null,
        null,
        blankToNull(ctx.queryParam("tag")),
        instant("createdFrom", ctx.queryParam("createdFrom")),
        instant("createdBefore", ctx.queryParam("createdBefore")),
        blankToNull(ctx.queryParam("cursor")),
        limit(ctx, DEFAULT_LIMIT));
  }

  /** {@code limit}: 1 to 1000. */
  public static int limit(Context ctx, int fallback) {
    return intIn(ctx, "limit", fallback, 1, 1000);
  }

  /** A whole-number parameter within bounds. */
  public static int intIn(Context ctx, String name, int fallback, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ProblemException.invalid(
        name,
        name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
  }

  /** One state or several, comma separated; empty for any. */
  public static Set<JobState> states(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    Set<JobState> states = EnumSet.noneOf(JobState.class);
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        states.add(state("state", part));
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
              + " must be one of scheduled, waiting, queued, processing, completed, failed, cancelled, not '"
              + value
              + "'");
    }
  }

  /** An ISO-8601 instant ({@code 2026-01-01T10:00:00Z}, or with an offset), or null when absent. */
  public static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value.trim()).toInstant();
      } catch (DateTimeParseException again) {
        throw ProblemException.invalid(
            field,
            field
                + " must be an ISO-8601 instant such as 2026-01-01T10:00:00Z, not '"
                + value
                + "'");
      }
    }
  }

  public static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
