package dev.ujm.server.engine;

import dev.ujm.core.store.StoreHealth;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job engine, or why there is none yet. Controllers ask it for the {@link Engine} on every
 * request; while the backend is down that throws {@link BackendUnavailableException} (503) and
 * {@code /ready} reports the reason, while {@code /health} still answers. {@link #tryStart()} is
 * called at start and by the {@link BackendReconnector} until it succeeds. While its {@link
 * StoreBreaker} is open (the store failed many requests in a row) it answers the same way at once,
 * with how long to wait. Thread-safe.
 */
public final class Backend implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Backend.class);
  private final String name;
  private final Supplier<Engine> starter;
  private final StoreBreaker breaker;
  private final AtomicReference<Engine> engine = new AtomicReference<>();
  private volatile String downReason = "not started yet";
  private volatile boolean closed;

  /**
   * What {@code /ready} says about this backend.
   *
   * @param servers the health of each server the store is made of ({@code mongo}, {@code redis}),
   *     empty for a store on one backend or while the backend is down
   */
  public record Readiness(
      String name, boolean ready, String detail, Map<String, StoreHealth> servers) {
    public Readiness {
      servers = Map.copyOf(servers);
    }
  }

  /**
   * @param name the backend's name, as {@code UJM_STORE} names it
   * @param starter opens the stores and starts the engine; throws with a message for people when it
   *     cannot
   */
  public Backend(String name, Supplier<Engine> starter) {
    this(
        name,
        starter,
        new StoreBreaker(StoreBreaker.DEFAULT_THRESHOLD, StoreBreaker.DEFAULT_COOLDOWN));
  }

  /**
   * @param breaker counts the store's failures; while open, {@link #engine()} refuses at once
   */
  public Backend(String name, Supplier<Engine> starter, StoreBreaker breaker) {
    this.name = name;
    this.starter = starter;
    this.breaker = breaker;
  }

  /**
   * The running engine.
   *
   * @throws BackendUnavailableException while the backend is down or its breaker is open
   */
  public Engine engine() {
    Engine running = engine.get();
    if (running == null) {
      throw new BackendUnavailableException(name, downReason);
    }
    Duration wait = breaker.retryAfter();
    if (!wait.isZero()) {
      throw new BackendUnavailableException(
          name,
          "it failed "
              + breaker.threshold()
              + " requests in a row, so it is not asked again for a few seconds",
          wait);
    }
    return running;
  }

  /** The breaker that counts the store's failures. */
  public StoreBreaker breaker() {
    return breaker;
  }

  /** Starts the engine unless it runs; returns whether it runs now. Never throws. */
  public synchronized boolean tryStart() {
    if (engine.get() != null) {
      return true;
    }
    if (closed) {
      return false;
    }
    try {
      engine.set(starter.get());
      LOG.info("the {} job store is open; workers are running", name);
      return true;
    } catch (RuntimeException e) {
      downReason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("the {} job store is not available: {}", name, downReason);
      LOG.debug("why the {} job store is not available", name, e);
      return false;
    }
  }

  public boolean isUp() {
    return engine.get() != null;
  }

  /**
   * Whether the backend answers and takes writes now, and if not, why: not started, or the store's
   * own reason (writes failing on a full disk since when, read-only, …).
   */
  public Readiness readiness() {
    Engine running = engine.get();
    if (running == null) {
      return new Readiness(name, false, downReason, Map.of());
    }
    if (breaker.isOpen()) {
      return new Readiness(
          name,
          false,
          "the " + name + " job store failed " + breaker.threshold() + " requests in a row",
          running.backendHealth());
    }
    StoreHealth health = running.health();
    return new Readiness(name, health.ready(), health.detail(), running.backendHealth());
  }

  public String name() {
    return name;
  }

  /**
   * Stops the workers (they hand back their jobs) while the engine still answers reads, then takes
   * the engine away and closes the stores.
   */
  @Override
  public synchronized void close() {
    closed = true;
    Engine running = engine.get();
    if (running != null) {
      running.stopWorkers();
    }
    engine.set(null);
    downReason = "the server is shutting down";
    if (running != null) {
      running.close();
    }
  }
}
