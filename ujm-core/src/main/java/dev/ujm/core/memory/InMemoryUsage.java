package dev.ujm.core.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.JobState;
import dev.ujm.core.model.Json;
import dev.ujm.core.tenant.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The metered usage of {@link InMemoryJobStore}, counted by {@link InMemoryJobTable} in the step of
 * each move (see {@link Usage} for what counts). Not thread-safe: the store's lock guards it.
 */
final class InMemoryUsage {
  private record Key(String tenant, LocalDate day, String type) {}

  /** The running sums of one row. */
  private static final class Sums {
    long submitted;
    long attempts;
    long completed;
    long failed;
    long runningMillis;
    double cost;
    long resultBytes;
  }

  private final Map<Key, Sums> rows = new HashMap<>();
  private final Map<String, Instant> attemptStarts = new HashMap<>();

  void submitted(Job job) {
    sums(job, job.createdAt()).submitted++;
  }

  /** Counts a move: a claim starts an attempt, a move out of processing ends it. */
  void moved(Job before, Job after, Instant now) {
    if (after.state() == JobState.PROCESSING) {
      attemptStarts.put(after.id(), now);
      return;
    }
    if (before.state() != JobState.PROCESSING) {
      return;
    }
    Instant started = Objects.requireNonNullElse(attemptStarts.remove(after.id()), now);
    Sums sums = sums(after, now);
    sums.runningMillis += Duration.between(started, now).toMillis();
    if (after.attempt() >= before.attempt()) { // not handed back
      sums.attempts++;
      sums.cost += after.cost();
    }
    if (after.state() == JobState.COMPLETED) {
      sums.completed++;
      sums.resultBytes += bytes(after.result());
    } else if (after.state() == JobState.FAILED) {
      sums.failed++;
    }
  }

  void resultItems(Job job, List<JsonNode> items, Instant now) {
    Sums sums = sums(job, now);
    items.forEach(item -> sums.resultBytes += bytes(item));
  }

  /** Forgets the attempt of a deleted job. */
  void deleted(Job job) {
    attemptStarts.remove(job.id());
  }

  List<Usage> usage(String tenantId, LocalDate from, LocalDate to) {
    NavigableMap<String, Usage> sorted = new TreeMap<>();
    rows.forEach(
        (key, sums) -> {
          if (Objects.equals(key.tenant(), tenantId)
              && !key.day().isBefore(from)
              && !key.day().isAfter(to)) {
            sorted.put(
                key.day() + "/" + key.type(),
                new Usage(
                    tenantId,
                    key.day(),
                    key.type(),
                    sums.submitted,
                    sums.attempts,
                    sums.completed,
                    sums.failed,
                    sums.runningMillis / 1000.0,
                    sums.cost,
                    sums.resultBytes));
          }
        });
    return new ArrayList<>(sorted.values());
  }

  private Sums sums(Job job, Instant at) {
    return rows.computeIfAbsent(
        new Key(job.tenantId(), LocalDate.ofInstant(at, ZoneOffset.UTC), job.type()),
        key -> new Sums());
  }

  /** The bytes of a value's JSON text, as a store writes it. */
  private static long bytes(JsonNode value) {
    if (value == null) {
      return 0;
    }
    try {
      return Json.mapper().writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a result cannot be written as JSON", e);
    }
  }
}
