package dev.ujm.core.store;

import java.util.Objects;

/**
 * Whether a store can take writes now and, when not, why, in a sentence for {@code /ready}.
 *
 * @param ready whether reads and writes work now
 * @param detail what an operator reads on {@code /ready}: {@code open}, or why the store is not
 *     ready (the disk is full since when, how many writes failed, …)
 */
public record StoreHealth(boolean ready, String detail) {
  /** A store that answers reads and writes. */
  public static final StoreHealth READY = new StoreHealth(true, "open");

  public StoreHealth {
    Objects.requireNonNull(detail, "detail");
  }

  /** A store that cannot take writes now, for this reason. */
  public static StoreHealth notReady(String detail) {
    return new StoreHealth(false, detail);
  }
}
