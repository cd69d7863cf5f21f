package dev.ujm.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UjmConfigTest {

  @Test
  void nothing_set_gives_the_documented_defaults() {
    UjmConfig config = UjmConfig.from(Map.of());

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.bind()).isEqualTo("127.0.0.1");
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.store()).isEqualTo("sqlite");
    assertThat(config.redisUri()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.mongoUri()).isEqualTo("mongodb://127.0.0.1:27017");
    assertThat(config.mongoDb()).isEqualTo("ujm");
    assertThat(config.adminKey()).isNull();
    assertThat(config.workers()).isEqualTo(16);
    assertThat(config.workersPerQueue()).isEmpty();
    assertThat(config.lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.checkpoint()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.maxPayloadBytes()).isEqualTo(1_048_576);
    assertThat(config.syncWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.logLevel()).isEqualTo("INFO");
    assertThat(UjmConfig.defaults()).isEqualTo(config);
  }

  @Test
  void given_values_are_read() {
    UjmConfig config =
        UjmConfig.from(
            Map.of(
                "UJM_PORT", "9090",
                "UJM_BIND", "0.0.0.0",
                "UJM_DATA_DIR", "/var/lib/ujm",
                "UJM_STORE", "Redis-Mongo",
                "UJM_ADMIN_KEY", "secret",
                "UJM_WORKERS", "4",
                "UJM_LEASE_SECONDS", "60",
                "UJM_HEARTBEAT_SECONDS", "20",
                "UJM_RETENTION_DAYS", "0",
                "LOG_LEVEL", "debug"));

    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.bind()).isEqualTo("0.0.0.0");
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/ujm"));
    assertThat(config.store()).isEqualTo("redis-mongo");
    assertThat(config.adminKey()).isEqualTo("secret");
    assertThat(config.workers()).isEqualTo(4);
    assertThat(config.lease()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.retention()).isEqualTo(Duration.ZERO);
    assertThat(config.logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void blank_values_mean_the_default() {
    UjmConfig config = UjmConfig.from(Map.of("UJM_PORT", " ", "UJM_STORE", ""));

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.store()).isEqualTo("sqlite");
  }

  @Test
  void every_bad_value_is_reported_at_once() {
    Map<String, String> bad =
        Map.of(
            "UJM_PORT", "eighty",
            "UJM_STORE", "my store!",
            "UJM_WORKERS", "0",
            "UJM_LEASE_SECONDS", "-1",
            "UJM_MAX_PAYLOAD_BYTES", "12",
            "UJM_SYNC_WAIT_SECONDS", "1.5",
            "LOG_LEVEL", "LOUD");

    assertThatThrownBy(() -> UjmConfig.from(bad))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems()).hasSize(7);
              assertThat(String.join("\n", e.problems()))
                  .contains(
                      "UJM_PORT='eighty'",
                      "UJM_STORE='my store!'",
                      "UJM_WORKERS='0'",
                      "UJM_LEASE_SECONDS='-1'",
                      "UJM_MAX_PAYLOAD_BYTES='12'",
                      "UJM_SYNC_WAIT_SECONDS='1.5'",
                      "LOG_LEVEL='LOUD'");
              assertThat(e.getMessage()).contains("UJM_PORT", "LOG_LEVEL");
            });
  }

  @Test
  void the_retry_backoff_is_read_and_a_maximum_below_the_base_is_reported() {
    UjmConfig config =
        UjmConfig.from(Map.of("UJM_RETRY_BASE_SECONDS", "2", "UJM_RETRY_MAX_SECONDS", "90"));

    assertThat(config.retryBase()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.retryMax()).isEqualTo(Duration.ofSeconds(90));
    assertThat(UjmConfig.defaults().retryBase()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(
            () ->
                UjmConfig.from(
                    Map.of("UJM_RETRY_BASE_SECONDS", "60", "UJM_RETRY_MAX_SECONDS", "30")))
        .hasMessageContaining("UJM_RETRY_MAX_SECONDS='30' must be at least UJM_RETRY_BASE_SECONDS");
  }

  @Test
  void a_heartbeat_not_shorter_than_the_lease_is_reported() {
    assertThatThrownBy(
            () -> UjmConfig.from(Map.of("UJM_LEASE_SECONDS", "10", "UJM_HEARTBEAT_SECONDS", "10")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .contains("UJM_HEARTBEAT_SECONDS"));
  }

  @Test
  void a_queue_gets_its_own_pool_size_from_its_variable() {
    UjmConfig config =
        UjmConfig.from(
            Map.of("UJM_WORKERS", "8", "UJM_WORKERS_CRAWL", "4", "UJM_WORKERS_EMAIL", "0"));

    assertThat(config.workersPerQueue()).containsEntry("crawl", 4).containsEntry("email", 0);
    assertThat(config.workersFor("crawl")).isEqualTo(4);
    assertThat(config.workersFor("CRAWL")).isEqualTo(4);
    assertThat(config.workersFor("email")).isZero();
    assertThat(config.workersFor("report")).isEqualTo(8);
  }

  @Test
  void a_range_autoscales_a_queue_starting_at_its_floor_and_a_reversed_one_is_refused() {
    UjmConfig config = UjmConfig.from(Map.of("UJM_WORKERS_CRAWL", "2..16"));

    assertThat(config.workersFor("crawl")).isEqualTo(2);
    assertThat(config.autoscale()).containsEntry("crawl", new ScaleRange(2, 16)).hasSize(1);
    assertThatThrownBy(() -> UjmConfig.from(Map.of("UJM_WORKERS_CRAWL", "9..3")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems()).singleElement().asString().contains("min..max"));
  }

  @Test
  void a_bad_queue_pool_size_is_reported_with_the_others() {
    assertThatThrownBy(() -> UjmConfig.from(Map.of("UJM_WORKERS_CRAWL", "many", "UJM_PORT", "-1")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(2)
                    .anySatisfy(p -> assertThat(p).contains("UJM_WORKERS_CRAWL='many'"))
                    .anySatisfy(p -> assertThat(p).contains("UJM_PORT='-1'")));
  }

  @Test
  void every_ujm_value_is_kept_for_job_modules_and_nothing_else() {
    UjmConfig config =
        UjmConfig.from(
            Map.of("UJM_CRAWL_USER_AGENT", "ujm-bot", "HOME", "/home/alice", "UJM_PORT", "8081"));

    assertThat(config.settings())
        .containsEntry("UJM_CRAWL_USER_AGENT", "ujm-bot")
        .containsEntry("UJM_PORT", "8081");
    assertThat(config.settings()).doesNotContainKey("HOME");
  }

  @Test
  void every_setting_is_listed_for_the_readme() {
    assertThat(UjmConfig.SETTINGS)
        .extracting(UjmConfig.Setting::env)
        .contains("UJM_PORT", "UJM_WORKERS_<QUEUE>", "UJM_LEASE_SECONDS", "LOG_LEVEL")
        .doesNotHaveDuplicates();
  }
}
