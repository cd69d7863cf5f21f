package dev.ujm.jobs.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SmtpFailureTest {
  @Test
  void a_5xx_reply_or_a_failed_login_is_permanent_and_everything_else_is_retried()
      throws Exception {
    var refusedRecipient =
        new SMTPAddressFailedException(
            new InternetAddress("gone@example.test"), "RCPT TO", 550, "no such user");
    var wrapped = new MessagingException("send failed", refusedRecipient);
    var busy = new SMTPSendFailedException("DATA", 451, "try later", null, null, null, null);
    var rejected = new SMTPSendFailedException("DATA", 554, "spam", null, null, null, null);

    assertThat(SmtpFailure.isPermanent(wrapped)).isTrue();
    assertThat(SmtpFailure.isPermanent(rejected)).isTrue();
    assertThat(SmtpFailure.isPermanent(new AuthenticationFailedException("535"))).isTrue();
    assertThat(SmtpFailure.isPermanent(busy)).isFalse();
    assertThat(SmtpFailure.isPermanent(new MessagingException("Couldn't connect"))).isFalse();
    assertThat(SmtpFailure.describe(wrapped)).contains("no such user");
  }
}
