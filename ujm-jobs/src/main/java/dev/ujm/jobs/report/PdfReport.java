package dev.ujm.jobs.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Renders a report as a PDF with Apache PDFBox: a title and the range, a stacked bar chart of jobs
 * per group by outcome (completed, failed, cancelled, pending) with its legend, and a table of
 * every measure per group, continued on further pages as needed. Text outside the PDF standard
 * fonts' character set is written as '?'. Stateless.
 */
final class PdfReport {
  private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private static final float MARGIN = 40;
  private static final int CHART_BARS = 12;
  private static final Color[] OUTCOME_COLORS = {
    new Color(0x2e7d32), new Color(0xc62828), new Color(0x757575), new Color(0x1565c0)
  };
  private static final String[] OUTCOMES = {"completed", "failed", "cancelled", "pending"};

  private PdfReport() {}

  static void write(
      String title, String subtitle, List<String> groupBy, List<ReportRow> rows, OutputStream out)
      throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDRectangle size = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
      PDPage page = new PDPage(size);
      doc.addPage(page);
      PDPageContentStream c = new PDPageContentStream(doc, page);
      float y = size.getHeight() - MARGIN;
      text(c, BOLD, 16, MARGIN, y, title);
      y -= 18;
      text(c, REGULAR, 10, MARGIN, y, subtitle);
      y -= 24;
      y = chart(c, rows, MARGIN, y, size.getWidth() - 2 * MARGIN);
      List<String> header = new ArrayList<>(groupBy);
      header.addAll(ReportRenderers.MEASURES);
      float column = (size.getWidth() - 2 * MARGIN) / header.size();
      y = row(c, BOLD, header, y - 10, column);
      for (ReportRow r : rows) {
        if (y < MARGIN + 14) {
          c.close();
          page = new PDPage(size);
          doc.addPage(page);
          c = new PDPageContentStream(doc, page);
          y = row(c, BOLD, header, size.getHeight() - MARGIN, column);
        }
        List<String> cells = new ArrayList<>(r.key());
        cells.addAll(ReportRenderers.cells(r));
        y = row(c, REGULAR, cells, y, column);
      }
      c.close();
      doc.save(out);
    }
  }

  /** The chart of the first {@value #CHART_BARS} groups; returns the y below it. */
  private static float chart(
      PDPageContentStream c, List<ReportRow> rows, float x, float top, float width)
      throws IOException {
    float height = 150;
    List<ReportRow> shown = rows.subList(0, Math.min(CHART_BARS, rows.size()));
    long max = Math.max(1, shown.stream().mapToLong(ReportRow::jobs).max().orElse(1));
    float slot = shown.isEmpty() ? width : (width - 120) / shown.size();
    float base = top - height;
    c.setStrokingColor(Color.DARK_GRAY);
    c.moveTo(x, base);
    c.lineTo(x + width - 120, base);
    c.stroke();
    for (int i = 0; i < shown.size(); i++) {
      ReportRow r = shown.get(i);
      long[] parts = {r.completed(), r.failed(), r.cancelled(), r.pending()};
      float bottom = base;
      for (int p = 0; p < parts.length; p++) {
        float h = (height - 20) * parts[p] / max;
        if (h > 0) {
          c.setNonStrokingColor(OUTCOME_COLORS[p]);
          c.addRect(x + i * slot + slot * 0.15f, bottom, slot * 0.7f, h);
          c.fill();
          bottom += h;
        }
      }
      c.setNonStrokingColor(Color.BLACK);
      text(c, REGULAR, 8, x + i * slot + slot * 0.15f, bottom + 3, String.valueOf(r.jobs()));
      text(
          c,
          REGULAR,
          7,
          x + i * slot + slot * 0.15f,
          base - 10,
          clip(String.join("/", r.key()), slot));
    }
    for (int p = 0; p < OUTCOMES.length; p++) {
      c.setNonStrokingColor(OUTCOME_COLORS[p]);
      c.addRect(x + width - 100, top - 12 - p * 14, 8, 8);
      c.fill();
      c.setNonStrokingColor(Color.BLACK);
      text(c, REGULAR, 9, x + width - 88, top - 12 - p * 14, OUTCOMES[p]);
    }
    return base - 24;
  }

  private static float row(
      PDPageContentStream c, PDType1Font font, List<String> cells, float y, float column)
      throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      text(c, font, 8, MARGIN + i * column, y, clip(cells.get(i), column));
    }
    return y - 12;
  }

  private static String clip(String text, float width) {
    int max = Math.max(3, (int) (width / 4.5f));
    return text.length() <= max ? text : text.substring(0, max - 1) + "~";
  }

  private static void text(
      PDPageContentStream c, PDType1Font font, float size, float x, float y, String text)
      throws IOException {
    StringBuilder safe = new StringBuilder();
    text.codePoints().forEach(cp -> safe.append(cp >= 0x20 && cp < 0x7f ? (char) cp : '?'));
    c.beginText();
    c.setFont(font, size);
    c.newLineAtOffset(x, y);
    c.showText(safe.toString());
    c.endText();
  }
}
