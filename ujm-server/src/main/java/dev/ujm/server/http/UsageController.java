package dev.ujm.server.http;

import dev.ujm.api.UsageResponse;
import dev.ujm.api.UsageView;
import dev.ujm.core.tenant.Usage;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code GET /api/v2/usage?tenant=&from=&to=}: a tenant's metered usage per UTC day and job type,
 * as JSON or, for {@code Accept: text/csv}, as CSV with a header row (one line per day and type,
 * the tenant in the first column, for billing systems to load as they are). {@code from} and {@code
 * to} are ISO dates, both included; {@code to} defaults to today, {@code from} to {@code to}; at
 * most {@value #MAX_DAYS} days at once. Thread-safe.
 */
public final class UsageController {
  /** The longest span one request may ask for. */
  static final int MAX_DAYS = 366;

  static final String[] CSV_HEADER = {
    "tenant",
    "day",
    "type",
    "submitted",
    "attempts",
    "completed",
    "failed",
    "runningSeconds",
    "costUnits",
    "resultBytes"
  };

  private final Backend backend;
  private final InstantSource clock;

  public UsageController(Backend backend, InstantSource clock) {
    this.backend = backend;
    this.clock = clock;
  }

  public void usage(Context ctx, Caller caller) {
    LocalDate to =
        date("to", ctx.queryParam("to"), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    LocalDate from = date("from", ctx.queryParam("from"), to);
    if (from.isAfter(to)) {
      throw ProblemException.invalid("from", "from must not be after to");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw ProblemException.invalid("from", "at most " + MAX_DAYS + " days at once");
    }
    String tenant = tenantOf(caller);
    List<Usage> rows = backend.engine().tenants().usage(tenant, from, to);
    if (wantsCsv(ctx)) {
      ctx.status(200).contentType("text/csv; charset=utf-8").result(csv(tenant, rows));
      return;
    }
    HttpExchange.json(
        ctx,
        200,
        new UsageResponse(tenant, from, to, rows.stream().map(UsageController::view).toList()));
  }

  /**
   * Whose usage this caller reads: the route admits admin keys only, and {@link Caller#of} lets an
   * admin name a tenant with {@code ?tenant=}. The one place to change when the rule of who may
   * read which tenant's usage changes.
   */
  private static String tenantOf(Caller caller) {
    return caller.tenant();
  }

  private static LocalDate date(String field, String value, LocalDate absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeException e) {
      throw ProblemException.invalid(field, field + " must be an ISO date such as 2026-03-01");
    }
  }

  private static boolean wantsCsv(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
  }

  private static String csv(String tenant, List<Usage> rows) {
    StringWriter out = new StringWriter();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get();
    try (CSVPrinter printer = new CSVPrinter(out, format)) {
      for (Usage u : rows) {
        printer.printRecord(
            tenant,
            u.day(),
            u.type(),
            u.submitted(),
            u.attempts(),
            u.completed(),
            u.failed(),
            u.runningSeconds(),
            u.costUnits(),
            u.resultBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static UsageView view(Usage u) {
    return new UsageView(
        u.day(),
        u.type(),
        u.submitted(),
        u.attempts(),
        u.completed(),
        u.failed(),
        u.runningSeconds(),
        u.costUnits(),
        u.resultBytes());
  }
}
