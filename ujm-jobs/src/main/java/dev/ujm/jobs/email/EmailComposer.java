package dev.ujm.jobs.email;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Builds the MIME message of one e-mail job: sender from the settings, recipients, subject, the
 * text and/or HTML body (as {@code multipart/alternative} when both), attachments (as {@code
 * multipart/mixed}), and a Message-ID derived from the job id, so every attempt of one job sends
 * the same id and a server that drops repeats drops a retried copy. Stateless.
 */
final class EmailComposer {
  private EmailComposer() {}

  /** The Message-ID of a job's message: {@code <job id@domain>}. */
  static String messageId(String jobId, String domain) {
    return "<" + jobId + "@" + domain + ">";
  }

  static MimeMessage compose(
      Session session,
      EmailSettings settings,
      EmailPayload payload,
      EmailTemplates.Rendered body,
      List<EmailAttachments.Part> attachments,
      String messageId,
      Instant now)
      throws MessagingException {
    MimeMessage message = new FixedIdMessage(session, messageId);
    message.setFrom(settings.from());
    message.setRecipients(Message.RecipientType.TO, addresses(payload.to()));
    if (!payload.cc().isEmpty()) {
      message.setRecipients(Message.RecipientType.CC, addresses(payload.cc()));
    }
    if (!payload.bcc().isEmpty()) {
      message.setRecipients(Message.RecipientType.BCC, addresses(payload.bcc()));
    }
    message.setSubject(body.subject(), "UTF-8");
    message.setSentDate(Date.from(now));
    if (attachments.isEmpty()) {
      writeBody(message, body);
    } else {
      MimeBodyPart content = new MimeBodyPart();
      writeBody(content, body);
      MimeMultipart mixed = new MimeMultipart("mixed");
      mixed.addBodyPart(content);
      for (EmailAttachments.Part a : attachments) {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.bytes(), a.contentType())));
        part.setFileName(a.name());
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(part);
      }
      message.setContent(mixed);
    }
    message.saveChanges();
    return message;
  }

  private static void writeBody(MimePart part, EmailTemplates.Rendered body)
      throws MessagingException {
    if (body.text() != null && body.html() != null) {
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(body.text(), "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(body.html(), "UTF-8", "html");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      part.setContent(alternative);
    } else if (body.html() != null) {
      part.setText(body.html(), "UTF-8", "html");
    } else {
      part.setText(body.text(), "UTF-8");
    }
  }

  private static InternetAddress[] addresses(List<String> list) throws MessagingException {
    InternetAddress[] out = new InternetAddress[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new InternetAddress(list.get(i), true);
    }
    return out;
  }

  /** A message whose Message-ID is fixed instead of generated on save. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
