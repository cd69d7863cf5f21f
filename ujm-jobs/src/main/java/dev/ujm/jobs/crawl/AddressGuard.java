package dev.ujm.jobs.crawl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Decides, before each connection a crawl makes (pages, every redirect hop, robots.txt, sitemaps),
 * whether the URL's host may be reached: it resolves the host and checks every address it resolves
 * to, refusing the host when any one is not allowed, so a name that also resolves to an internal
 * address cannot slip through. The HTTP client resolves through the same JVM resolver and its
 * cache, so it connects to an address that was checked. Production uses {@link #of(CrawlSettings)}:
 * strict ({@link InternalAddresses}) unless {@code UJM_CRAWL_ALLOW_PRIVATE_NETWORKS} is true, when
 * nothing is resolved or refused. Immutable and thread-safe.
 */
public final class AddressGuard {
  /** The production policy: an endpoint is allowed when its address is not internal. */
  public static final Predicate<InetSocketAddress> PUBLIC_ONLY =
      e -> !InternalAddresses.isInternal(e.getAddress());

  /** Resolves a host name to all its addresses. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * Every address of a host.
     *
     * @throws UnknownHostException when the host has none
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** What the guard decided about one URL. */
  public enum Decision {
    /** The host may be reached. */
    ALLOWED,
    /** The host resolves to an address that is not allowed; no connection may be made. */
    REFUSED,
    /** The host does not resolve (the fetch fails as a network error). */
    UNRESOLVED
  }

  /**
   * The verdict on one URL.
   *
   * @param decision allowed, refused or unresolved
   * @param host the URL's host, or null when the URL names none
   * @param detail why it was refused or unresolved (names the host and the address), or null when
   *     allowed
   */
  public record Verdict(Decision decision, String host, String detail) {
    static final Verdict ALLOW = new Verdict(Decision.ALLOWED, null, null);

    /** True when the connection must not be made. */
    public boolean refused() {
      return decision == Decision.REFUSED;
    }
  }

  private final Predicate<InetSocketAddress> allowed;
  private final Resolver resolver;

  /**
   * A guard with this policy over resolved endpoints (address and port), resolving with the JVM
   * resolver.
   */
  public AddressGuard(Predicate<InetSocketAddress> allowed) {
    this(allowed, InetAddress::getAllByName);
  }

  /** A guard with this policy and resolver. A null policy allows everything without resolving. */
  public AddressGuard(Predicate<InetSocketAddress> allowed, Resolver resolver) {
    this.allowed = allowed;
    this.resolver = resolver;
  }

  /** The guard the settings ask for: strict unless {@link CrawlSettings#allowPrivateNetworks()}. */
  public static AddressGuard of(CrawlSettings settings) {
    return settings.allowPrivateNetworks() ? permissive() : new AddressGuard(PUBLIC_ONLY);
  }

  /** A guard that allows every host without resolving it. */
  public static AddressGuard permissive() {
    return new AddressGuard(null, InetAddress::getAllByName);
  }

  /** Checks the host of an absolute http(s) URL; a URL without a host is refused. */
  public Verdict check(String url) {
    if (allowed == null) {
      return Verdict.ALLOW;
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new Verdict(Decision.REFUSED, null, "invalid URL " + url);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return new Verdict(Decision.REFUSED, null, "URL " + url + " names no host");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme(uri)) ? 443 : 80;
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare);
    } catch (UnknownHostException e) {
      return new Verdict(Decision.UNRESOLVED, host, "unknown host " + host);
    }
    if (addresses == null || addresses.length == 0) {
      return new Verdict(Decision.UNRESOLVED, host, "unknown host " + host);
    }
    for (InetAddress address : addresses) {
      if (!allowed.test(new InetSocketAddress(address, port))) {
        return new Verdict(
            Decision.REFUSED,
            host,
            "host "
                + host
                + " resolves to the internal address "
                + address.getHostAddress()
                + ", which crawls may not reach (UJM_CRAWL_ALLOW_PRIVATE_NETWORKS is false)");
      }
    }
    return Verdict.ALLOW;
  }

  private static String scheme(URI uri) {
    return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
  }
}
