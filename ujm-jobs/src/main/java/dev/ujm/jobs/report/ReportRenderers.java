package dev.ujm.jobs.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes a report's rows as CSV (Commons CSV). Stateless. */
final class ReportRenderers {
  static final List<String> MEASURES =
      List.of(
          "jobs",
          "completed",
          "failed",
          "cancelled",
          "pending",
          "failedAttempts",
          "meanSeconds",
          "p95Seconds");

  private ReportRenderers() {}

  static void csv(List<String> groupBy, List<ReportRow> rows, OutputStream out) throws IOException {
    List<String> header = new ArrayList<>(groupBy);
    header.addAll(MEASURES);
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    try (CSVPrinter csv =
        new CSVPrinter(
            writer, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (ReportRow r : rows) {
        List<Object> cells = new ArrayList<>(r.key());
        cells.addAll(cells(r));
        csv.printRecord(cells);
      }
    }
  }

  /** The measures of a row as text, in {@link #MEASURES} order. */
  static List<String> cells(ReportRow r) {
    return List.of(
        String.valueOf(r.jobs()),
        String.valueOf(r.completed()),
        String.valueOf(r.failed()),
        String.valueOf(r.cancelled()),
        String.valueOf(r.pending()),
        String.valueOf(r.failedAttempts()),
        r.meanSeconds() == null ? "" : String.valueOf(r.meanSeconds()),
        r.p95Seconds() == null ? "" : String.valueOf(r.p95Seconds()));
  }
}
