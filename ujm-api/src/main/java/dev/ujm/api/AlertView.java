package dev.ujm.api;

/**
 * One alert rule and its state, in {@code GET /api/v2/alerts} and in {@code alert.*} webhook
 * deliveries.
 *
 * @param name the rule's name ({@code UJM_ALERT_<NAME>}, lower-cased)
 * @param rule the rule as configured
 * @param state {@code firing} or {@code resolved}
 * @param since when it last began or stopped firing (ISO-8601); null when it never fired
 * @param detail why it fires (or, once resolved, why it fired); null when it never fired
 */
public record AlertView(String name, String rule, String state, String since, String detail) {}
