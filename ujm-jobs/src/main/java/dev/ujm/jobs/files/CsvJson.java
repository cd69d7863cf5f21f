package dev.ujm.jobs.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The {@code csv-to-json} and {@code json-to-csv} steps, streaming both ways so a file larger than
 * memory converts in constant space (Commons CSV and Jackson's streaming parser and generator).
 *
 * <ul>
 *   <li>CSV to JSON: the first record is the header; each later record becomes one object of a JSON
 *       array, its values strings. Duplicate or empty header names fail the step.
 *   <li>JSON to CSV: the input is an array of objects; the header is every key in the order first
 *       met (a first pass collects them), strings and numbers are written as they are, objects and
 *       arrays as JSON text, null and missing keys as empty cells.
 * </ul>
 *
 * Stateless.
 */
final class CsvJson {
  private CsvJson() {}

  static FileSteps.Step csvToJson(char delimiter) {
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setDelimiter(delimiter)
            .setHeader()
            .setSkipHeaderRecord(true)
            .setAllowMissingColumnNames(false)
            .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW)
            .setTrim(false)
            .get();
    return io -> {
      long[] rows = {0};
      var out =
          io.write(
              FileSteps.renamed(io.input().name(), "json"),
              "application/json",
              sink -> {
                try (Reader reader =
                        new InputStreamReader(io.open(io.input()), StandardCharsets.UTF_8);
                    CSVParser csv = CSVParser.builder().setReader(reader).setFormat(format).get();
                    JsonGenerator json =
                        Json.mapper().getFactory().createGenerator(FileSteps.nonClosing(sink))) {
                  List<String> header = csv.getHeaderNames();
                  json.writeStartArray();
                  for (CSVRecord record : csv) {
                    json.writeStartObject();
                    for (int i = 0; i < header.size(); i++) {
                      json.writeStringField(
                          header.get(i), i < record.size() ? record.get(i) : null);
                    }
                    json.writeEndObject();
                    rows[0]++;
                  }
                  json.writeEndArray();
                } catch (IllegalArgumentException
                    | IllegalStateException
                    | UncheckedIOException e) {
                  throw new StepIo.StepFailedException(
                      io.input().name() + " is not CSV this step reads: " + e.getMessage());
                }
              });
      return new FileSteps.Outcome(out, Map.of("rows", rows[0]));
    };
  }

  static FileSteps.Step jsonToCsv(char delimiter) {
    return io -> {
      Set<String> header = new LinkedHashSet<>();
      try (InputStream in = io.open(io.input())) {
        eachObject(in, object -> object.fieldNames().forEachRemaining(header::add), io);
      }
      CSVFormat format =
          CSVFormat.DEFAULT
              .builder()
              .setDelimiter(delimiter)
              .setHeader(header.toArray(String[]::new))
              .get();
      long[] rows = {0};
      var out =
          io.write(
              FileSteps.renamed(io.input().name(), "csv"),
              "text/csv; charset=UTF-8",
              sink -> {
                Writer writer =
                    new OutputStreamWriter(FileSteps.nonClosing(sink), StandardCharsets.UTF_8);
                try (InputStream in = io.open(io.input());
                    CSVPrinter csv = new CSVPrinter(writer, format)) {
                  List<String> cells = new ArrayList<>(header.size());
                  eachObject(
                      in,
                      object -> {
                        cells.clear();
                        for (String key : header) {
                          cells.add(cell(object.get(key)));
                        }
                        try {
                          csv.printRecord(cells);
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        }
                        rows[0]++;
                      },
                      io);
                }
              });
      return new FileSteps.Outcome(out, Map.of("rows", rows[0], "columns", header.size()));
    };
  }

  private static String cell(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /**
   * Reads one value out of a stream of many: the strict mapper refuses tokens after a value, which
   * here are the array's next objects.
   */
  private static final ObjectReader ONE_OF_MANY =
      Json.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Calls {@code each} for every object of a top-level JSON array, one at a time. */
  private static void eachObject(
      InputStream in, java.util.function.Consumer<JsonNode> each, StepIo io)
      throws IOException, StepIo.StepFailedException {
    try (JsonParser parser = Json.mapper().getFactory().createParser(in)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new StepIo.StepFailedException(io.input().name() + " is not a JSON array of objects");
      }
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (t != JsonToken.START_OBJECT) {
          throw new StepIo.StepFailedException(
              io.input().name() + " holds a " + t + " where an object was expected");
        }
        each.accept(ONE_OF_MANY.readValue(parser, JsonNode.class));
      }
    } catch (JsonProcessingException e) {
      throw new StepIo.StepFailedException(
          io.input().name() + " is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
