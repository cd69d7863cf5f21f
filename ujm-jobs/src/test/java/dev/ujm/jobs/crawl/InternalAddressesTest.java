package dev.ujm.jobs.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InternalAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1",
            "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "169.254.0.1", "0.0.0.0", "0.1.2.3", "100.64.0.1", "100.127.255.254",
            "224.0.0.1",
        "239.255.255.250", "255.255.255.255"
      })
  void internal_ipv4_addresses_are_recognised(String address) throws UnknownHostException {
    assertThat(InternalAddresses.isInternal(literal(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::1",
        "::",
        "fc00::1",
        "fd12:3456:789a::1",
        "fe80::1",
        "febf::1",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.1.2.3",
        "::127.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::1"
      })
  void internal_ipv6_addresses_are_recognised(String address) throws UnknownHostException {
    assertThat(InternalAddresses.isInternal(literal(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "93.184.216.34",
        "1.1.1.1",
        "172.15.255.255",
        "172.32.0.1",
        "192.169.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "169.253.255.255",
        "11.0.0.1",
        "223.255.255.254",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1"
      })
  void public_addresses_are_allowed(String address) throws UnknownHostException {
    assertThat(InternalAddresses.isInternal(literal(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com",
        "localhost",
        "127.1",
        "2130706433",
        "256.0.0.1",
        "",
        "[not:an:address"
      })
  void only_dotted_quads_and_ipv6_literals_count_as_literal_addresses(String host) {
    assertThat(InternalAddresses.literal(host)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1", "[::1]", "[fe80::1]", "169.254.169.254"})
  void literal_addresses_are_read_without_a_lookup(String host) {
    assertThat(InternalAddresses.literal(host))
        .hasValueSatisfying(a -> assertThat(InternalAddresses.isInternal(a)).isTrue());
  }

  private static InetAddress literal(String address) throws UnknownHostException {
    return InternalAddresses.literal(address).orElseThrow(() -> new UnknownHostException(address));
  }
}
