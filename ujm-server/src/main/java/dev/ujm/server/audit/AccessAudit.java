package dev.ujm.server.audit;

import dev.ujm.core.audit.AccessEntry;
import dev.ujm.core.audit.AccessLog;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.http.Caller;
import dev.ujm.server.http.HttpApi;
import dev.ujm.server.http.HttpExchange;
import dev.ujm.server.http.RequestLog;
import dev.ujm.server.http.Route;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every read and change of a job, a key or a tenant (and so its quotas) that a key makes
 * through the HTTP API into the backend's {@link AccessLog}. Its loop:
 *
 * <ol>
 *   <li>each answered request of a route under {@code /api/v2/jobs}, {@code /api/v2/dead-letter},
 *       {@code /api/v2/keys}, {@code /api/v2/tenants} or {@code /api/v1/crawl} becomes one line:
 *       key, tenant, action (method and route), target (the id in the path, or the job made),
 *       outcome (the status), request id, time; reads ({@code GET}) are kept at the configured
 *       sample rate, changes always;
 *   <li>lines wait in a bounded queue, so a request never waits for the log;
 *   <li>one virtual thread appends what is queued in batches, at least every {@link #FLUSH_EVERY};
 *       while the backend is down the batch is kept and tried again, up to the queue's bound;
 *   <li>{@link #close} appends what is left.
 * </ol>
 *
 * A line that finds the queue full is dropped and counted ({@link #dropped}), with a warning; a
 * crash loses at most the lines of the last fraction of a second. Thread-safe.
 */
public final class AccessAudit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessAudit.class);
  static final Duration FLUSH_EVERY = Duration.ofMillis(200);
  static final int QUEUE = 100_000;
  private static final int BATCH = 1_000;
  private static final List<String> AUDITED =
      List.of(
          "/api/v2/jobs",
          "/api/v2/dead-letter",
          "/api/v2/keys",
          "/api/v2/tenants",
          "/api/v1/crawl");

  private final Backend backend;
  private final AccessAuditSettings settings;
  private final InstantSource clock;
  private final BlockingQueue<AccessEntry> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final List<AccessEntry> pending = new ArrayList<>();
  private final Thread writer;
  private volatile boolean closed;
  private final CountDownLatch closing = new CountDownLatch(1);

  public AccessAudit(Backend backend, AccessAuditSettings settings, InstantSource clock) {
    this.backend = backend;
    this.settings = settings;
    this.clock = clock;
    this.writer = Thread.ofVirtual().name("access-audit").start(this::run);
  }

  /** Whether requests to this route are audited. */
  public static boolean covers(Route route) {
    return AUDITED.stream().anyMatch(route.path()::startsWith);
  }

  /**
   * Records one answered request.
   *
   * @param jobId the job the request made or touched, when the path does not name it; may be null
   */
  public void record(
      Route route,
      Caller caller,
      Map<String, String> pathParams,
      String jobId,
      int status,
      String requestId) {
    if (caller == null || !covers(route)) {
      return;
    }
    boolean read = route.method().name().equals("GET");
    if (read
        && settings.readSample() < 1
        && ThreadLocalRandom.current().nextDouble() >= settings.readSample()) {
      return;
    }
    String target =
        pathParams.isEmpty()
            ? jobId
            : pathParams.values().stream().collect(Collectors.joining(","));
    AccessEntry line =
        new AccessEntry(
            0,
            caller.key().id(),
            caller.tenant(),
            route.method().name() + " " + route.path(),
            target,
            status,
            requestId,
            clock.instant());
    if (!queue.offer(line) && dropped.getAndIncrement() % 10_000 == 0) {
      LOG.warn("the access audit falls behind: {} line(s) dropped so far", dropped.get());
    }
  }

  /** Records the request once it is answered: a request logger of the web server. */
  public void finish(io.javalin.http.Context ctx, Float millis) {
    Route route = ctx.attribute(HttpApi.ROUTE);
    Caller caller = ctx.attribute(HttpApi.CALLER);
    if (route == null || caller == null) {
      return;
    }
    record(
        route,
        caller,
        ctx.pathParamMap(),
        ctx.attribute(HttpExchange.JOB_ID),
        ctx.status().getCode(),
        RequestLog.requestId(ctx));
  }

  /** Lines dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Appends what is queued now, in order; a batch the log refuses stays pending for the next try.
   */
  public synchronized void flush() {
    while (true) {
      if (pending.isEmpty()) {
        queue.drainTo(pending, BATCH);
      }
      if (pending.isEmpty()) {
        return;
      }
      AccessLog log = backend.engine().accessLog();
      log.append(pending);
      pending.clear();
    }
  }

  private void run() {
    while (!closed) {
      try {
        AccessEntry first = queue.poll(FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          synchronized (this) {
            pending.add(first);
          }
        }
        flush();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("the access audit cannot be written now, retrying: {}", e.toString());
        try {
          if (closing.await(FLUSH_EVERY.toMillis() * 5, TimeUnit.MILLISECONDS)) {
            return; // closing: close() writes what is left
          }
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    closing.countDown();
    writer.interrupt();
    try {
      writer.join(Duration.ofSeconds(5));
      flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("{} access audit line(s) could not be written at shutdown", queue.size(), e);
    }
  }
}
