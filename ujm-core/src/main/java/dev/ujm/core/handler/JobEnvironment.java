package dev.ujm.core.handler;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link JobModule} may read while it builds its job types: the node's clock, its
 * configuration settings (environment names such as {@code UJM_CRAWL_MAX_PAGES}) and the node's
 * shared services by type (for example the job store, to read another job's result, or the {@code
 * dev.ujm.core.files.FileStore} that holds uploaded and produced files). A type whose service is
 * missing decides for itself what to do: refuse its jobs at submit with a sentence, or leave out
 * the feature that needs it. Immutable.
 *
 * @param services one instance per service type; each value is an instance of its key
 */
public record JobEnvironment(
    InstantSource clock, Map<String, String> settings, Map<Class<?>, Object> services) {
  public JobEnvironment {
    settings = Map.copyOf(settings);
    services = Map.copyOf(services);
    services.forEach(
        (type, service) -> {
          if (!type.isInstance(service)) {
            throw new IllegalArgumentException(
                "service " + service.getClass().getName() + " is not a " + type.getName());
          }
        });
  }

  /** An environment without services. */
  public JobEnvironment(InstantSource clock, Map<String, String> settings) {
    this(clock, settings, Map.of());
  }

  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name)).filter(v -> !v.isBlank());
  }

  /** The node's service of this type, if it has one. */
  public <T> Optional<T> service(Class<T> type) {
    return Optional.ofNullable(services.get(type)).map(type::cast);
  }

  /** This environment with one service added or replaced. */
  public <T> JobEnvironment with(Class<T> type, T service) {
    Map<Class<?>, Object> more = new HashMap<>(services);
    more.put(type, service);
    return new JobEnvironment(clock, settings, more);
  }
}
