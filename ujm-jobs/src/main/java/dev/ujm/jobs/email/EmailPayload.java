package dev.ujm.jobs.email;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What an {@code email} job is asked to send. The sender, the SMTP server and its credentials come
 * from the node's {@code UJM_SMTP_*} settings, never from here. Checked at submit by {@link
 * EmailPayloadValidator}. Immutable.
 *
 * @param to recipients (at least one)
 * @param cc copy recipients
 * @param bcc blind copy recipients (not written into the message)
 * @param subject the subject line; with a template it is rendered with the model too
 * @param text the plain-text body
 * @param html the HTML body (sent together with {@code text} as alternatives when both are given)
 * @param template the name of a template in {@code UJM_SMTP_TEMPLATES_DIR}: {@code
 *     <name>.txt.mustache} and/or {@code <name>.html.mustache}, instead of {@code text}/{@code
 *     html}
 * @param model the values the template and subject are rendered with (a JSON object)
 * @param attachments files to attach
 */
public record EmailPayload(
    List<String> to,
    List<String> cc,
    List<String> bcc,
    String subject,
    String text,
    String html,
    String template,
    JsonNode model,
    List<Attachment> attachments) {

  public EmailPayload {
    to = to == null ? List.of() : List.copyOf(to);
    cc = cc == null ? List.of() : List.copyOf(cc);
    bcc = bcc == null ? List.of() : List.copyOf(bcc);
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /**
   * One attachment: exactly one of {@code resultOf} and {@code fileId}.
   *
   * @param resultOf the id of a completed job of the same owner: its output files are attached when
   *     its result lists any ({@code result.files[].id}), otherwise its result as JSON
   * @param fileId the id of a stored file of the same owner
   * @param name the file name shown to the recipient; the stored name unless given
   */
  public record Attachment(String resultOf, String fileId, String name) {}

  /** Every recipient: to, cc and bcc. */
  public List<String> recipients() {
    return java.util.stream.Stream.of(to, cc, bcc).flatMap(List::stream).toList();
  }
}
