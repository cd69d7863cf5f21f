package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ujm.core.handler.JobEnvironment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressGuardTest {
  private final List<String> lookups = new ArrayList<>();

  private AddressGuard strictWith(Map<String, List<String>> dns) {
    return new AddressGuard(
        AddressGuard.PUBLIC_ONLY,
        host -> {
          lookups.add(host);
          List<String> addresses = dns.get(host);
          if (addresses == null) {
            throw new UnknownHostException(host);
          }
          InetAddress[] resolved = new InetAddress[addresses.size()];
          for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InternalAddresses.literal(addresses.get(i)).orElseThrow();
          }
          return resolved;
        });
  }

  @Test
  void a_host_resolving_only_to_public_addresses_is_allowed() {
    AddressGuard guard =
        strictWith(Map.of("example.com", List.of("93.184.216.34", "2606:2800:220:1::1")));

    assertThat(guard.check("https://example.com/a").decision())
        .isEqualTo(AddressGuard.Decision.ALLOWED);
    assertThat(lookups).containsExactly("example.com");
  }

  @Test
  void a_host_with_any_internal_address_among_its_public_ones_is_refused_naming_host_and_address() {
    AddressGuard guard =
        strictWith(Map.of("tricky.example", List.of("93.184.216.34", "169.254.169.254")));

    AddressGuard.Verdict verdict = guard.check("http://tricky.example:8080/");

    assertThat(verdict.refused()).isTrue();
    assertThat(verdict.detail()).contains("tricky.example", "169.254.169.254");
  }

  @Test
  void literal_internal_addresses_are_refused_too() {
    AddressGuard guard =
        strictWith(Map.of("127.0.0.1", List.of("127.0.0.1"), "::1", List.of("::1")));

    assertThat(guard.check("http://127.0.0.1:9/").refused()).isTrue();
    assertThat(guard.check("http://[::1]/").refused()).isTrue();
    assertThat(lookups).containsExactly("127.0.0.1", "::1");
  }

  @Test
  void a_host_that_does_not_resolve_is_unresolved_rather_than_refused() {
    AddressGuard.Verdict verdict = strictWith(Map.of()).check("http://nowhere.invalid/");

    assertThat(verdict.decision()).isEqualTo(AddressGuard.Decision.UNRESOLVED);
    assertThat(verdict.refused()).isFalse();
  }

  @Test
  void the_policy_sees_the_port_of_the_url_with_the_scheme_default() {
    List<Integer> ports = new ArrayList<>();
    AddressGuard guard =
        new AddressGuard(
            e -> ports.add(e.getPort()),
            host -> new InetAddress[] {InetAddress.getLoopbackAddress()});

    guard.check("http://a.example/");
    guard.check("https://a.example/");
    guard.check("http://a.example:8081/");

    assertThat(ports).containsExactly(80, 443, 8081);
  }

  @Test
  void the_guard_follows_the_setting_and_the_permissive_one_never_resolves() {
    CrawlSettings strict = CrawlSettings.defaults();
    CrawlSettings open =
        CrawlSettings.from(
            new JobEnvironment(
                InstantSource.system(), Map.of("UJM_CRAWL_ALLOW_PRIVATE_NETWORKS", "true")));

    assertThat(strict.allowPrivateNetworks()).isFalse();
    assertThat(AddressGuard.of(strict).check("http://127.0.0.1/").refused()).isTrue();
    assertThat(AddressGuard.of(open).check("http://127.0.0.1/").decision())
        .isEqualTo(AddressGuard.Decision.ALLOWED);
    assertThat(AddressGuard.permissive().check("http://nowhere.invalid/").decision())
        .isEqualTo(AddressGuard.Decision.ALLOWED);
  }
}
