package dev.ujm.server.live;

import dev.ujm.core.model.Json;
import dev.ujm.server.http.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection. Its sender:
 *
 * <ol>
 *   <li>the hub (or the connection's own replies) put messages in a bounded queue without waiting;
 *   <li>a virtual thread of its own takes them one at a time and sends each, waiting until the
 *       frame has left, at most {@link #SEND_TIMEOUT_SECONDS};
 *   <li>a full queue or a send that does not finish in time means the client does not read: it is
 *       closed with {@link CloseCodes#TOO_SLOW} and its connection dropped, and nobody else waits
 *       for it;
 *   <li>closing (either side) leaves the hub, clears the queue and ends the thread.
 * </ol>
 *
 * Thread-safe.
 */
final class SocketClient implements LiveSink {
  private static final Logger LOG = LoggerFactory.getLogger(SocketClient.class);
  static final int SEND_TIMEOUT_SECONDS = 10;

  private final Session session;
  private final LiveHub hub;
  private final BlockingQueue<String> queue;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Interest interest;
  private final Thread sender;

  SocketClient(Session session, LiveHub hub, int capacity) {
    this.session = session;
    this.hub = hub;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sender = Thread.ofVirtual().name("ujm-ws-sender").start(this::sendLoop);
  }

  boolean isAuthenticated() {
    return interest != null;
  }

  /** The key is known: the client may subscribe from now on. */
  void authenticated(Caller caller) {
    interest = new Interest(caller);
    hub.join(this);
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("event", "ready");
    ready.put("role", caller.key().role().wireName());
    ready.put("tenant", caller.tenant());
    ready.put("userId", caller.userId());
    reply(ready);
  }

  @Override
  public Interest interest() {
    return interest;
  }

  @Override
  public void offer(LiveEvent event) {
    enqueue(event.json());
  }

  @Override
  public void resync(String reason) {
    reply(Map.of("event", "resync", "reason", reason));
  }

  /** Queues a message of the server's own (ready, subscribed, error, pong). */
  void reply(Object message) {
    try {
      enqueue(Json.mapper().writeValueAsString(message));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a reply cannot fail to render", e);
    }
  }

  private void enqueue(String text) {
    if (!closed.get() && !queue.offer(text)) {
      drop(CloseCodes.TOO_SLOW, "too slow: the send queue is full");
    }
  }

  private void sendLoop() {
    try {
      while (!closed.get()) {
        String next = queue.take();
        Callback.Completable sent = new Callback.Completable();
        session.sendText(next, sent);
        try {
          sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          drop(CloseCodes.TOO_SLOW, "too slow: a send did not finish in time");
        } catch (ExecutionException e) {
          LOG.debug("a WebSocket send failed; the connection is gone", e.getCause());
          closed();
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** Closes from the server's side with a code that says why, and forgets the client. */
  void drop(int code, String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    hub.leave(this);
    if (code == CloseCodes.TOO_SLOW) {
      hub.droppedTooSlow();
    }
    queue.clear();
    sender.interrupt();
    LOG.info("closing a WebSocket ({}): {}", code, reason);
    try {
      session.close(code, reason, Callback.NOOP);
    } catch (RuntimeException e) {
      session.disconnect();
      return;
    }
    // A client that does not read will not answer the close frame either: the frame may well be
    // written (the socket's buffer had room), but the closing handshake would then wait for the
    // idle timeout. Two seconds after the close, whatever became of it, the connection is cut
    // (a connection closed by then is not touched again).
    CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(session::disconnect);
  }

  /** The connection closed (either side): release everything. */
  void closed() {
    if (closed.compareAndSet(false, true)) {
      hub.leave(this);
      queue.clear();
      sender.interrupt();
    }
  }

  boolean isClosed() {
    return closed.get();
  }
}
