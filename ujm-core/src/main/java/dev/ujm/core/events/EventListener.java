package dev.ujm.core.events;

/**
 * Receives the events of one subscription, in sequence order, on the subscription's own thread (one
 * event at a time; a slow listener delays only itself).
 */
@FunctionalInterface
public interface EventListener {
  void onEvent(JobChange change);

  /**
   * Events were dropped because this subscription's queue was full (the listener fell behind) or
   * the bus itself was overloaded; called before the next event that is delivered. A listener that
   * must not miss anything re-reads what it follows from the store, or replays from the bus.
   *
   * @param missed how many events this subscription did not get
   */
  default void onOverflow(long missed) {}
}
