package dev.ujm.core.schedule;

import dev.ujm.core.model.UjmException;

/** No schedule with this id (or none the caller may see). */
public final class ScheduleNotFoundException extends UjmException {
  public ScheduleNotFoundException(String id) {
    super("no schedule with id " + id);
  }
}
