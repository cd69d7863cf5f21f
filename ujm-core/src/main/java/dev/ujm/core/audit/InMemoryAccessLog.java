package dev.ujm.core.audit;

import dev.ujm.core.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The access audit of the in-memory store: a list in append order. Thread-safe. */
public final class InMemoryAccessLog implements AccessLog {
  private final List<AccessEntry> lines = new ArrayList<>();
  private long next = 1;

  @Override
  public synchronized void append(List<AccessEntry> entries) {
    for (AccessEntry e : entries) {
      lines.add(e.withSeq(next++));
    }
  }

  @Override
  public synchronized Page<AccessEntry> find(AccessQuery query) {
    List<AccessEntry> page = new ArrayList<>();
    long before = query.before();
    for (int i = lines.size() - 1; i >= 0; i--) {
      AccessEntry e = lines.get(i);
      if (e.seq() < before && query.matches(e)) {
        if (page.size() == query.limit()) {
          return new Page<>(page, String.valueOf(page.getLast().seq()));
        }
        page.add(e);
      }
    }
    return new Page<>(page, null);
  }

  @Override
  public synchronized int purge(Instant before, int limit) {
    int n = 0;
    while (n < limit && !lines.isEmpty() && lines.getFirst().at().isBefore(before)) {
      lines.removeFirst();
      n++;
    }
    return n;
  }
}
