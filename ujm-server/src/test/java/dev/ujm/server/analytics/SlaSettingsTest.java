package dev.ujm.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.analytics.MetricsRetention;
import dev.ujm.core.config.ConfigException;
import dev.ujm.core.store.StoreStats;
import dev.ujm.server.alert.AlertInputs;
import dev.ujm.server.alert.AlertRule;
import dev.ujm.server.alert.AlertRules;
import dev.ujm.server.alert.OutcomeWindow;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SLA grammar, the retention settings and the {@code sla} alert rule, as read at start. */
class SlaSettingsTest {
  @Test
  void an_objective_reads_a_percent_and_a_time_and_prints_itself_back() {
    SlaObjective email = SlaObjective.parse("email", "99.5% within 2m");
    assertThat(email.percent()).isEqualTo(99.5);
    assertThat(email.within()).isEqualTo(Duration.ofMinutes(2));
    assertThat(email.text()).isEqualTo("99.5% within 2m");
    assertThat(SlaObjective.parse("x", " 90 % WITHIN 250ms ").text()).isEqualTo("90% within 250ms");
    assertThat(SlaObjective.parse("x", "99% within 60s").text()).isEqualTo("99% within 60s");
  }

  @Test
  void every_bad_objective_is_refused_with_one_sentence_naming_its_setting() {
    assertThatThrownBy(
            () ->
                AnalyticsSettings.from(
                    Map.of(
                        "UJM_SLA_EMAIL", "99 within 60s",
                        "UJM_SLA_SEND_REPORT", "100% within 1s",
                        "UJM_SLA_CRAWL", "50% within 2d")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "UJM_SLA_CRAWL='50% within 2d': write the objective as \"<percent>% within"
                            + " <time>\", for example \"99% within 60s\" (time in ms, s, m or h)",
                        "UJM_SLA_EMAIL='99 within 60s': write the objective as \"<percent>%"
                            + " within <time>\", for example \"99% within 60s\" (time in ms, s, m"
                            + " or h)",
                        "UJM_SLA_SEND_REPORT='100% within 1s': the percent must be above 0 and"
                            + " below 100"));
  }

  @Test
  void settings_name_types_in_upper_case_with_underscores_and_retention_has_defaults() {
    AnalyticsSettings settings =
        AnalyticsSettings.from(
            Map.of(
                "UJM_SLA_SEND_REPORT",
                "95% within 10s",
                "UJM_METRICS_MINUTE_RETENTION_HOURS",
                "6"));
    assertThat(settings.objectives()).containsOnlyKeys("send-report");
    assertThat(settings.retention())
        .isEqualTo(new MetricsRetention(Duration.ofHours(6), Duration.ofDays(90), Duration.ZERO));
    assertThat(settings.slaWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(AnalyticsSettings.settingOf("send-report")).isEqualTo("UJM_SLA_SEND_REPORT");
  }

  @Test
  void an_sla_alert_rule_needs_its_types_objective() {
    assertThat(
            AlertRules.from(
                Map.of(
                    "UJM_SLA_EMAIL", "99% within 60s",
                    "UJM_ALERT_EMAIL_SLOW", "sla type=email window=600 min=5")))
        .singleElement()
        .isEqualTo(
            new AlertRule.SlaBelowObjective(
                "email_slow",
                SlaObjective.parse("email", "99% within 60s"),
                Duration.ofMinutes(10),
                5));
    assertThatThrownBy(() -> AlertRules.from(Map.of("UJM_ALERT_EMAIL_SLOW", "sla type=email")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "UJM_ALERT_EMAIL_SLOW='sla type=email': type email has no objective: set"
                            + " UJM_SLA_EMAIL"));
  }

  @Test
  void an_sla_rule_fires_below_its_objective_once_enough_jobs_ended() {
    SlaObjective email = SlaObjective.parse("email", "99% within 60s");
    Duration hour = Duration.ofHours(1);
    var rule = new AlertRule.SlaBelowObjective("email_slow", email, hour, 5);

    assertThat(rule.breach(inputs(new SlaAttainment(email, hour, 10, 9, 0.9, false))))
        .hasValue("9 of 10 email jobs ended in the last 3600 s met 99% within 60s (90.0 %)");
    assertThat(rule.breach(inputs(new SlaAttainment(email, hour, 4, 3, 0.75, false))))
        .as("fewer than min ended")
        .isEmpty();
    assertThat(rule.breach(inputs(new SlaAttainment(email, hour, 100, 99, 0.99, true)))).isEmpty();
  }

  private static AlertInputs inputs(SlaAttainment attainment) {
    return new AlertInputs() {
      @Override
      public StoreStats stats() {
        return new StoreStats(java.util.List.of());
      }

      @Override
      public java.util.Set<String> servedQueues() {
        return java.util.Set.of();
      }

      @Override
      public OutcomeWindow outcomes() {
        throw new AssertionError("an sla rule reads the job metrics only");
      }

      @Override
      public java.util.Optional<SlaAttainment> sla(SlaObjective objective, Duration window) {
        return java.util.Optional.of(attainment);
      }
    };
  }
}
