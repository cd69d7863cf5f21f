package dev.ujm.core.cluster;

/**
 * A change to a queue's {@link QueueControl}; null fields stay as they are.
 *
 * @param paused pause (true) or resume (false)
 * @param size a fixed number of slots per node (0 to 10,000); clears an autoscaling range
 * @param scaleMin with {@code scaleMax}: autoscale between these (0 ≤ min ≤ max ≤ 10,000); clears a
 *     fixed size
 */
public record QueueControlUpdate(Boolean paused, Integer size, Integer scaleMin, Integer scaleMax) {
  /** Largest pool one node runs for a queue. */
  public static final int MAX_SIZE = 10_000;

  public QueueControlUpdate {
    if (size != null && (size < 0 || size > MAX_SIZE)) {
      throw new IllegalArgumentException("size must be 0 to " + MAX_SIZE + ", not " + size);
    }
    if ((scaleMin == null) != (scaleMax == null)) {
      throw new IllegalArgumentException("an autoscaling range needs both min and max");
    }
    if (scaleMin != null && (scaleMin < 0 || scaleMax > MAX_SIZE || scaleMin > scaleMax)) {
      throw new IllegalArgumentException(
          "an autoscaling range needs 0 <= min <= max <= "
              + MAX_SIZE
              + ", not "
              + scaleMin
              + ".."
              + scaleMax);
    }
    if (size != null && scaleMin != null) {
      throw new IllegalArgumentException("give a fixed size or an autoscaling range, not both");
    }
  }

  public static QueueControlUpdate pause(boolean paused) {
    return new QueueControlUpdate(paused, null, null, null);
  }

  public static QueueControlUpdate resize(int size) {
    return new QueueControlUpdate(null, size, null, null);
  }
}
