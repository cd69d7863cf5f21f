package dev.ujm.jobs.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * The {@code extract-text} step: the plain text of a document (PDF, Office, HTML, text, …) through
 * Apache Tika's auto-detecting parser, written as UTF-8 to {@code <name>.txt}. Text past {@code
 * UJM_FILE_PROCESS_MAX_TEXT_CHARS} is cut, and the step's value says {@code truncated}.
 * Thread-safe.
 */
final class TextExtraction implements FileSteps.Step {
  private final long maxChars;

  TextExtraction(long maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public FileSteps.Outcome run(StepIo io) throws IOException, StepIo.StepFailedException {
    boolean[] truncated = {false};
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, io.input().name());
    var out =
        io.write(
            FileSteps.renamed(io.input().name(), "txt"),
            "text/plain; charset=UTF-8",
            sink -> {
              Writer writer =
                  new OutputStreamWriter(FileSteps.nonClosing(sink), StandardCharsets.UTF_8);
              try (InputStream in = io.open(io.input())) {
                new AutoDetectParser()
                    .parse(
                        in,
                        new BodyContentHandler(new LimitedWriter(writer, maxChars)),
                        metadata,
                        new ParseContext());
              } catch (SAXException e) {
                if (!WriteLimitReachedException.isWriteLimitReached(e)
                    && !(e.getCause() instanceof LimitedWriter.Full)) {
                  throw new StepIo.StepFailedException("cannot read the text: " + e.getMessage());
                }
                truncated[0] = true;
              } catch (TikaException e) {
                throw new StepIo.StepFailedException(
                    "cannot read the text of " + io.input().name() + ": " + e.getMessage());
              } catch (IOException e) {
                if (!(e instanceof LimitedWriter.Full)) {
                  throw e;
                }
                truncated[0] = true;
              }
              writer.flush();
            });
    String type = metadata.get(Metadata.CONTENT_TYPE);
    return new FileSteps.Outcome(
        out,
        Map.of(
            "characters",
            Math.min(out.size(), maxChars),
            "detectedType",
            type == null ? "unknown" : type,
            "truncated",
            truncated[0]));
  }

  /** A writer that refuses past a number of characters. */
  private static final class LimitedWriter extends Writer {
    static final class Full extends IOException {
      Full() {
        super("text limit reached");
      }
    }

    private final Writer out;
    private long left;

    LimitedWriter(Writer out, long limit) {
      this.out = out;
      this.left = limit;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      int n = (int) Math.min(len, left);
      out.write(buf, off, n);
      left -= n;
      if (n < len) {
        throw new Full();
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
