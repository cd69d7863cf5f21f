package dev.ujm.jobs.report;

import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobEnvironment;
import dev.ujm.core.handler.JobHandler;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.store.JobStore;
import dev.ujm.jobs.files.FileProcessSettings;
import dev.ujm.jobs.files.FileRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The {@code report} job type: counts, outcomes, failed attempts and run times of jobs per type
 * and/or queue over a time range, read through a {@link ReportSource} (the job store's query seam
 * unless the node offers another), rendered as CSV and as a PDF with a chart and a table, each
 * stored as a file of the job's owner. Its loop: read the rows (or take them from the checkpoint),
 * then write each format not yet written, checkpointing after each. Thread-safe.
 */
public final class ReportJobHandler implements JobHandler<ReportPayload> {
  /** The job type name. */
  public static final String TYPE = "report";

  static final Set<String> GROUPS = Set.of("type", "queue");
  static final Set<String> FORMATS = Set.of("csv", "pdf");
  static final Duration LONGEST_RANGE = Duration.ofDays(366);

  /** The rows read and the files written so far. */
  record Checkpoint(Instant from, Instant to, ReportSource.Rows rows, Map<String, FileRef> files) {}

  private final Optional<ReportSource> source;
  private final Optional<FileStore> files;
  private final long maxJobs;
  private final long maxFileBytes;

  private ReportJobHandler(
      Optional<ReportSource> source, Optional<FileStore> files, long maxJobs, long maxFileBytes) {
    this.source = source;
    this.files = files;
    this.maxJobs = maxJobs;
    this.maxFileBytes = maxFileBytes;
  }

  public static JobDefinition<ReportPayload> definition(JobEnvironment env) {
    Optional<ReportSource> source =
        env.service(ReportSource.class)
            .or(() -> env.service(JobStore.class).map(JobStoreReportSource::new));
    Optional<FileStore> files = env.service(FileStore.class);
    long maxJobs;
    try {
      maxJobs =
          env.setting("UJM_REPORT_MAX_JOBS").map(s -> Long.parseLong(s.trim())).orElse(1_000_000L);
    } catch (NumberFormatException e) {
      throw new dev.ujm.core.config.ConfigException(
          List.of("UJM_REPORT_MAX_JOBS must be a whole number"));
    }
    ReportJobHandler handler =
        new ReportJobHandler(source, files, maxJobs, FileProcessSettings.from(env).maxFileBytes());
    return JobDefinition.of(TYPE, ReportPayload.class, handler)
        .withValidator(p -> validate(p, source.isPresent() && files.isPresent()))
        .withDefaultTimeout(Duration.ofMinutes(30));
  }

  private static void validate(ReportPayload p, boolean available) throws InvalidPayloadException {
    if (!available) {
      throw new InvalidPayloadException(
          null, "this node keeps no files or no job data to report on");
    }
    if (p.title().isBlank() || p.title().length() > 200) {
      throw new InvalidPayloadException("title", "title must be 1 to 200 characters");
    }
    if (p.from() != null && p.to() != null && !p.from().isBefore(p.to())) {
      throw new InvalidPayloadException("from", "from must be before to");
    }
    if (p.from() != null
        && p.to() != null
        && Duration.between(p.from(), p.to()).compareTo(LONGEST_RANGE) > 0) {
      throw new InvalidPayloadException("from", "a report covers at most 366 days");
    }
    if (!GROUPS.containsAll(p.groupBy()) || Set.copyOf(p.groupBy()).size() != p.groupBy().size()) {
      throw new InvalidPayloadException("groupBy", "groupBy holds type and/or queue");
    }
    if (!FORMATS.containsAll(p.formats())) {
      throw new InvalidPayloadException("formats", "formats holds csv and/or pdf");
    }
  }

  @Override
  public JobOutcome run(JobContext<ReportPayload> ctx) throws Exception {
    ReportPayload p = ctx.payload();
    Checkpoint cp = ctx.checkpoint(Checkpoint.class).orElse(null);
    if (cp == null) {
      Instant to = p.to() != null ? p.to() : ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
      Instant from = p.from() != null ? p.from() : to.minus(Duration.ofHours(24));
      ReportQuery query =
          new ReportQuery(
              ctx.job().tenantId(),
              ctx.job().ownerId(),
              from,
              to,
              p.type(),
              p.queue(),
              p.groupBy());
      ctx.progress(0, p.formats().size() + 1, "reading jobs");
      try {
        cp =
            new Checkpoint(
                from, to, source.orElseThrow().rows(query, maxJobs, ctx::isCancelled), Map.of());
      } catch (CancellationException e) {
        return JobOutcome.cancelled();
      }
      ctx.saveCheckpoint(cp);
    }
    Map<String, FileRef> written = new LinkedHashMap<>(cp.files());
    String subtitle =
        "Jobs created from "
            + cp.from()
            + " to "
            + cp.to()
            + ": "
            + cp.rows().jobsRead()
            + (cp.rows().truncated() ? " (stopped at UJM_REPORT_MAX_JOBS)" : "");
    String base =
        "report-"
            + cp.from().toString().replace(":", "")
            + "-"
            + cp.to().toString().replace(":", "");
    for (String format : p.formats()) {
      if (written.containsKey(format) || ctx.isCancelled()) {
        continue;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (format.equals("csv")) {
        ReportRenderers.csv(p.groupBy(), cp.rows().rows(), out);
      } else {
        PdfReport.write(p.title(), subtitle, p.groupBy(), cp.rows().rows(), out);
      }
      written.put(
          format,
          FileRef.of(
              store(
                  ctx,
                  base + "." + format,
                  format.equals("csv") ? "text/csv" : "application/pdf",
                  out)));
      cp = new Checkpoint(cp.from(), cp.to(), cp.rows(), written);
      ctx.saveCheckpoint(cp);
      ctx.progress(written.size() + 1, p.formats().size() + 1, "wrote " + format);
    }
    if (ctx.isCancelled()) {
      return JobOutcome.cancelled();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("title", p.title());
    result.put("from", cp.from());
    result.put("to", cp.to());
    result.put("jobsRead", cp.rows().jobsRead());
    result.put("truncated", cp.rows().truncated());
    result.put("groupBy", p.groupBy());
    result.put("rows", cp.rows().rows().subList(0, Math.min(100, cp.rows().rows().size())));
    result.put("files", new ArrayList<>(written.values()));
    return JobOutcome.completed(result);
  }

  private StoredFile store(
      JobContext<ReportPayload> ctx, String name, String type, ByteArrayOutputStream out)
      throws IOException {
    return files
        .orElseThrow()
        .put(
            new NewFile(
                ctx.job().tenantId(),
                ctx.job().ownerId(),
                name,
                type,
                ctx.job().id(),
                maxFileBytes),
            new ByteArrayInputStream(out.toByteArray()));
  }
}
