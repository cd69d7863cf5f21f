package dev.ujm.jobs.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;

/**
 * Sends messages through the configured SMTP server with Angus Mail: one connection per message,
 * the connect, read and write timeouts of {@code UJM_SMTP_TIMEOUT_MS}, STARTTLS required (or SMTPS,
 * or plain) as {@code UJM_SMTP_SECURITY} says, and login when {@code UJM_SMTP_USER} is set. A
 * message goes to all its recipients or to none ({@code sendpartial} off), so a retry never sends a
 * second copy to recipients a first partial send reached. Thread-safe.
 */
final class SmtpSender {
  private final EmailSettings settings;
  private final Session session;

  SmtpSender(EmailSettings settings) {
    this.settings = settings;
    this.session = Session.getInstance(properties(settings));
  }

  /** The session messages are built in. */
  Session session() {
    return session;
  }

  /**
   * Sends one message to every recipient it names.
   *
   * @throws MessagingException as Angus Mail reports it (see {@link SmtpFailure} for what it means)
   */
  void send(Message message) throws MessagingException {
    String protocol = settings.security().equals("tls") ? "smtps" : "smtp";
    try (Transport transport = session.getTransport(protocol)) {
      transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  private static Properties properties(EmailSettings s) {
    Properties p = new Properties();
    String timeout = String.valueOf(s.timeout().toMillis());
    for (String protocol : new String[] {"smtp", "smtps"}) {
      String prefix = "mail." + protocol + ".";
      p.put(prefix + "host", s.host() == null ? "localhost" : s.host());
      p.put(prefix + "port", String.valueOf(s.port()));
      p.put(prefix + "connectiontimeout", timeout);
      p.put(prefix + "timeout", timeout);
      p.put(prefix + "writetimeout", timeout);
      p.put(prefix + "auth", String.valueOf(s.user() != null));
      p.put(prefix + "sendpartial", "false");
      p.put(prefix + "from", s.from() == null ? "" : s.from().getAddress());
      // the EHLO name; without it every connection asks the resolver for this host's name
      p.put(prefix + "localhost", s.messageIdDomain());
    }
    if (s.security().equals("starttls")) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
      p.put("mail.smtp.ssl.checkserveridentity", "true");
    }
    if (s.security().equals("tls")) {
      p.put("mail.smtps.ssl.checkserveridentity", "true");
    }
    return p;
  }
}
