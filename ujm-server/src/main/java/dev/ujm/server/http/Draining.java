package dev.ujm.server.http;

/**
 * Whether this node has begun to shut down. Set once, before the workers are stopped; from then on
 * routes that submit work answer 503 {@code shutting-down} with {@code Retry-After}, {@code /ready}
 * answers 503, and everything else is still answered (so {@code /health} stays 200 and running jobs
 * can still be read and followed) until the workers have handed back and the web server closes.
 * Thread-safe.
 */
public final class Draining {
  private volatile boolean begun;

  /** Marks the start of the shutdown. Idempotent. */
  public void begin() {
    begun = true;
  }

  public boolean hasBegun() {
    return begun;
  }
}
