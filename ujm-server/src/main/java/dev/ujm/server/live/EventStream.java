package dev.ujm.server.live;

import dev.ujm.server.engine.Backend;
import dev.ujm.server.http.Caller;
import dev.ujm.server.http.ProblemException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events {@code GET /api/v2/events}: the caller's job events as {@code
 * text/event-stream}. One stream's life, on its request's (virtual) thread:
 *
 * <ol>
 *   <li>what it follows: {@code ?jobId=} (repeated, or comma-separated) for given jobs, {@code
 *       ?scope=all} (admin) for the whole tenant, else the key's own jobs;
 *   <li>it joins the hub first, then, with {@code Last-Event-ID} (or {@code ?lastEventId=}), sends
 *       what the bus's replay buffer still holds after that id (coalesced, skipping what the live
 *       queue repeats); an id this node did not give out (another node, an earlier run) or one the
 *       buffer moved past gets an {@code event: resync} first: re-read the jobs, then follow live;
 *   <li>then each live event as {@code id: <stream>-<seq>} and {@code data: <event JSON>}, and a
 *       comment every {@link #KEEP_ALIVE_SECONDS} so proxies and clients see the stream alive;
 *   <li>a client that reads too slowly (its queue of {@code capacity} fills) is cut off; the
 *       browser's {@code EventSource} reconnects with its last id and resumes from the buffer.
 * </ol>
 *
 * Thread-safe.
 */
public final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  static final int KEEP_ALIVE_SECONDS = 15;
  private static final String EPOCH = epoch();

  private final Backend backend;
  private final LiveHub hub;
  private final int capacity;

  public EventStream(Backend backend, LiveHub hub, int capacity) {
    this.backend = backend;
    this.hub = hub;
    this.capacity = capacity;
  }

  /** {@code GET /api/v2/events}. */
  public void stream(Context ctx, Caller caller) throws IOException {
    Interest interest = interestOf(ctx, caller);
    hub.attach(backend.engine().events());
    StreamSink sink =
        new StreamSink(
            interest,
            capacity,
            () -> {
              hub.droppedTooSlow();
              abort(ctx);
            });
    hub.join(sink);
    hub.reindex(sink);
    try {
      ctx.status(200);
      ctx.res().setContentType("text/event-stream; charset=utf-8");
      ctx.res().setHeader("Cache-Control", "no-cache, no-store");
      ctx.res().setHeader("X-Accel-Buffering", "no");
      OutputStream out = ctx.res().getOutputStream();
      Writer writer = new Writer(out);
      writer.raw("retry: 2000\n\n");
      String lastId = ctx.header("Last-Event-ID");
      if (lastId == null) {
        lastId = ctx.queryParam("lastEventId");
      }
      if (lastId != null && !lastId.isBlank()) {
        resume(lastId.trim(), interest, sink, writer);
      }
      writer.flush();
      follow(sink, writer);
    } catch (IOException e) {
      LOG.debug("an event stream ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hub.leave(sink);
    }
  }

  private void resume(String lastId, Interest interest, StreamSink sink, Writer writer)
      throws IOException {
    long seq = sequenceOf(lastId);
    if (seq < 0 || seq > hub.bus().lastSeq()) {
      writer.resync("the last event id is not one of this stream's");
      return;
    }
    LiveHub.ReplayResult replay = hub.replay(seq, interest);
    if (!replay.complete()) {
      writer.resync("the events after that id are no longer buffered");
    }
    for (LiveEvent event : replay.events()) {
      writer.event(event);
    }
    sink.skipUpTo(replay.lastSeq());
  }

  private void follow(StreamSink sink, Writer writer) throws IOException, InterruptedException {
    while (!sink.dropped) {
      Object next = sink.queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
      if (next == null) {
        writer.raw(": keep-alive\n\n");
      } else if (next instanceof LiveEvent event) {
        if (event.seq() > sink.skipUpTo) { // else the replay had it
          writer.event(event);
        }
      } else {
        writer.resync((String) next);
      }
      if (sink.queue.isEmpty()) {
        writer.flush();
      }
    }
  }

  private static Interest interestOf(Context ctx, Caller caller) {
    Interest interest = new Interest(caller);
    Set<String> ids = new LinkedHashSet<>();
    for (String value : ctx.queryParams("jobId")) {
      for (String id : value.split(",")) {
        if (!id.isBlank()) {
          ids.add(id.trim());
        }
      }
    }
    if (ids.size() > Subscriptions.MAX_JOB_IDS) {
      throw ProblemException.invalid(
          "jobId", "follow at most " + Subscriptions.MAX_JOB_IDS + " jobs in one stream");
    }
    String scope = ctx.queryParam("scope");
    if (scope != null && !scope.equals("own") && !scope.equals("all")) {
      throw ProblemException.invalid("scope", "scope is own or all, not '" + scope + "'");
    }
    if ("all".equals(scope) && !caller.seesWholeTenant()) {
      throw ProblemException.forbidden(
          "only an admin or operator key may follow a whole tenant (scope=all)");
    }
    interest.all("all".equals(scope));
    interest.own("own".equals(scope) || (scope == null && ids.isEmpty()));
    interest.addJobs(ids);
    return interest;
  }

  /** Cuts the connection of a stream whose client does not read, from any thread. */
  private static void abort(Context ctx) {
    try {
      org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req())
          .getConnectionMetaData()
          .getConnection()
          .getEndPoint()
          .close();
    } catch (RuntimeException e) {
      LOG.debug("could not cut a slow event stream; its idle timeout will", e);
    }
  }

  /** The sequence number of an id this stream gave out, or -1. */
  static long sequenceOf(String id) {
    int dash = id.lastIndexOf('-');
    String epoch = dash < 0 ? EPOCH : id.substring(0, dash);
    if (!epoch.equals(EPOCH)) {
      return -1;
    }
    try {
      return Long.parseLong(id.substring(dash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String epoch() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** One stream's place in the hub: a bounded queue its request thread drains. */
  private static final class StreamSink implements LiveSink {
    private final Interest interest;
    private final BlockingQueue<Object> queue;
    private volatile boolean dropped;
    private volatile long skipUpTo;

    private final Runnable abort;

    StreamSink(Interest interest, int capacity, Runnable abort) {
      this.interest = interest;
      this.queue = new ArrayBlockingQueue<>(capacity);
      this.abort = abort;
    }

    void skipUpTo(long seq) {
      skipUpTo = seq;
    }

    @Override
    public Interest interest() {
      return interest;
    }

    @Override
    public void offer(LiveEvent event) {
      if (!dropped && !queue.offer(event)) {
        dropped = true;
        queue.clear();
        queue.offer("the client read too slowly; reconnect with Last-Event-ID");
        abort.run(); // its thread may be stuck writing to it
      }
    }

    @Override
    public void resync(String reason) {
      if (!dropped) {
        queue.offer(reason);
      }
    }

    @Override
    public void serverStopping() {
      dropped = true;
      queue.clear();
      queue.offer("the server is stopping; reconnect with Last-Event-ID");
    }
  }

  /** Writes the stream's lines; ids never go backwards (held-back progress has older numbers). */
  private static final class Writer {
    private final OutputStream out;
    private long highest;

    Writer(OutputStream out) {
      this.out = out;
    }

    void event(LiveEvent event) throws IOException {
      highest = Math.max(highest, event.seq());
      raw("id: " + EPOCH + "-" + highest + "\ndata: " + event.json() + "\n\n");
    }

    void resync(String reason) throws IOException {
      String data =
          dev.ujm.core.model.Json.mapper()
              .writeValueAsString(java.util.Map.of("event", "resync", "reason", reason));
      raw("event: resync\ndata: " + data + "\n\n");
      flush();
    }

    void raw(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException {
      out.flush();
    }
  }
}
