package dev.ujm.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.config.ConfigException;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobTypeRegistry;
import dev.ujm.core.model.InvalidJobException;
import dev.ujm.core.model.Json;
import dev.ujm.core.model.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInJobsTest {
  private final JobEnvironment env =
      new JobEnvironment(InstantSource.system(), Map.of("UJM_CRAWL_MAX_PAGES", "500"));

  @Test
  void the_module_is_found_on_the_class_path_and_provides_crawl() {
    JobTypeRegistry registry = new JobTypeRegistry().loadModules(env);

    assertThat(registry.typeNames()).contains("crawl");
    assertThat(registry.find("crawl").orElseThrow().defaultTimeout())
        .isEqualTo(Duration.ofHours(4));
  }

  @Test
  void a_bad_crawl_payload_is_refused_at_submit_naming_the_field() {
    JobTypeRegistry registry =
        new JobTypeRegistry().register(new BuiltInJobs().definitions(env).get(0));

    assertThatThrownBy(
            () ->
                registry.validate(
                    crawl("{\"url\":\"http://a.example/\",\"maxPages\":501}"), Instant.EPOCH))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("payload.maxPages"));
    assertThatThrownBy(
            () ->
                registry.validate(
                    crawl("{\"url\":\"http://a.example/\",\"colour\":\"red\"}"), Instant.EPOCH))
        .isInstanceOfSatisfying(
            InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("payload.colour"));
    assertThat(
            registry
                .validate(crawl("{\"url\":\"http://a.example/\"}"), Instant.EPOCH)
                .timeoutSeconds())
        .isEqualTo(14_400);
  }

  @Test
  void bad_crawl_settings_stop_the_module_with_every_problem_named() {
    JobEnvironment bad =
        new JobEnvironment(
            InstantSource.system(),
            Map.of("UJM_CRAWL_MAX_PAGES", "lots", "UJM_CRAWL_DEFAULT_DELAY_MS", "-1"));

    assertThatThrownBy(() -> new BuiltInJobs().definitions(bad))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  private static NewJob crawl(String payload) {
    try {
      JsonNode json = Json.mapper().readTree(payload);
      return NewJob.ofType("crawl").payload(json).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
