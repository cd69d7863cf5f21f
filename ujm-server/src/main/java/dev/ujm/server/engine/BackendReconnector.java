package dev.ujm.server.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a backend that was down at start up as soon as it can be reached. Its loop:
 *
 * <ol>
 *   <li>Wait the interval (waking early when stopped).
 *   <li>If the backend is up, or the reconnector was stopped, end.
 *   <li>Try to start the backend; on failure go back to 1.
 * </ol>
 */
public final class BackendReconnector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackendReconnector.class);
  private final Backend backend;
  private final Duration interval;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Thread thread;

  public BackendReconnector(Backend backend, Duration interval) {
    this.backend = backend;
    this.interval = interval;
  }

  /** Starts the loop unless the backend is already up. */
  public synchronized void start() {
    if (backend.isUp() || thread != null) {
      return;
    }
    thread = Thread.ofVirtual().name("ujm-backend-reconnector").start(this::loop);
  }

  /** Runs one attempt now; returns whether the backend is up. */
  public boolean runOnce() {
    return backend.tryStart();
  }

  private void loop() {
    LOG.info("will retry the {} job store every {} s", backend.name(), interval.toSeconds());
    try {
      while (!stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
        if (runOnce()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    stopped.countDown();
  }
}
