package dev.ujm.jobs.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.files.StoredFileNotFoundException;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.store.JobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the attachments of a message from where they are kept: a stored file, or another job's
 * output files (the {@code files} its result lists) or else its result as JSON. A file or job is
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
  private final Optional<FileStore> files;
  private final long maxBytes;

  EmailAttachments(Optional<JobStore> jobs, Optional<FileStore> files, long maxBytes) {
    this.jobs = jobs;
    this.files = files;
    this.maxBytes = maxBytes;
  }

  /** Reads every attachment of the payload for the e-mail job {@code owner}. */
  List<Part> read(List<EmailPayload.Attachment> attachments, Job owner) throws Refused {
    List<Part> parts = new ArrayList<>();
    long total = 0;
    for (EmailPayload.Attachment a : attachments) {
      List<Part> read =
          a.resultOf() != null
              ? resultOf(a, owner, maxBytes - total)
              : List.of(file(a.fileId(), a.name(), owner, maxBytes - total));
      for (Part part : read) {
        total += part.bytes().length;
        parts.add(part);
      }
    }
    return parts;
  }

  private List<Part> resultOf(EmailPayload.Attachment a, Job owner, long budget) throws Refused {
    JobStore store =
        jobs.orElseThrow(
            () -> new Refused("email.attachment-not-found", "this node cannot read job results"));
    Job source =
        store
            .get(a.resultOf())
            .filter(j -> sameOwner(j.tenantId(), j.ownerId(), owner))
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
    JsonNode listed = source.result() == null ? null : source.result().get("files");
    if (listed != null && listed.isArray() && !listed.isEmpty()) {
      List<Part> parts = new ArrayList<>();
      long left = budget;
      for (JsonNode f : listed) {
        Part part = file(f.path("id").asText(), null, owner, left);
        left -= part.bytes().length;
        parts.add(part);
      }
      return parts;
    }
    byte[] json =
        (source.result() == null ? "null" : source.result().toPrettyString())
            .getBytes(StandardCharsets.UTF_8);
    checkBudget(json.length, budget);
    String name = a.name() != null ? a.name() : source.type() + "-" + source.id() + ".json";
    return List.of(new Part(name, "application/json", json));
  }

  private Part file(String id, String name, Job owner, long budget) throws Refused {
    FileStore store =
        files.orElseThrow(
            () -> new Refused("email.attachment-not-found", "this node keeps no files"));
    StoredFile file =
        store
            .describe(id)
            .filter(f -> sameOwner(f.tenantId(), f.ownerId(), owner))
            .orElseThrow(
                () -> new Refused("email.attachment-not-found", "no file " + id + " to attach"));
    checkBudget(file.size(), budget);
    try (InputStream in = store.open(id)) {
      return new Part(
          name != null ? name : file.name(), file.contentType(), in.readNBytes((int) file.size()));
    } catch (StoredFileNotFoundException e) {
      throw new Refused("email.attachment-not-found", "no file " + id + " to attach");
    } catch (IOException e) {
      throw new UncheckedIOException("file " + id + " cannot be read", e);
    }
  }

  private void checkBudget(long size, long budget) throws Refused {
    if (size > budget) {
      throw new Refused(
          "email.attachments-too-large",
          "the attachments are larger than " + maxBytes + " bytes (UJM_SMTP_MAX_ATTACHMENT_BYTES)");
    }
  }

  private static boolean sameOwner(String tenant, String user, Job owner) {
    return Objects.equals(tenant, owner.tenantId()) && Objects.equals(user, owner.ownerId());
  }
}
