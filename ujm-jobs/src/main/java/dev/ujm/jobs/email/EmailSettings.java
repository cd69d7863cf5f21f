package dev.ujm.jobs.email;

import dev.ujm.core.config.ConfigException;
import dev.ujm.core.handler.JobEnvironment;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The node-wide settings of the {@code email} job type, read from {@code UJM_SMTP_*}. Without
 * {@code UJM_SMTP_HOST} the type is not configured and refuses its jobs at submit. Immutable.
 *
 * @param host the SMTP server, or null when e-mail is not configured
 * @param port its port (default 587 for STARTTLS, 465 for TLS, 25 for none)
 * @param security {@code starttls} (required, the default), {@code tls} (SMTPS) or {@code none}
 * @param user the SMTP login, or null to send without authentication
 * @param password the SMTP password
 * @param from the sender of every message
 * @param messageIdDomain the domain part of generated Message-IDs (the sender's domain by default)
 * @param timeout connect, read and write timeout of one SMTP conversation
 * @param maxRecipients most to, cc and bcc addresses of one job together
 * @param maxAttachmentBytes most bytes of all attachments of one message together
 * @param templatesDir where named templates are read from
 */
public record EmailSettings(
    String host,
    int port,
    String security,
    String user,
    String password,
    InternetAddress from,
    String messageIdDomain,
    Duration timeout,
    int maxRecipients,
    long maxAttachmentBytes,
    Path templatesDir) {

  /** Whether the node can send e-mail at all. */
  public boolean configured() {
    return host != null;
  }

  /**
   * Reads the settings.
   *
   * @throws ConfigException naming every bad {@code UJM_SMTP_*} value
   */
  public static EmailSettings from(JobEnvironment env) {
    List<String> problems = new ArrayList<>();
    String host = env.setting("UJM_SMTP_HOST").map(String::trim).orElse(null);
    String security =
        env.setting("UJM_SMTP_SECURITY").orElse("starttls").trim().toLowerCase(Locale.ROOT);
    if (!List.of("starttls", "tls", "none").contains(security)) {
      problems.add("UJM_SMTP_SECURITY='" + security + "' must be starttls, tls or none");
      security = "starttls";
    }
    int defaultPort =
        switch (security) {
          case "tls" -> 465;
          case "none" -> 25;
          default -> 587;
        };
    int port = (int) number(env, "UJM_SMTP_PORT", defaultPort, 1, 65_535, problems);
    long timeoutMs = number(env, "UJM_SMTP_TIMEOUT_MS", 30_000, 100, 600_000, problems);
    int maxRecipients = (int) number(env, "UJM_SMTP_MAX_RECIPIENTS", 50, 1, 10_000, problems);
    long maxAttachments =
        number(env, "UJM_SMTP_MAX_ATTACHMENT_BYTES", 10L << 20, 0, 1L << 30, problems);
    InternetAddress from = null;
    String fromRaw = env.setting("UJM_SMTP_FROM").orElse(null);
    if (fromRaw != null) {
      try {
        from = new InternetAddress(fromRaw.trim(), true);
      } catch (AddressException e) {
        problems.add("UJM_SMTP_FROM='" + fromRaw + "' is not an e-mail address: " + e.getMessage());
      }
    } else if (host != null) {
      problems.add("UJM_SMTP_FROM is required when UJM_SMTP_HOST is set");
    }
    String domain =
        env.setting("UJM_SMTP_MESSAGE_ID_DOMAIN")
            .orElse(from == null ? "ujm.local" : from.getAddress().replaceAll("^.*@", ""));
    String user = env.setting("UJM_SMTP_USER").orElse(null);
    String password = env.setting("UJM_SMTP_PASSWORD").orElse(null);
    if (user != null && password == null) {
      problems.add("UJM_SMTP_PASSWORD is required when UJM_SMTP_USER is set");
    }
    Path dataDir = Path.of(env.setting("UJM_DATA_DIR").orElse("./data"));
    Path templates =
        env.setting("UJM_SMTP_TEMPLATES_DIR").map(Path::of).orElse(dataDir.resolve("templates"));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new EmailSettings(
        host,
        port,
        security,
        user,
        password,
        from,
        domain,
        Duration.ofMillis(timeoutMs),
        maxRecipients,
        maxAttachments,
        templates);
  }

  private static long number(
      JobEnvironment env, String name, long fallback, long min, long max, List<String> problems) {
    String raw = env.setting(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(raw.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(name + "='" + raw + "' must be a whole number from " + min + " to " + max);
    return fallback;
  }
}
