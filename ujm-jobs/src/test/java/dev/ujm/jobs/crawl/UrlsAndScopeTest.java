package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlsAndScopeTest {
  private final UrlNormalizer normalizer = new UrlNormalizer();

  @Test
  void urls_are_compared_in_one_normal_form() {
    assertThat(normalizer.normalize("HTTP://Example.COM:80/a/../b/./c?z=1&a=2#frag"))
        .hasValue("http://example.com/b/c?a=2&z=1");
    assertThat(normalizer.resolve("http://example.com/dir/page", "../other#x"))
        .hasValue("http://example.com/other");
  }

  @Test
  void only_http_and_https_urls_are_crawlable() {
    assertThat(normalizer.normalize("mailto:someone@example.com")).isEmpty();
    assertThat(normalizer.normalize("javascript:void(0)")).isEmpty();
    assertThat(normalizer.normalize("ftp://example.com/file")).isEmpty();
    assertThat(normalizer.normalize("http://example.com/" + "a".repeat(3000))).isEmpty();
  }

  @Test
  void credentials_in_a_url_are_dropped() {
    assertThat(normalizer.normalize("http://user:secret@example.com/"))
        .hasValue("http://example.com/");
  }

  @Test
  void a_host_key_names_host_and_port_so_two_ports_are_two_hosts() {
    assertThat(UrlNormalizer.hostKey("http://example.com/a")).isEqualTo("example.com:80");
    assertThat(UrlNormalizer.hostKey("https://example.com/a")).isEqualTo("example.com:443");
    assertThat(UrlNormalizer.hostKey("http://127.0.0.1:8081/")).isEqualTo("127.0.0.1:8081");
    assertThat(UrlNormalizer.robotsUrl("https://example.com:8443/a/b?c"))
        .isEqualTo("https://example.com:8443/robots.txt");
  }

  @Test
  void same_domain_means_the_same_registered_domain() {
    CrawlScope scope = new CrawlScope("https://www.bbc.co.uk/news", true, List.of(), List.of());

    assertThat(scope.allows("https://sport.bbc.co.uk/")).isTrue();
    assertThat(scope.allows("http://bbc.co.uk/")).isTrue();
    assertThat(scope.allows("https://www.cnn.com/")).isFalse();
    assertThat(scope.allows("https://bbc.co.uk.evil.example/")).isFalse();
  }

  @Test
  void an_ip_address_is_its_own_domain() {
    CrawlScope scope = new CrawlScope("http://127.0.0.1:8080/", true, List.of(), List.of());

    assertThat(scope.allows("http://127.0.0.1:9090/x")).isTrue();
    assertThat(scope.allows("http://127.0.0.2:8080/")).isFalse();
  }

  @Test
  void a_pathological_pattern_counts_as_not_matching_instead_of_hanging_the_crawl() {
    CrawlScope scope = new CrawlScope("http://a.example/", true, List.of("(a+)+$"), List.of());

    assertThat(scope.allows("http://a.example/" + "a".repeat(60) + "!")).isFalse();
  }
}
