package dev.ujm.jobs.email;

import dev.ujm.core.files.FileStore;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobHandler;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.StaleLeaseException;
import dev.ujm.core.store.JobStore;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code email} job type: one message through the node's SMTP server. Each attempt:
 *
 * <ol>
 *   <li>completes at once when the previous attempt's checkpoint says the message was accepted;
 *   <li>renders the body (payload text/HTML or a named template) and reads the attachments; a
 *       missing or foreign attachment fails the job for good;
 *   <li>sends it with the Message-ID {@code <job id@domain>}, the same in every attempt;
 *   <li>on acceptance saves the {@link EmailSent} checkpoint and completes with it; on a permanent
 *       refusal (5xx, bad login) fails for good; on anything else throws, so the attempt is retried
 *       with backoff.
 * </ol>
 *
 * Thread-safe: one handler serves every e-mail job of a node.
 */
public final class EmailJobHandler implements JobHandler<EmailPayload> {
  /** The job type name. */
  public static final String TYPE = "email";

  private final EmailSettings settings;
  private final EmailTemplates templates;
  private final EmailAttachments attachments;
  private final SmtpSender sender;

  EmailJobHandler(EmailSettings settings, EmailTemplates templates, EmailAttachments attachments) {
    this.settings = settings;
    this.templates = templates;
    this.attachments = attachments;
    this.sender = new SmtpSender(settings);
  }

  /**
   * The complete job type for this environment: settings from {@code UJM_SMTP_*}, attachments read
   * through the environment's job store.
   *
   * @throws dev.ujm.core.config.ConfigException when a {@code UJM_SMTP_*} setting is bad
   */
  public static JobDefinition<EmailPayload> definition(JobEnvironment env) {
    EmailSettings settings = EmailSettings.from(env);
    EmailTemplates templates = new EmailTemplates(settings.templatesDir());
    EmailAttachments attachments =
        new EmailAttachments(
            env.service(JobStore.class),
            env.service(FileStore.class),
            settings.maxAttachmentBytes());
    return JobDefinition.of(
            TYPE, EmailPayload.class, new EmailJobHandler(settings, templates, attachments))
        .withValidator(new EmailPayloadValidator(settings, templates))
        .withDefaultTimeout(Duration.ofMinutes(5));
  }

  @Override
  public JobOutcome run(JobContext<EmailPayload> ctx) throws Exception {
    Optional<EmailSent> earlier = ctx.checkpoint(EmailSent.class);
    if (earlier.isPresent()) {
      EmailSent sent = earlier.get();
      ctx.log()
          .info(
              "message {} was sent by an earlier attempt; not sending it again", sent.messageId());
      return JobOutcome.completed(
          new EmailSent(
              sent.messageId(), sent.recipients(), sent.attachments(), sent.sentAt(), true));
    }
    EmailPayload p = ctx.payload();
    EmailTemplates.Rendered body =
        p.template() != null
            ? templates.render(p.template(), p.subject(), p.model())
            : new EmailTemplates.Rendered(p.subject(), p.text(), p.html());
    List<EmailAttachments.Part> parts;
    try {
      parts = attachments.read(p.attachments(), ctx.job());
    } catch (EmailAttachments.Refused e) {
      return JobOutcome.failed(e.type, e.getMessage());
    }
    String messageId = EmailComposer.messageId(ctx.job().id(), settings.messageIdDomain());
    MimeMessage message =
        EmailComposer.compose(
            sender.session(), settings, p, body, parts, messageId, ctx.clock().instant());
    ctx.progress(0, 1, "sending to " + p.recipients().size() + " recipients");
    try {
      sender.send(message);
    } catch (MessagingException e) {
      String why = SmtpFailure.describe(e);
      if (SmtpFailure.isPermanent(e)) {
        ctx.log().warn("the SMTP server refused message {} for good: {}", messageId, why);
        return JobOutcome.failed("email.rejected", why);
      }
      throw new MessagingException("sending failed, will retry: " + why, e);
    }
    EmailSent sent =
        new EmailSent(messageId, p.recipients().size(), parts.size(), ctx.clock().instant(), false);
    try {
      ctx.saveCheckpoint(sent);
    } catch (StaleLeaseException e) {
      ctx.log().info("message {} was sent, but the job was cancelled meanwhile", messageId);
      throw e;
    }
    ctx.progress(1, 1, "sent");
    ctx.log().info("sent message {} to {} recipients", messageId, sent.recipients());
    return JobOutcome.completed(sent);
  }
}
