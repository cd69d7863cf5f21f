package dev.ujm.core.events;

import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Progress;
import dev.ujm.core.model.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The latest events of a bus, kept for {@link EventBus#since}, in columns of primitives rather than
 * as {@link JobChange} objects.
 *
 * <p>Why columns: a full buffer of 65,536 events as objects is about a quarter of a million small
 * objects (the change, its job id, its instant) that live for as long as the buffer takes to wrap
 * around, tens of seconds at a few thousand changes a second. Every young collection of that span
 * copied the ones born since the last, until they were old enough to be promoted, and then they
 * died old: at 1,000 submits a second that was most of what G1's young pauses copied, and doubled
 * them. Here a job id in the canonical form of {@link dev.ujm.core.model.JobIds} is two longs, the
 * instant a long and an int, the enums their ordinals, and the names that repeat (tenant, owner,
 * type, queue, worker) one shared string each, so a stored event allocates nothing that the
 * collector has to copy. Events are rebuilt as {@link JobChange} only when a replay reads them.
 *
 * <p>Sequence numbers are consecutive (the bus numbers each change one above the last), so an
 * event's slot is its number modulo the capacity. Not thread-safe: the bus guards it.
 */
final class ReplayBuffer {
  /** Distinct names remembered for sharing; past that the memory starts over. */
  private static final int NAMES = 4096;

  private static final JobState[] STATES = JobState.values();
  private static final Transition[] TRANSITIONS = Transition.values();
  private static final JobChange.Kind[] KINDS = JobChange.Kind.values();

  private final int capacity;
  private final long[] idHigh;
  private final long[] idLow;

  /** The job id where it is not in the canonical form (then {@code idHigh}/{@code idLow} are 0). */
  private final String[] idText;

  private final String[] tenantId;
  private final String[] ownerId;
  private final String[] type;
  private final String[] queue;
  private final String[] workerId;
  private final Progress[] progress;
  private final byte[] kind;
  private final byte[] state;

  /** Ordinal + 1; 0 for none. */
  private final byte[] from;

  /** Ordinal + 1; 0 for none. */
  private final byte[] transition;

  private final int[] attempt;
  private final long[] atSecond;
  private final int[] atNano;
  private final double[] cost;
  private final Map<String, String> names = new HashMap<>();

  private long lastSeq;
  private int size;

  ReplayBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    idHigh = new long[capacity];
    idLow = new long[capacity];
    idText = new String[capacity];
    tenantId = new String[capacity];
    ownerId = new String[capacity];
    type = new String[capacity];
    queue = new String[capacity];
    workerId = new String[capacity];
    progress = new Progress[capacity];
    kind = new byte[capacity];
    state = new byte[capacity];
    from = new byte[capacity];
    transition = new byte[capacity];
    attempt = new int[capacity];
    atSecond = new long[capacity];
    atNano = new int[capacity];
    cost = new double[capacity];
  }

  /**
   * Keeps a numbered event, replacing the oldest when full.
   *
   * @throws IllegalArgumentException when its number does not follow the last one kept
   */
  void add(JobChange event) {
    if (event.seq() != lastSeq + 1 && size > 0) {
      throw new IllegalArgumentException(
          "event " + event.seq() + " does not follow " + lastSeq + " in the replay buffer");
    }
    int slot = slot(event.seq());
    String id = event.jobId();
    if (id != null && isCanonicalUuid(id)) {
      UUID uuid = UUID.fromString(id);
      idHigh[slot] = uuid.getMostSignificantBits();
      idLow[slot] = uuid.getLeastSignificantBits();
      idText[slot] = null;
    } else {
      idHigh[slot] = 0;
      idLow[slot] = 0;
      idText[slot] = id;
    }
    tenantId[slot] = shared(event.tenantId());
    ownerId[slot] = shared(event.ownerId());
    type[slot] = shared(event.type());
    queue[slot] = shared(event.queue());
    workerId[slot] = shared(event.workerId());
    progress[slot] = event.progress();
    kind[slot] = (byte) event.kind().ordinal();
    state[slot] = ordinalPlusOne(event.state());
    from[slot] = ordinalPlusOne(event.from());
    transition[slot] = ordinalPlusOne(event.transition());
    attempt[slot] = event.attempt();
    Instant at = event.at();
    atSecond[slot] = at == null ? Long.MIN_VALUE : at.getEpochSecond();
    atNano[slot] = at == null ? 0 : at.getNano();
    cost[slot] = event.cost();
    lastSeq = event.seq();
    size = Math.min(size + 1, capacity);
  }

  /** The number of the last event kept; 0 when none was. */
  long lastSeq() {
    return lastSeq;
  }

  /** The number of the oldest event kept; {@code lastSeq() + 1} when none is. */
  long firstSeq() {
    return lastSeq - size + 1;
  }

  /** The kept events numbered above {@code seq} that the filter accepts, oldest first. */
  List<JobChange> after(long seq, Predicate<JobChange> filter) {
    List<JobChange> events = new ArrayList<>();
    for (long s = Math.max(seq + 1, firstSeq()); s <= lastSeq; s++) {
      JobChange event = get(s);
      if (filter.test(event)) {
        events.add(event);
      }
    }
    return events;
  }

  private JobChange get(long seq) {
    int slot = slot(seq);
    String id =
        idText[slot] != null ? idText[slot] : new UUID(idHigh[slot], idLow[slot]).toString();
    return new JobChange(
        seq,
        KINDS[kind[slot]],
        id,
        tenantId[slot],
        ownerId[slot],
        type[slot],
        queue[slot],
        byOrdinalPlusOne(STATES, state[slot]),
        byOrdinalPlusOne(STATES, from[slot]),
        byOrdinalPlusOne(TRANSITIONS, transition[slot]),
        attempt[slot],
        workerId[slot],
        progress[slot],
        atSecond[slot] == Long.MIN_VALUE
            ? null
            : Instant.ofEpochSecond(atSecond[slot], atNano[slot]),
        cost[slot]);
  }

  private int slot(long seq) {
    return (int) Math.floorMod(seq, (long) capacity);
  }

  /** One string for each name seen lately, so that the buffer keeps old strings, not new ones. */
  private String shared(String name) {
    if (name == null) {
      return null;
    }
    String known = names.putIfAbsent(name, name);
    if (known != null) {
      return known;
    }
    if (names.size() > NAMES) {
      names.clear();
      names.put(name, name);
    }
    return name;
  }

  private static byte ordinalPlusOne(Enum<?> value) {
    return value == null ? 0 : (byte) (value.ordinal() + 1);
  }

  private static <E> E byOrdinalPlusOne(E[] values, byte stored) {
    return stored == 0 ? null : values[stored - 1];
  }

  /**
   * Whether the text is a UUID exactly as {@link UUID#toString()} writes it (lower-case hex, dashes
   * after 8, 12, 16 and 20 digits), so that it comes back unchanged from its two longs.
   */
  static boolean isCanonicalUuid(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok =
          i == 8 || i == 13 || i == 18 || i == 23
              ? c == '-'
              : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
