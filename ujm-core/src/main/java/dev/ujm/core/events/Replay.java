package dev.ujm.core.events;

import java.util.List;

/**
 * The events a bus still holds after a sequence number.
 *
 * @param events the matching events after the number asked for, oldest first
 * @param complete false when the bus no longer holds some events after that number (its replay
 *     buffer moved past them): a reader must then re-read the state it follows from the store
 * @param lastSeq the bus's last sequence number when the replay was taken
 */
public record Replay(List<JobChange> events, boolean complete, long lastSeq) {
  public Replay {
    events = List.copyOf(events);
  }
}
