package dev.ujm.core.handler;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link JobModule} may read while it builds its job types: the node's clock and its
 * configuration settings (environment names such as {@code UJM_CRAWL_MAX_PAGES}).
 */
public record JobEnvironment(InstantSource clock, Map<String, String> settings) {
  public JobEnvironment {
    settings = Map.copyOf(settings);
  }

  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name)).filter(v -> !v.isBlank());
  }
}
