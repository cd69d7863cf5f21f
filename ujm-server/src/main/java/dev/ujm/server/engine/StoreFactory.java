package dev.ujm.server.engine;

import dev.ujm.core.config.UjmConfig;
import dev.ujm.core.store.StoreProviders;
import dev.ujm.core.store.Stores;
import java.time.InstantSource;

/**
 * Opens the stores a configuration names. The server calls it at start and, while it fails, again
 * every few seconds: a backend that is down leaves the server running in a degraded state, not
 * crashed.
 */
@FunctionalInterface
public interface StoreFactory {

  /** The store of the configuration's {@code UJM_STORE}, among the providers on the class path. */
  static StoreFactory byName() {
    return (config, clock) ->
        StoreProviders.named(config.store())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no store named '" + config.store() + "' in this build"))
            .open(config, clock);
  }

  /**
   * Opens the stores.
   *
   * @throws RuntimeException with a message for people when the backend cannot be reached now
   */
  Stores open(UjmConfig config, InstantSource clock);
}
