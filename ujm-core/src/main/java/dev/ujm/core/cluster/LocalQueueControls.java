package dev.ujm.core.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link QueueControls} of one process: in memory, and written to a JSON file after each change
 * when given one (replaced atomically, so a crash leaves the old or the new file, never half of
 * one). Thread-safe.
 */
public final class LocalQueueControls implements QueueControls {
  private static final Logger LOG = LoggerFactory.getLogger(LocalQueueControls.class);
  private final InstantSource clock;
  private final Path file;
  private final Map<String, QueueControl> controls = new TreeMap<>();
  private final List<Consumer<QueueControl>> listeners = new CopyOnWriteArrayList<>();

  /** Controls kept in memory only. */
  public LocalQueueControls(InstantSource clock) {
    this(clock, null);
  }

  /**
   * Controls kept in {@code file} too (read now when it exists).
   *
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  public LocalQueueControls(InstantSource clock, Path file) {
    this.clock = clock;
    this.file = file;
    if (file != null && Files.exists(file)) {
      try {
        List<QueueControl> saved =
            Json.mapper().readValue(file.toFile(), new TypeReference<List<QueueControl>>() {});
        saved.forEach(c -> controls.put(c.queue(), c));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the queue settings in " + file, e);
      }
    }
  }

  @Override
  public synchronized Optional<QueueControl> get(String queue) {
    return Optional.ofNullable(controls.get(queue));
  }

  @Override
  public synchronized List<QueueControl> all() {
    return new ArrayList<>(controls.values());
  }

  @Override
  public QueueControl update(String queue, QueueControlUpdate update, String by) {
    QueueControl next;
    synchronized (this) {
      QueueControl now = controls.getOrDefault(queue, QueueControl.none(queue));
      next = now.with(update, clock.instant(), by);
      controls.put(queue, next);
      save();
    }
    for (Consumer<QueueControl> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("a queue control listener failed on queue {}", queue, e);
      }
    }
    return next;
  }

  @Override
  public void onChange(Consumer<QueueControl> listener) {
    listeners.add(listener);
  }

  private void save() {
    if (file == null) {
      return;
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(tmp.toFile(), new ArrayList<>(controls.values()));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the queue settings to " + file, e);
    }
  }
}
