package dev.ujm.server.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ujm.core.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook subscriptions of this server, kept in {@code webhooks.json} in the data directory
 * (private to this user: it holds the signing secrets) and in memory for the dispatcher, which
 * reads them at every event. Every change rewrites the file atomically, so a crash leaves the old
 * list or the new one. Thread-safe.
 */
public final class WebhookRegistry {
  /** The file in the data directory. */
  public static final String FILE = "webhooks.json";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path file;
  private final Map<String, WebhookSubscription> byId = new LinkedHashMap<>();
  private volatile List<WebhookSubscription> snapshot = List.of();

  /** The subscriptions kept in {@code file}; none when it does not exist yet. */
  public WebhookRegistry(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      try {
        List<WebhookSubscription> saved =
            Json.mapper().readValue(file.toFile(), new TypeReference<>() {});
        saved.forEach(s -> byId.put(s.id(), s));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the webhooks in " + file, e);
      }
    }
    snapshot = List.copyOf(byId.values());
  }

  /** A fresh subscription id. */
  static String newId() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return "wh_" + HexFormat.of().formatHex(bytes);
  }

  /** Keeps a new subscription. */
  public synchronized void add(WebhookSubscription subscription) {
    byId.put(subscription.id(), subscription);
    save();
  }

  /** Every subscription, for the dispatcher. */
  public List<WebhookSubscription> all() {
    return snapshot;
  }

  /** The subscriptions of one tenant, oldest first; every one for a null tenant (an operator). */
  public List<WebhookSubscription> of(String tenantId) {
    return snapshot.stream()
        .filter(s -> tenantId == null || s.tenantId().equals(tenantId))
        .toList();
  }

  /** One subscription, if it exists. */
  public Optional<WebhookSubscription> find(String id) {
    return snapshot.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** Removes one subscription; returns it, or empty when there was none. */
  public synchronized Optional<WebhookSubscription> remove(String id) {
    WebhookSubscription removed = byId.remove(id);
    if (removed != null) {
      save();
    }
    return Optional.ofNullable(removed);
  }

  private void save() {
    snapshot = List.copyOf(byId.values());
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(tmp.toFile(), new ArrayList<>(snapshot));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the webhooks in " + file, e);
    }
  }
}
