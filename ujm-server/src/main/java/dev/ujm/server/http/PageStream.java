package dev.ujm.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ujm.core.store.Page;
import io.javalin.http.Context;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one page of a list as it is read, never holding the whole answer: {@code {<head fields>,
 * "items": […], "nextCursor": …}}. Its loop:
 *
 * <ol>
 *   <li>read the first {@link #CHUNK} items from the store; a refusal there (a bad cursor) is still
 *       an ordinary problem answer, since nothing has been sent;
 *   <li>send the status, the head fields and each item as it is written;
 *   <li>read the next chunk from where the last one ended, until {@code limit} items are written or
 *       the list ends;
 *   <li>once the answer holds {@link #BYTE_BUDGET} bytes, stop before the next item: the page is
 *       shorter than asked and {@code nextCursor} continues right after the last item sent (one
 *       more small read asks the store for that cursor, so every cursor is one the store made).
 * </ol>
 *
 * A store failure after the answer has begun cannot become a problem answer; the connection is
 * closed instead, so the client sees a cut answer and never a complete-looking short one. Each call
 * is one request; stateless.
 */
final class PageStream {
  /** An answer stops growing past this many bytes (4 MiB); follow {@code nextCursor} for more. */
  static final int BYTE_BUDGET = 4 * 1024 * 1024;

  /** Items read from the store at a time. */
  static final int CHUNK = 25;

  private static final Logger LOG = LoggerFactory.getLogger(PageStream.class);

  private PageStream() {}

  /** One page of items from the store, starting after {@code cursor}. */
  @FunctionalInterface
  interface Source<T> {
    Page<T> read(String cursor, int limit);
  }

  /** Writes the fields that come before {@code items}. */
  @FunctionalInterface
  interface Head {
    void write(JsonGenerator json) throws IOException;

    Head NONE = json -> {};
  }

  /**
   * Answers 200 with one page.
   *
   * @param view what an item looks like in the answer (a wire record or a JSON tree)
   * @throws IllegalArgumentException when the store refuses the cursor (before anything is sent)
   */
  static <T> void write(
      Context ctx,
      Source<T> source,
      String cursor,
      int limit,
      Head head,
      Function<? super T, ?> view) {
    Page<T> chunk = source.read(cursor, Math.min(CHUNK, limit));
    ctx.status(200).contentType("application/json");
    Counting out = new Counting(ctx.outputStream());
    try (JsonGenerator json = HttpExchange.answers().getFactory().createGenerator(out)) {
      json.writeStartObject();
      head.write(json);
      json.writeArrayFieldStart("items");
      String next = writeItems(json, out, source, chunk, cursor, limit, view);
      json.writeEndArray();
      json.writeStringField("nextCursor", next);
      json.writeEndObject();
    } catch (IOException e) {
      // the client went away; nothing more to send
      LOG.debug("the answer of {} was cut: {}", ctx.path(), e.toString());
    } catch (RuntimeException e) {
      LOG.error(
          "request {} {} failed after its answer had begun; closing the connection",
          ctx.method(),
          dev.ujm.server.logs.LogText.escape(ctx.path()),
          e);
      Connections.close(ctx);
    }
  }

  private static <T> String writeItems(
      JsonGenerator json,
      Counting out,
      Source<T> source,
      Page<T> first,
      String cursor,
      int limit,
      Function<? super T, ?> view)
      throws IOException {
    Page<T> chunk = first;
    String chunkStart = cursor;
    int written = 0;
    while (true) {
      int inChunk = 0;
      for (T item : chunk.items()) {
        if (written > 0 && out.count() + json.getOutputBuffered() >= BYTE_BUDGET) {
          // the chunk's first inChunk items are sent: ask the store where they end
          return inChunk == 0 ? chunkStart : source.read(chunkStart, inChunk).nextCursor();
        }
        json.writeObject(view.apply(item));
        written++;
        inChunk++;
      }
      if (chunk.nextCursor() == null || written >= limit) {
        return chunk.nextCursor();
      }
      chunkStart = chunk.nextCursor();
      chunk = source.read(chunkStart, Math.min(CHUNK, limit - written));
    }
  }

  /** Counts the bytes that pass, to hold the budget. */
  private static final class Counting extends FilterOutputStream {
    private long count;

    Counting(OutputStream out) {
      super(out);
    }

    long count() {
      return count;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
