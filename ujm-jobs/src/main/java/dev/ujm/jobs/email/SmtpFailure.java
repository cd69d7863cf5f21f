package dev.ujm.jobs.email;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What a failed send means for the job. A permanent refusal (an SMTP 5xx reply to the message or to
 * a recipient, or a failed login) fails the job for good: sending the same message again would be
 * refused again. Everything else (the server is down, busy with a 4xx reply, a timeout) is
 * transient: the attempt fails and is retried with backoff. Pure functions.
 */
final class SmtpFailure {
  private SmtpFailure() {}

  /** Whether the server refused the message for good. */
  static boolean isPermanent(MessagingException e) {
    if (e instanceof AuthenticationFailedException) {
      return true;
    }
    for (Exception cause = e; cause != null; ) {
      int code =
          switch (cause) {
            case SMTPSendFailedException s -> s.getReturnCode();
            case SMTPAddressFailedException a -> a.getReturnCode();
            default -> 0;
          };
      if (code >= 500) {
        return true;
      }
      cause = cause instanceof MessagingException m ? m.getNextException() : null;
    }
    return false;
  }

  /** One line for the job's error: the server's reply and the refused addresses. */
  static String describe(MessagingException e) {
    StringBuilder line = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
    if (e instanceof SendFailedException s && s.getInvalidAddresses() != null) {
      line.append(" (refused: ").append(java.util.Arrays.toString(s.getInvalidAddresses()));
      line.append(')');
    }
    if (e.getNextException() != null && e.getNextException().getMessage() != null) {
      line.append(": ").append(e.getNextException().getMessage());
    }
    return line.toString().replaceAll("[\\r\\n]+", " ").strip();
  }
}
