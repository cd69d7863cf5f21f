package dev.ujm.server.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ujm.core.model.Json;
import dev.ujm.server.engine.Backend;
import dev.ujm.server.engine.BackendUnavailableException;
import dev.ujm.server.http.Access;
import dev.ujm.server.http.Caller;
import dev.ujm.server.http.Guard;
import dev.ujm.server.http.ProblemException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket {@code /api/v2/ws}. A connection's life:
 *
 * <ol>
 *   <li>at the upgrade, a key given as a header or {@code ?apiKey=} is checked like any request's
 *       (a bad one is refused with its problem: 401, 403, 429, 503); without one the upgrade goes
 *       through and the first message must be {@code {"action":"auth","apiKey":"…"}} within {@link
 *       #AUTH_TIMEOUT}, else the server closes with {@link CloseCodes#UNAUTHORIZED};
 *   <li>once the key is known the server says {@code {"event":"ready",…}}; the client then
 *       subscribes ({@link Subscriptions}) and receives the job events it follows and may read;
 *   <li>the server pings every {@link #PING_EVERY} and closes a connection silent for {@link
 *       #IDLE_TIMEOUT} (a vanished client); {@code {"action":"ping"}} answers {@code
 *       {"event":"pong"}} for clients that cannot send ping frames (browsers);
 *   <li>a client that reads too slowly is dropped ({@link SocketClient}); a closed connection
 *       leaves the hub at once.
 * </ol>
 *
 * Thread-safe.
 */
public final class LiveSocket implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);
  public static final String PATH = "/api/v2/ws";
  static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
  static final Duration PING_EVERY = Duration.ofSeconds(20);
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
  private static final String CALLER = "ujm.live.caller";
  private static final long MAX_MESSAGE_BYTES = 64 * 1024;

  private final Backend backend;
  private final Guard guard;
  private final LiveHub hub;
  private final int sendQueue;
  private final Map<String, SocketClient> clients = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("ujm-ws-timers").daemon(true).factory());

  /**
   * @param sendQueue messages one connection may have waiting before it is dropped as too slow
   */
  public LiveSocket(Backend backend, Guard guard, LiveHub hub, int sendQueue) {
    this.backend = backend;
    this.guard = guard;
    this.hub = hub;
    this.sendQueue = sendQueue;
  }

  /** Adds the endpoint to the web server. */
  public void configure(JavalinConfig config) {
    config.routes.wsBeforeUpgrade(PATH, this::beforeUpgrade);
    config.routes.ws(
        PATH,
        ws -> {
          ws.onConnect(this::connected);
          ws.onMessage(this::message);
          ws.onClose(this::closed);
          ws.onError(ctx -> LOG.debug("WebSocket error", ctx.error()));
        });
  }

  /** Connections open now. */
  public int connections() {
    return clients.size();
  }

  private void beforeUpgrade(Context ctx) {
    boolean keyGiven =
        ctx.header("Authorization") != null
            || ctx.header("X-API-Key") != null
            || ctx.queryParam("apiKey") != null;
    if (keyGiven) {
      Caller caller = guard.check(ctx, Access.READ, true);
      ctx.attribute(CALLER, caller);
    }
  }

  private void connected(WsConnectContext ctx) {
    ctx.session.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
    ctx.session.setIdleTimeout(IDLE_TIMEOUT);
    ctx.enableAutomaticPings(PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    SocketClient client = new SocketClient(ctx.session, hub, sendQueue);
    clients.put(ctx.sessionId(), client);
    Caller caller = ctx.attribute(CALLER);
    if (caller != null) {
      authenticate(ctx, client, caller);
    } else {
      timers.schedule(
          () -> {
            if (!client.isAuthenticated()) {
              client.drop(CloseCodes.UNAUTHORIZED, "no API key: send {\"action\":\"auth\"} first");
            }
          },
          AUTH_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void authenticate(WsContext ctx, SocketClient client, Caller caller) {
    try {
      hub.attach(backend.engine().events());
    } catch (BackendUnavailableException e) {
      client.drop(CloseCodes.TRY_AGAIN_LATER, "the job store is not available");
      return;
    }
    client.authenticated(caller);
  }

  private void message(WsMessageContext ctx) {
    SocketClient client = clients.get(ctx.sessionId());
    if (client == null || client.isClosed()) {
      return;
    }
    ClientMessage message;
    try {
      message = Json.mapper().readValue(ctx.message(), ClientMessage.class);
    } catch (JsonProcessingException e) {
      client.reply(Subscriptions.error(400, "a message is a JSON object with an action"));
      return;
    }
    String action = message.action() == null ? "" : message.action();
    if (action.equals("ping")) {
      client.reply(Map.of("event", "pong"));
    } else if (!client.isAuthenticated()) {
      if (!action.equals("auth") || message.apiKey() == null || message.apiKey().isBlank()) {
        client.drop(CloseCodes.UNAUTHORIZED, "the first message must be {\"action\":\"auth\"}");
        return;
      }
      try {
        authenticate(
            ctx,
            client,
            guard.check(
                message.apiKey().trim(),
                Access.READ,
                ctx.queryParam("tenant"),
                hostOf(ctx.session.getRemoteSocketAddress())));
      } catch (ProblemException e) {
        client.drop(CloseCodes.UNAUTHORIZED, e.getMessage());
      } catch (BackendUnavailableException e) {
        client.drop(CloseCodes.TRY_AGAIN_LATER, "the job store is not available");
      }
    } else {
      Subscriptions.handle(client, hub, action, message);
    }
  }

  private void closed(WsCloseContext ctx) {
    SocketClient client = clients.remove(ctx.sessionId());
    if (client != null) {
      client.closed();
    }
  }

  /** Closes every connection with {@link CloseCodes#GOING_AWAY}. */
  @Override
  public void close() {
    timers.shutdownNow();
    clients.values().forEach(c -> c.drop(CloseCodes.GOING_AWAY, "the server is shutting down"));
    clients.clear();
  }

  /** The client's address without its port, as the failed-authentication throttle counts it. */
  private static String hostOf(java.net.SocketAddress address) {
    return address instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : String.valueOf(address);
  }
}
