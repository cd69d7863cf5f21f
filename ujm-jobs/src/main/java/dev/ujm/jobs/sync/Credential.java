package dev.ujm.jobs.sync;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * A named credential from {@code UJM_API_SYNC_CREDENTIAL_<NAME>} ({@code bearer:<token>}, {@code
 * basic:<user>:<password>} or {@code header:<Name>:<value>}), bound to the hosts of {@code
 * UJM_API_SYNC_CREDENTIAL_<NAME>_HOSTS}: it is sent to those hosts only, so a payload cannot aim a
 * node's secret at a server of its choosing. Never logged. Immutable.
 */
record Credential(String name, String header, String value, Set<String> hosts) {

  /**
   * Parses one credential.
   *
   * @throws IllegalArgumentException with a sentence that names the setting, not the secret
   */
  static Credential parse(String name, String raw, String hostsRaw) {
    String setting = "UJM_API_SYNC_CREDENTIAL_" + name.toUpperCase(Locale.ROOT);
    if (hostsRaw == null || hostsRaw.isBlank()) {
      throw new IllegalArgumentException(
          setting + "_HOSTS must list the hosts " + setting + " may be sent to");
    }
    Set<String> hosts = Set.of(hostsRaw.toLowerCase(Locale.ROOT).replace(" ", "").split(","));
    int colon = raw.indexOf(':');
    String kind = colon < 0 ? "" : raw.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : raw.substring(colon + 1);
    return switch (kind) {
      case "bearer" -> new Credential(name, "Authorization", "Bearer " + rest, hosts);
      case "basic" ->
          new Credential(
              name,
              "Authorization",
              "Basic " + Base64.getEncoder().encodeToString(rest.getBytes(StandardCharsets.UTF_8)),
              hosts);
      case "header" -> {
        int split = rest.indexOf(':');
        if (split <= 0 || !rest.substring(0, split).matches("[A-Za-z0-9-]+")) {
          throw new IllegalArgumentException(setting + " must be header:<Name>:<value>");
        }
        yield new Credential(name, rest.substring(0, split), rest.substring(split + 1), hosts);
      }
      default ->
          throw new IllegalArgumentException(
              setting + " must start with bearer:, basic: or header:");
    };
  }

  /** Whether this credential may be sent to the URL's host. */
  boolean allows(URI uri) {
    return uri.getHost() != null && hosts.contains(uri.getHost().toLowerCase(Locale.ROOT));
  }

  void applyTo(HttpRequest.Builder request) {
    request.header(header, value);
  }

  @Override
  public String toString() {
    return "Credential[" + name + " for " + hosts + "]";
  }
}
