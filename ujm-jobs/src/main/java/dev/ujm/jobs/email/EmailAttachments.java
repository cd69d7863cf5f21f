package dev.ujm.jobs.email;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the attachments of a message from where they are kept. Another job's result or file is
 * attached only when it belongs to the same tenant and owner as the e-mail job, so an id names
 * nothing its submitter could not read; anything else is reported as not found. The bytes of all
 * attachments together are bounded by {@code UJM_SMTP_MAX_ATTACHMENT_BYTES}. Thread-safe.
 */
final class EmailAttachments {
  /** One attachment, read. */
  record Part(String name, String contentType, byte[] bytes) {}

  /** An attachment that cannot be sent; the job fails for good with this type and message. */
  static final class Refused extends Exception {
    final String type;

    Refused(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private final Optional<JobStore> jobs;
  private final long maxBytes;

  EmailAttachments(Optional<JobStore> jobs, long maxBytes) {
    this.jobs = jobs;
    this.maxBytes = maxBytes;
  }

  /** Reads every attachment of the payload for the e-mail job {@code owner}. */
  List<Part> read(List<EmailPayload.Attachment> attachments, Job owner) throws Refused {
    List<Part> parts = new ArrayList<>();
    long total = 0;
    for (EmailPayload.Attachment a : attachments) {
      Part part = a.resultOf() != null ? resultOf(a, owner) : file(a);
      total += part.bytes().length;
      if (total > maxBytes) {
        throw new Refused(
            "email.attachments-too-large",
            "the attachments are larger than "
                + maxBytes
                + " bytes (UJM_SMTP_MAX_ATTACHMENT_BYTES)");
      }
      parts.add(part);
    }
    return parts;
  }

  private Part resultOf(EmailPayload.Attachment a, Job owner) throws Refused {
    JobStore store =
        jobs.orElseThrow(
            () -> new Refused("email.attachment-not-found", "this node cannot read job results"));
    Job source =
        store
            .get(a.resultOf())
            .filter(j -> sameOwner(j, owner))
            .orElseThrow(
                () ->
                    new Refused(
                        "email.attachment-not-found", "no job " + a.resultOf() + " to attach"));
    if (source.state() != JobState.COMPLETED) {
      throw new Refused(
          "email.attachment-not-ready",
          "job "
              + source.id()
              + " is "
              + source.state().wireName()
              + ", not completed; submit the e-mail with dependsOn: [\""
              + source.id()
              + "\"]");
    }
    byte[] json =
        source.result() == null
            ? "null".getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : Json.mapper()
                .valueToTree(source.result())
                .toPrettyString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String name = a.name() != null ? a.name() : source.type() + "-" + source.id() + ".json";
    return new Part(name, "application/json", json);
  }

  private Part file(EmailPayload.Attachment a) throws Refused {
    throw new Refused(
        "email.attachment-not-found",
        "this node keeps no files; file " + a.fileId() + " is unknown");
  }

  private static boolean sameOwner(Job a, Job b) {
    return Objects.equals(a.tenantId(), b.tenantId()) && Objects.equals(a.ownerId(), b.ownerId());
  }
}
