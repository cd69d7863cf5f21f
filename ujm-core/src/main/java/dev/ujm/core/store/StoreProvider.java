package dev.ujm.core.store;

import dev.ujm.core.config.UjmConfig;
import java.time.InstantSource;
import java.util.List;

/**
 * A backend UJM can run on, found by its name ({@code UJM_STORE}) among the providers on the class
 * path ({@link java.util.ServiceLoader}, {@code
 * META-INF/services/dev.ujm.core.store.StoreProvider}): {@code memory}, {@code sqlite}, {@code
 * redis-mongo}. Implementations are stateless and thread-safe.
 */
public interface StoreProvider {

  /** The name {@code UJM_STORE} selects it by. */
  String name();

  /**
   * What is wrong with the configuration for this backend, one sentence per problem (a missing
   * database name, a URI of the wrong scheme); empty when it may be opened.
   */
  default List<String> check(UjmConfig config) {
    return List.of();
  }

  /**
   * Opens the backend.
   *
   * @throws RuntimeException with a message for people when the backend cannot be reached now; the
   *     server then starts degraded and tries again
   */
  Stores open(UjmConfig config, InstantSource clock);
}
