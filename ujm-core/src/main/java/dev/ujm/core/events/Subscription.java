package dev.ujm.core.events;

/** A listener's place on the bus; closing it stops delivery and frees its queue and thread. */
public interface Subscription extends AutoCloseable {
  /** Events handed to the listener so far. */
  long delivered();

  /** Events this subscription missed because its queue was full. */
  long dropped();

  boolean isOpen();

  /** Stops delivery; events still queued are discarded. Idempotent. */
  @Override
  void close();
}
