package dev.ujm.core.store;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link StoreProvider}s on the class path. Stateless. */
public final class StoreProviders {
  private StoreProviders() {}

  /** Every provider on the class path. */
  public static List<StoreProvider> all() {
    return ServiceLoader.load(StoreProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  /** The provider of that name, if one is on the class path. */
  public static Optional<StoreProvider> named(String name) {
    return all().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The names of the providers on the class path, sorted. */
  public static List<String> names() {
    return List.copyOf(new TreeSet<>(all().stream().map(StoreProvider::name).toList()));
  }
}
