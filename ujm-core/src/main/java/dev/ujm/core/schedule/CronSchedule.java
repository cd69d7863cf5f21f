package dev.ujm.core.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.InvalidJobException.Reason;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A cron expression in a time zone, and the instants it fires at. Five fields ({@code minute hour
 * day-of-month month day-of-week}, as crontab(5)), six with a leading seconds field, or a macro
 * ({@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code
 * @midnight}, {@code @hourly}).
 *
 * <p>The expression is matched against the wall clock of the zone, and each wall-clock time fires
 * at most once:
 *
 * <ul>
 *   <li>a wall-clock time that does not exist (inside the gap of a spring-forward day) fires once,
 *       at the first valid instant after the gap (the transition itself); several such times
 *       collapse into that one fire;
 *   <li>a wall-clock time that exists twice (the repeated hour of a fall-back day) fires once, at
 *       its first occurrence; nothing fires during the repetition.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class CronSchedule {
  private static final CronParser FIVE_FIELDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser SIX_FIELDS = new CronParser(withSeconds());
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  /** How far ahead {@link #next} looks before it says the expression never fires again. */
  private static final int MAX_SKIPPED = 10_000;

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;

  private CronSchedule(String expression, ZoneId zone, ExecutionTime times) {
    this.expression = expression;
    this.zone = zone;
    this.times = times;
  }

  /**
   * Parses an expression in a zone.
   *
   * @param timeZone an IANA zone id; null for UTC
   * @throws InvalidJobException naming {@code cron} or {@code timeZone}
   */
  public static CronSchedule parse(String cron, String timeZone) {
    ZoneId zone;
    try {
      zone = timeZone == null || timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timeZone.trim());
    } catch (DateTimeException e) {
      throw new InvalidJobException(
          Reason.INVALID_OPTION,
          "timeZone",
          "timeZone must be an IANA time zone such as Europe/Berlin or America/New_York, not '"
              + timeZone
              + "'");
    }
    if (cron == null || cron.isBlank()) {
      throw invalidCron(cron, "cron is required");
    }
    String text = cron.trim().replaceAll("\\s+", " ");
    String expanded = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    if (expanded.startsWith("@")) {
      throw invalidCron(cron, "unknown macro; use @yearly, @monthly, @weekly, @daily or @hourly");
    }
    int fields = expanded.split(" ").length;
    if (fields != 5 && fields != 6) {
      throw invalidCron(
          cron, "five fields (minute hour day month weekday), or six with seconds first");
    }
    ExecutionTime times;
    try {
      times = ExecutionTime.forCron((fields == 5 ? FIVE_FIELDS : SIX_FIELDS).parse(expanded));
    } catch (RuntimeException e) {
      throw invalidCron(cron, e.getMessage());
    }
    CronSchedule schedule = new CronSchedule(text, zone, times);
    if (schedule.next(Instant.parse("2000-01-01T00:00:00Z")).isEmpty()) {
      throw invalidCron(cron, "it never fires");
    }
    return schedule;
  }

  private static InvalidJobException invalidCron(String cron, String why) {
    return new InvalidJobException(
        Reason.INVALID_OPTION, "cron", "cron '" + cron + "' is not valid: " + why);
  }

  private static CronDefinition withSeconds() {
    return CronDefinitionBuilder.defineCron()
        .withSeconds()
        .withValidRange(0, 59)
        .and()
        .withMinutes()
        .withValidRange(0, 59)
        .and()
        .withHours()
        .withValidRange(0, 23)
        .and()
        .withDayOfMonth()
        .withValidRange(1, 31)
        .supportsL()
        .supportsW()
        .supportsQuestionMark()
        .and()
        .withMonth()
        .withValidRange(1, 12)
        .and()
        .withDayOfWeek()
        .withValidRange(0, 7)
        .withMondayDoWValue(1)
        .withIntMapping(7, 0)
        .supportsHash()
        .supportsL()
        .supportsQuestionMark()
        .and()
        .instance();
  }

  public ZoneId zone() {
    return zone;
  }

  public String expression() {
    return expression;
  }

  /** The first fire strictly after {@code after}; empty when it never fires again. */
  public Optional<Instant> next(Instant after) {
    LocalDateTime wall = after.atZone(zone).toLocalDateTime();
    for (int i = 0; i < MAX_SKIPPED; i++) {
      Optional<ZonedDateTime> match = times.nextExecution(wall.atZone(ZoneOffset.UTC));
      if (match.isEmpty()) {
        return Optional.empty();
      }
      wall = match.get().toLocalDateTime();
      Instant fire = instantOf(wall);
      if (fire.isAfter(after)) {
        return Optional.of(fire);
      }
      // a time in the repeated hour already passed, or a gap time that collapsed into an earlier
      // fire: look at the next one
    }
    return Optional.empty();
  }

  /** Up to {@code count} fires after {@code after}. */
  public List<Instant> nextFires(Instant after, int count) {
    List<Instant> fires = new ArrayList<>(count);
    Instant at = after;
    while (fires.size() < count) {
      Optional<Instant> next = next(at);
      if (next.isEmpty()) {
        break;
      }
      fires.add(next.get());
      at = next.get();
    }
    return fires;
  }

  /**
   * The instant a wall-clock time fires at: the first valid instant for a gap, the earlier one for
   * an overlap.
   */
  private Instant instantOf(LocalDateTime wall) {
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(wall);
    if (offsets.isEmpty()) {
      ZoneOffsetTransition gap = zone.getRules().getTransition(wall);
      return gap.getInstant();
    }
    return wall.atOffset(offsets.get(0)).toInstant();
  }
}
