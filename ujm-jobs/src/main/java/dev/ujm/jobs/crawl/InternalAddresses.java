package dev.ujm.jobs.crawl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells addresses of the server's own networks from public ones, so a crawl cannot be aimed at them
 * (server-side request forgery). Internal are: loopback (127.0.0.0/8, ::1), private (10/8,
 * 172.16/12, 192.168/16, fc00::/7 and the old site-local fec0::/10), link-local (169.254/16 with
 * the cloud metadata address 169.254.169.254, fe80::/10), unspecified ("this network" 0.0.0.0/8,
 * ::), multicast (224/4, ff00::/8), broadcast, and carrier-grade NAT (100.64/10). An IPv6 address
 * that carries an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96 and 6to4 2002::/16) is judged by that IPv4 address. Stateless and thread-safe.
 */
public final class InternalAddresses {
  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private InternalAddresses() {}

  /** Whether a crawl must not connect to this address unless private networks are allowed. */
  public static boolean isInternal(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isInternalV4(b);
    }
    if (address instanceof Inet6Address) {
      return isInternalV6(b);
    }
    return true;
  }

  private static boolean isInternalV4(byte[] b) {
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 // "this network" 0.0.0.0/8
        || first == 127
        || first == 10
        || (first == 172 && second >= 16 && second <= 31)
        || (first == 192 && second == 168)
        || (first == 169 && second == 254)
        || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
        || first >= 224; // multicast, reserved and broadcast
  }

  private static boolean isInternalV6(byte[] b) {
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if ((first & 0xfe) == 0xfc // unique local fc00::/7
        || (first == 0xfe && (second & 0xc0) == 0x80) // link-local fe80::/10
        || (first == 0xfe && (second & 0xc0) == 0xc0) // site-local fec0::/10
        || first == 0xff) { // multicast
      return true;
    }
    if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return isInternalV4(slice(b, 12)); // IPv4-mapped
    }
    if (zeros(b, 0, 12)) {
      return true; // ::, ::1 and the IPv4-compatible addresses (deprecated; never a public web
      // server)
    }
    if (first == 0x00
        && second == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && zeros(b, 4, 12)) {
      return isInternalV4(slice(b, 12)); // NAT64 64:ff9b::/96
    }
    if (first == 0x20 && second == 0x02) {
      return isInternalV4(slice(b, 2)); // 6to4 2002:aabb:ccdd::/48
    }
    return false;
  }

  /**
   * The address a URL host names literally, without asking DNS: a dotted-quad IPv4 address, or an
   * IPv6 address with or without its brackets. Empty for host names (and for unusual numeric IPv4
   * forms, which the check at connection time still catches).
   */
  public static Optional<InetAddress> literal(String host) {
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    try {
      Matcher quad = DOTTED_QUAD.matcher(host);
      if (quad.matches()) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int part = Integer.parseInt(quad.group(i + 1));
          if (part > 255) {
            return Optional.empty();
          }
          bytes[i] = (byte) part;
        }
        return Optional.of(InetAddress.getByAddress(bytes));
      }
      if (host.indexOf(':') >= 0) {
        String bracketed = host.startsWith("[") ? host : "[" + host + "]";
        return Optional.of(
            InetAddress.getByName(bracketed)); // a bracketed literal is parsed, never looked up
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
