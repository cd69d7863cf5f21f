package dev.ujm.server.engine;

import dev.ujm.core.config.UjmConfig;
import java.time.InstantSource;

/**
 * Opens the stores a configuration names. The server calls it at start and, while it fails, again
 * every few seconds: a backend that is down leaves the server running in a degraded state, not
 * crashed.
 */
@FunctionalInterface
public interface StoreFactory {

  /**
   * Opens the stores.
   *
   * @throws RuntimeException with a message for people when the backend cannot be reached now
   */
  Stores open(UjmConfig config, InstantSource clock);
}
