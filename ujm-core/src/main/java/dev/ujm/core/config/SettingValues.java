package dev.ujm.core.config;

import java.util.List;
import java.util.Map;

/**
 * Reads one setting of a {@code UJM_*} map for the settings classes of features (tenant quota
 * defaults, rate limits, the access audit), each of which collects every bad value before it throws
 * one {@link ConfigException}. Stateless.
 */
public final class SettingValues {
  private SettingValues() {}

  /**
   * A whole number from {@code min} to {@code max}; {@code fallback} when unset (null: no value). A
   * bad value adds a sentence to {@code errors} and gives the fallback.
   */
  public static Long whole(
      Map<String, String> settings,
      String name,
      Long fallback,
      long min,
      long max,
      List<String> errors) {
    String v = settings.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(name + "='" + v + "' must be a whole number from " + min + " to " + max);
    return fallback;
  }

  /** A number from 0 to 1; as {@link #whole} otherwise. */
  public static double fraction(
      Map<String, String> settings, String name, double fallback, List<String> errors) {
    String v = settings.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      double n = Double.parseDouble(v.trim());
      if (n >= 0 && n <= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(name + "='" + v + "' must be a number from 0 to 1");
    return fallback;
  }

  /**
   * A positive number no larger than {@code max} (a decimal is fine); {@code fallback} when unset.
   * A bad value adds a sentence to {@code errors} and gives the fallback.
   */
  public static double positive(
      Map<String, String> settings, String name, double fallback, double max, List<String> errors) {
    String v = settings.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      double n = Double.parseDouble(v.trim());
      if (n > 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(name + "='" + v + "' must be a positive number up to " + (long) max);
    return fallback;
  }
}
