package dev.ujm.server.alert;

import dev.ujm.core.config.ConfigException;
import dev.ujm.server.analytics.AnalyticsSettings;
import dev.ujm.server.analytics.SlaObjective;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the alert rules of the configuration: one setting per rule, {@code UJM_ALERT_<NAME>}, whose
 * value is a kind and its {@code key=value} arguments (durations in seconds):
 *
 * <pre>
 * UJM_ALERT_CRAWLS_FAILING="failure-rate type=crawl above=0.2 window=600 min=10"
 * UJM_ALERT_EMAIL_BACKLOG="queue-age queue=email over=300"
 * UJM_ALERT_REPORTS_DEAD="dead-letter-growth queue=report count=5 window=3600"
 * UJM_ALERT_NO_CRAWLER="no-worker queue=crawl"
 * UJM_ALERT_EMAIL_SLOW="sla type=email window=3600 min=10"   (with UJM_SLA_EMAIL="99% within 60s")
 * </pre>
 */
public final class AlertRules {
  static final String PREFIX = "UJM_ALERT_";

  private AlertRules() {}

  /**
   * The rules in the settings, sorted by name.
   *
   * @throws ConfigException one sentence per rule that does not read
   */
  public static List<AlertRule> from(Map<String, String> settings) {
    List<AlertRule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    new TreeMap<>(settings)
        .forEach(
            (key, value) -> {
              if (!key.startsWith(PREFIX) || key.length() == PREFIX.length()) {
                return;
              }
              String name = key.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
              try {
                rules.add(parse(name, value == null ? "" : value.trim(), settings));
              } catch (IllegalArgumentException e) {
                problems.add(key + "='" + value + "': " + e.getMessage());
              }
            });
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return List.copyOf(rules);
  }

  /** The longest window the rules look back over (one minute when none does). */
  public static Duration longestWindow(List<AlertRule> rules) {
    Duration longest = Duration.ofMinutes(1);
    for (AlertRule rule : rules) {
      Duration window =
          switch (rule) {
            case AlertRule.FailureRate r -> r.window();
            case AlertRule.DeadLetterGrowth r -> r.window();
            case AlertRule.QueueAge r -> Duration.ZERO;
            case AlertRule.NoLiveWorker r -> Duration.ZERO;
            case AlertRule.SlaBelowObjective r -> Duration.ZERO; // read from the job metrics
          };
      longest = window.compareTo(longest) > 0 ? window : longest;
    }
    return longest;
  }

  private static AlertRule parse(String name, String value, Map<String, String> settings) {
    String[] words = value.split("\\s+");
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + words[i] + "' is not key=value");
      }
      args.put(words[i].substring(0, eq), words[i].substring(eq + 1));
    }
    AlertRule rule =
        switch (words[0]) {
          case "failure-rate" ->
              new AlertRule.FailureRate(
                  name,
                  required(args, "type"),
                  ratio(args, "above"),
                  seconds(args, "window", "600"),
                  (int) number(args, "min", "1"));
          case "queue-age" ->
              new AlertRule.QueueAge(name, required(args, "queue"), seconds(args, "over", null));
          case "dead-letter-growth" ->
              new AlertRule.DeadLetterGrowth(
                  name,
                  required(args, "queue"),
                  (int) number(args, "count", "1"),
                  seconds(args, "window", "3600"));
          case "no-worker" -> new AlertRule.NoLiveWorker(name, required(args, "queue"));
          case "sla" ->
              new AlertRule.SlaBelowObjective(
                  name,
                  objective(required(args, "type"), settings),
                  seconds(args, "window", "3600"),
                  (int) number(args, "min", "1"));
          default ->
              throw new IllegalArgumentException(
                  "the kind is one of failure-rate, queue-age, dead-letter-growth, no-worker, sla");
        };
    if (!args.isEmpty()) {
      throw new IllegalArgumentException("unknown arguments " + args.keySet());
    }
    return rule;
  }

  /** The objective of the type an {@code sla} rule names, which must have one. */
  private static SlaObjective objective(String type, Map<String, String> settings) {
    String setting = AnalyticsSettings.settingOf(type);
    String objective = settings.get(setting);
    if (objective == null) {
      throw new IllegalArgumentException("type " + type + " has no objective: set " + setting);
    }
    return SlaObjective.parse(type, objective);
  }

  private static String required(Map<String, String> args, String key) {
    String value = args.remove(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(key + "= is required");
    }
    return value;
  }

  private static double ratio(Map<String, String> args, String key) {
    double value = Double.parseDouble(required(args, key));
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(key + " is a share from 0 to below 1, like 0.2");
    }
    return value;
  }

  private static long number(Map<String, String> args, String key, String otherwise) {
    String text = args.containsKey(key) ? required(args, key) : otherwise;
    if (text == null) {
      throw new IllegalArgumentException(key + "= is required");
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number");
    }
    if (value < 1 || value > 7 * 86_400) {
      throw new IllegalArgumentException(key + " must be from 1 to 604800");
    }
    return value;
  }

  private static Duration seconds(Map<String, String> args, String key, String otherwise) {
    return Duration.ofSeconds(number(args, key, otherwise));
  }
}
