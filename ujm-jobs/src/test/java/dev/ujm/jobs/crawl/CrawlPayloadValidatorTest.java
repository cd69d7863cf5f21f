package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobEnvironment;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrawlPayloadValidatorTest {
  private final CrawlPayloadValidator validator =
      new CrawlPayloadValidator(CrawlSettings.defaults());

  @Test
  void a_payload_with_only_a_url_gets_the_documented_defaults_and_passes() {
    CrawlPayload payload = CrawlPayload.of("https://example.com/");

    assertThat(payload.maxPages()).isEqualTo(100);
    assertThat(payload.maxDepth()).isEqualTo(3);
    assertThat(payload.sameDomain()).isTrue();
    assertThat(payload.respectRobots()).isTrue();
    assertThat(payload.includePatterns()).isEmpty();
    assertThatCode(() -> validator.validate(payload)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "example.com",
        "ftp://example.com/",
        "file:///etc/passwd",
        "http:///nohost",
        "http://exa mple.com/"
      })
  void a_seed_that_is_not_an_absolute_http_url_is_refused_on_the_url_field(String url) {
    assertThatThrownBy(() -> validator.validate(CrawlPayload.of(url)))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("url"));
  }

  @Test
  void a_missing_url_is_refused() {
    assertThatThrownBy(() -> validator.validate(CrawlPayload.of(null)))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class,
            e -> assertThat(e.getMessage()).isEqualTo("url is required"));
  }

  @Test
  void limits_outside_the_configured_range_are_refused_with_their_field() {
    assertThatThrownBy(
            () -> validator.validate(CrawlPayload.of("http://a.example/").withMaxPages(0)))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("maxPages"));
    assertThatThrownBy(
            () -> validator.validate(CrawlPayload.of("http://a.example/").withMaxPages(10_001)))
        .hasMessageContaining("maxPages must be 1 to 10000");
    assertThatThrownBy(
            () -> validator.validate(CrawlPayload.of("http://a.example/").withMaxDepth(-1)))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("maxDepth"));
  }

  @Test
  void every_problem_is_reported_at_once_and_the_first_names_the_field() {
    CrawlPayload bad =
        CrawlPayload.of("nope").withMaxPages(0).withPatterns(List.of("(unclosed"), List.of());

    assertThatThrownBy(() -> validator.validate(bad))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class,
            e -> {
              assertThat(e.field()).isEqualTo("url");
              assertThat(e.getMessage())
                  .contains("url must be", "maxPages must be", "includePatterns has an invalid");
            });
  }

  @Test
  void a_user_agent_that_could_inject_headers_is_refused() {
    assertThatThrownBy(
            () ->
                validator.validate(
                    CrawlPayload.of("http://a.example/").withUserAgent("bot\r\nX-Evil: 1")))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("userAgent"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://127.0.0.1:8080/admin",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.5/",
        "http://192.168.1.1/",
        "http://[fe80::1]:8080/",
        "http://0.0.0.0/",
        "http://100.64.1.1/",
        "http://[::ffff:127.0.0.1]/"
      })
  void a_seed_naming_an_internal_ip_address_is_refused_on_the_url_field_by_default(String url) {
    assertThatThrownBy(() -> validator.validate(CrawlPayload.of(url)))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class,
            e -> {
              assertThat(e.field()).isEqualTo("url");
              assertThat(e.getMessage())
                  .contains("internal address", "UJM_CRAWL_ALLOW_PRIVATE_NETWORKS");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://93.184.216.34/",
        "http://[2606:4700:4700::1111]/",
        "http://localhost:8080/"
      })
  void public_ip_addresses_pass_and_host_names_are_left_to_the_check_at_connection_time(
      String url) {
    assertThatCode(() -> validator.validate(CrawlPayload.of(url))).doesNotThrowAnyException();
  }

  @Test
  void internal_ip_addresses_pass_when_private_networks_are_allowed() {
    CrawlSettings open =
        CrawlSettings.from(
            new JobEnvironment(
                InstantSource.system(), Map.of("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true")));
    CrawlPayloadValidator lenient = new CrawlPayloadValidator(open);

    assertThatCode(() -> lenient.validate(CrawlPayload.of("http://127.0.0.1:8080/")))
        .doesNotThrowAnyException();
    assertThatCode(() -> lenient.validate(CrawlPayload.of("http://[::1]/")))
        .doesNotThrowAnyException();
  }
}
