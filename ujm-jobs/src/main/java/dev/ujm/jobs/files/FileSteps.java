package dev.ujm.jobs.files;

import dev.ujm.core.files.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The steps a {@code file-process} pipeline may name, and the small ones among them (checksum,
 * gzip, zip); text, CSV/JSON and image steps have their own classes. Stateless.
 */
final class FileSteps {
  static final List<String> NAMES =
      List.of(
          "checksum",
          "extract-text",
          "csv-to-json",
          "json-to-csv",
          "resize",
          "thumbnail",
          "gzip",
          "zip");

  /** What a step did: a file it wrote and/or values for the job's result. */
  record Outcome(StoredFile output, Map<String, Object> value) {}

  /** One step of a pipeline. */
  @FunctionalInterface
  interface Step {
    Outcome run(StepIo io) throws IOException, StepIo.StepFailedException;
  }

  private FileSteps() {}

  /** The step a payload names, with its options. */
  static Step of(FileProcessPayload.Step s, FileProcessSettings settings) {
    return switch (s.name()) {
      case "checksum" -> io -> checksum(io, s.algorithm() == null ? "sha-256" : s.algorithm());
      case "extract-text" -> new TextExtraction(settings.maxTextChars());
      case "csv-to-json" -> CsvJson.csvToJson(delimiter(s));
      case "json-to-csv" -> CsvJson.jsonToCsv(delimiter(s));
      case "resize" -> new ImageResize(s.width(), s.height(), settings.maxImagePixels(), "resized");
      case "thumbnail" ->
          new ImageResize(
              s.width() == null ? 128 : s.width(),
              s.height() == null ? 128 : s.height(),
              settings.maxImagePixels(),
              "thumbnail");
      case "gzip" -> FileSteps::gzip;
      case "zip" -> FileSteps::zip;
      default -> throw new IllegalArgumentException("unknown step " + s.name());
    };
  }

  private static char delimiter(FileProcessPayload.Step s) {
    return s.delimiter() == null ? ',' : s.delimiter().charAt(0);
  }

  static Outcome checksum(StepIo io, String algorithm) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no " + algorithm, e);
    }
    try (InputStream in = io.open(io.input())) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        digest.update(buffer, 0, n);
      }
    }
    return new Outcome(
        null,
        Map.of(
            "algorithm", algorithm,
            "checksum", HexFormat.of().formatHex(digest.digest()),
            "file", io.input().id()));
  }

  static Outcome gzip(StepIo io) throws IOException, StepIo.StepFailedException {
    StoredFile in = io.input();
    StoredFile out =
        io.write(
            in.name() + ".gz",
            "application/gzip",
            sink -> {
              try (InputStream source = io.open(in);
                  GZIPOutputStream gz = new GZIPOutputStream(nonClosing(sink), 64 * 1024)) {
                source.transferTo(gz);
              }
            });
    return new Outcome(out, null);
  }

  /** Packs every file earlier steps wrote into one archive, or the input when they wrote none. */
  static Outcome zip(StepIo io) throws IOException, StepIo.StepFailedException {
    List<StoredFile> members = io.outputs().isEmpty() ? List.of(io.input()) : io.outputs();
    String base = members.get(0).name().replaceAll("\\.[^.]*$", "");
    StoredFile out =
        io.write(
            base + ".zip",
            "application/zip",
            sink -> {
              try (ZipOutputStream zip = new ZipOutputStream(nonClosing(sink))) {
                java.util.Set<String> names = new java.util.HashSet<>();
                for (StoredFile member : members) {
                  String name = member.name();
                  for (int i = 2; !names.add(name); i++) {
                    name = i + "-" + member.name();
                  }
                  zip.putNextEntry(new ZipEntry(name));
                  try (InputStream source = io.open(member)) {
                    source.transferTo(zip);
                  }
                  zip.closeEntry();
                }
              }
            });
    return new Outcome(out, Map.of("entries", members.size()));
  }

  /** A view of a stream whose close only flushes, so wrappers can finish their trailer. */
  static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /** The name of a file with another extension: {@code data.csv} → {@code data.json}. */
  static String renamed(String name, String extension) {
    return name.replaceAll("\\.[^.]*$", "") + "." + extension;
  }
}
