package dev.ujm.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ujm.api.ApiKeyView;
import dev.ujm.api.JobView;
import dev.ujm.core.model.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the client verbs print: aligned tables for people, the server's JSON for scripts. Stateless.
 */
public final class Output {
  private Output() {}

  /** Pretty JSON of any answer. */
  public static void json(PrintWriter out, Object value) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print the answer as JSON", e);
    }
  }

  /** One job: its JSON for scripts, or "field value" lines for people. */
  public static void job(PrintWriter out, JobView job, boolean asJson) {
    if (asJson) {
      json(out, job);
    } else {
      job(out, job);
    }
  }

  /** One job as "field value" lines. */
  public static void job(PrintWriter out, JobView job) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"id", job.id()});
    rows.add(new String[] {"type", job.type()});
    rows.add(new String[] {"state", job.state()});
    rows.add(new String[] {"priority", job.priority()});
    rows.add(new String[] {"queue", job.queue()});
    rows.add(new String[] {"attempt", job.attempt() + " of " + job.maxAttempts()});
    rows.add(new String[] {"owner", job.tenantId() + "/" + job.ownerId()});
    rows.add(new String[] {"created", text(job.createdAt())});
    if (job.runAt() != null) {
      rows.add(new String[] {"runAt", text(job.runAt())});
    }
    if (job.progress() != null && job.progress().percent() != null) {
      String message = job.progress().message() == null ? "" : " " + job.progress().message();
      rows.add(new String[] {"progress", job.progress().percent() + "%" + message});
    }
    if (job.finishedAt() != null) {
      rows.add(new String[] {"finished", text(job.finishedAt())});
    }
    if (job.result() != null) {
      rows.add(new String[] {"result", job.result().toString()});
    }
    if (!job.errors().isEmpty()) {
      var last = job.errors().get(job.errors().size() - 1);
      rows.add(new String[] {"lastError", last.type() + ": " + last.message()});
    }
    table(out, null, rows);
  }

  /** Jobs as a table. */
  public static void jobs(PrintWriter out, List<JobView> jobs) {
    List<String[]> rows = new ArrayList<>();
    for (JobView job : jobs) {
      rows.add(
          new String[] {
            job.id(),
            job.type(),
            job.state(),
            job.priority(),
            job.queue(),
            String.valueOf(job.attempt()),
            text(job.createdAt())
          });
    }
    table(
        out, new String[] {"ID", "TYPE", "STATE", "PRIORITY", "QUEUE", "ATTEMPT", "CREATED"}, rows);
  }

  /** Keys as a table. */
  public static void keys(PrintWriter out, List<ApiKeyView> keys) {
    List<String[]> rows = new ArrayList<>();
    for (ApiKeyView key : keys) {
      rows.add(
          new String[] {
            key.id(),
            key.role(),
            key.tenantId(),
            key.userId(),
            key.name() == null ? "" : key.name(),
            text(key.createdAt()),
            key.revokedAt() == null ? "active" : "revoked " + text(key.revokedAt())
          });
    }
    table(out, new String[] {"ID", "ROLE", "TENANT", "USER", "NAME", "CREATED", "STATUS"}, rows);
  }

  /** An aligned table; {@code header} may be null. */
  public static void table(PrintWriter out, String[] header, List<String[]> rows) {
    List<String[]> all = new ArrayList<>();
    if (header != null) {
      all.add(header);
    }
    all.addAll(rows);
    if (all.isEmpty()) {
      return;
    }
    int columns = all.get(0).length;
    int[] width = new int[columns];
    for (String[] row : all) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], cell(row[i]).length());
      }
    }
    for (String[] row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String value = cell(row[i]);
        line.append(value);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - value.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String cell(String value) {
    return value == null ? "-" : value;
  }

  private static String text(Instant instant) {
    return instant == null ? "-" : instant.toString();
  }
}
