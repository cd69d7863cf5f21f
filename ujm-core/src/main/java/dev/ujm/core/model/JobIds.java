package dev.ujm.core.model;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Makes time-ordered UUIDv7 ids (RFC 9562). Ids made by one generator are strictly increasing even
 * within one millisecond, so ordering by id is ordering by submission. Thread-safe.
 */
public final class JobIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern WELL_FORMED =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private long lastMillis;
  private long sequence;

  public JobIds(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * Whether a text has the form of the ids this class makes: a UUID in its canonical lower-case
   * form ({@code 01a2239d-4534-729f-96f3-2563e13cbf68}). Anything else names no job.
   */
  public static boolean isWellFormed(String id) {
    return id != null && WELL_FORMED.matcher(id).matches();
  }

  /** The next id. */
  public String next() {
    long millis;
    long seq;
    lock.lock();
    try {
      millis = Math.max(clock.millis(), lastMillis);
      if (millis == lastMillis) {
        sequence++;
        if (sequence > 0xFFF) { // 12 bits used up within this millisecond: borrow the next one
          millis++;
          sequence = 0;
        }
      } else {
        sequence = RANDOM.nextInt(0x400); // random start leaves room to count up
      }
      lastMillis = millis;
      seq = sequence;
    } finally {
      lock.unlock();
    }
    long msb = (millis << 16) | 0x7000L | seq;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
