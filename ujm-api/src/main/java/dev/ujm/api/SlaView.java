package dev.ujm.api;

/**
 * One job type's SLA attainment over a window.
 *
 * @param objective as configured, for example {@code 99% within 60s}
 * @param ended jobs that ended completed or dead-lettered in the window
 * @param withinObjective those that completed within the objective's time of their submit
 * @param attainment withinObjective / ended, 0 to 1; null when none ended
 * @param met whether the attainment reaches the objective (true when none ended)
 */
public record SlaView(
    String type,
    String objective,
    double targetPercent,
    long withinMs,
    long ended,
    long withinObjective,
    Double attainment,
    boolean met) {}
