package dev.ujm.jobs.email;

import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobDefinition.PayloadValidator;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an e-mail payload at submit, so a message that could never be sent is refused with a 400
 * and nothing is stored: the node must have e-mail configured; every address must parse strictly
 * (RFC 822, one address each, no line breaks); recipients are bounded by {@code
 * UJM_SMTP_MAX_RECIPIENTS}; a subject and one body (text, HTML or a template) are required; a
 * template must exist and render with the model; attachments name exactly one source each. Reports
 * every problem at once; the exception names the first failing field. Thread-safe.
 */
final class EmailPayloadValidator implements PayloadValidator<EmailPayload> {
  static final int MAX_SUBJECT = 998;
  static final int MAX_ATTACHMENTS = 20;
  static final int MAX_BODY_CHARS = 512 * 1024;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final EmailSettings settings;
  private final EmailTemplates templates;

  EmailPayloadValidator(EmailSettings settings, EmailTemplates templates) {
    this.settings = settings;
    this.templates = templates;
  }

  @Override
  public void validate(EmailPayload p) throws InvalidPayloadException {
    if (!settings.configured()) {
      throw new InvalidPayloadException(
          null, "this node cannot send e-mail: set UJM_SMTP_HOST and UJM_SMTP_FROM to enable it");
    }
    List<String[]> problems = new ArrayList<>();
    if (p.to().isEmpty()) {
      problems.add(new String[] {"to", "to needs at least one address"});
    }
    checkAddresses("to", p.to(), problems);
    checkAddresses("cc", p.cc(), problems);
    checkAddresses("bcc", p.bcc(), problems);
    int recipients = p.recipients().size();
    if (recipients > settings.maxRecipients()) {
      problems.add(
          new String[] {
            "to",
            "at most "
                + settings.maxRecipients()
                + " recipients (to, cc and bcc together; UJM_SMTP_MAX_RECIPIENTS), not "
                + recipients
          });
    }
    if (p.subject() == null || p.subject().isBlank()) {
      problems.add(new String[] {"subject", "subject is required"});
    } else if (p.subject().length() > MAX_SUBJECT || p.subject().matches("(?s).*[\\r\\n].*")) {
      problems.add(
          new String[] {
            "subject", "subject must be one line of at most " + MAX_SUBJECT + " characters"
          });
    }
    checkBody(p, problems);
    checkAttachments(p.attachments(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidPayloadException(
          problems.get(0)[0], String.join("; ", problems.stream().map(x -> x[1]).toList()));
    }
  }

  private void checkBody(EmailPayload p, List<String[]> problems) {
    boolean inline = p.text() != null || p.html() != null;
    if (p.template() != null && inline) {
      problems.add(new String[] {"template", "give text and html, or a template, not both"});
    } else if (p.template() == null && !inline) {
      problems.add(new String[] {"text", "a body is required: text, html or a template"});
    } else if (p.template() != null) {
      if (p.model() != null && !p.model().isObject() && !p.model().isNull()) {
        problems.add(new String[] {"model", "model must be a JSON object"});
      } else {
        try {
          templates.render(p.template(), p.subject(), p.model());
        } catch (IllegalArgumentException e) {
          problems.add(new String[] {"template", e.getMessage()});
        }
      }
    } else if (p.model() != null) {
      problems.add(new String[] {"model", "model is only used with a template"});
    }
    for (String[] body : new String[][] {{"text", p.text()}, {"html", p.html()}}) {
      if (body[1] != null && body[1].length() > MAX_BODY_CHARS) {
        problems.add(
            new String[] {body[0], body[0] + " must be at most " + MAX_BODY_CHARS + " characters"});
      }
    }
  }

  private static void checkAttachments(
      List<EmailPayload.Attachment> attachments, List<String[]> problems) {
    if (attachments.size() > MAX_ATTACHMENTS) {
      problems.add(
          new String[] {"attachments", "at most " + MAX_ATTACHMENTS + " attachments per message"});
      return;
    }
    for (int i = 0; i < attachments.size(); i++) {
      EmailPayload.Attachment a = attachments.get(i);
      String field = "attachments[" + i + "]";
      if (a == null || (a.resultOf() == null) == (a.fileId() == null)) {
        problems.add(new String[] {field, field + " needs exactly one of resultOf and fileId"});
        continue;
      }
      String id = a.resultOf() != null ? a.resultOf() : a.fileId();
      if (!ID.matcher(id).matches()) {
        problems.add(new String[] {field, field + " names a malformed id '" + id + "'"});
      }
      if (a.name() != null
          && (a.name().isBlank()
              || a.name().length() > 255
              || a.name().chars().anyMatch(c -> c < 0x20 || c == '/' || c == '\\'))) {
        problems.add(
            new String[] {field, field + ".name must be a file name of at most 255 characters"});
      }
    }
  }

  private static void checkAddresses(String field, List<String> addresses, List<String[]> out) {
    for (String address : addresses) {
      String problem = addressProblem(address);
      if (problem != null) {
        out.add(new String[] {field, field + ": " + problem});
      }
    }
  }

  /** Why an address is refused, or null when it is one well-formed address. */
  static String addressProblem(String address) {
    if (address == null || address.isBlank()) {
      return "an address is empty";
    }
    if (address.length() > 320 || address.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "'" + address.strip() + "' is not a valid e-mail address";
    }
    try {
      InternetAddress[] parsed = InternetAddress.parse(address, true);
      if (parsed.length != 1) {
        return "'" + address + "' must be exactly one address";
      }
      parsed[0].validate();
      String bare = parsed[0].getAddress();
      int at = bare.indexOf('@');
      if (at <= 0 || at == bare.length() - 1) {
        return "'" + address + "' needs a local part and a domain";
      }
      return null;
    } catch (AddressException e) {
      return "'" + address + "' is not a valid e-mail address (" + e.getMessage() + ")";
    }
  }
}
