package dev.ujm.core.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ujm.core.model.JobIds;
import dev.ujm.core.model.Json;
import dev.ujm.core.store.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FileStore} of the embedded backend: each file is two entries in a directory (usually
 * {@code <data dir>/files}), {@code <xx>/<id>.bin} with the content and {@code <xx>/<id>.json} with
 * what is known about it, {@code xx} being the id's last two characters so no directory grows too
 * large.
 *
 * <p>A put streams into a temporary file, counting and hashing on the way, syncs it, and renames it
 * into place; the metadata is written the same way, last, so a file exists exactly when its
 * metadata does. Opening the store removes what an interrupted put left behind and reads every
 * metadata entry into a per-tenant index in memory, newest first, which listing pages through.
 * Directories are created readable by the owner only (700), files 600. Thread-safe; one process
 * owns a directory at a time, as it owns the embedded database beside it.
 */
public final class DataDirectoryFileStore implements FileStore {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryFileStore.class);
  private static final Pattern ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final ObjectMapper JSON = Json.mapper();

  private final Path dir;
  private final InstantSource clock;
  private final JobIds ids;
  private final Map<String, StoredFile> byId = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentNavigableMap<String, StoredFile>> byTenant =
      new ConcurrentHashMap<>();

  private DataDirectoryFileStore(Path dir, InstantSource clock) {
    this.dir = dir;
    this.clock = clock;
    this.ids = new JobIds(clock);
  }

  /**
   * Opens (creating it when missing) the store in this directory.
   *
   * @throws UncheckedIOException when the directory cannot be created or read
   */
  public static DataDirectoryFileStore open(Path dir, InstantSource clock) {
    DataDirectoryFileStore store = new DataDirectoryFileStore(dir, clock);
    try {
      store.createPrivateDirectory(dir);
      store.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file store in " + dir + ": " + e, e);
    }
    return store;
  }

  @Override
  public StoredFile put(NewFile file, InputStream content) throws IOException {
    String id = ids.next();
    Path shard = dir.resolve(shardOf(id));
    createPrivateDirectory(shard);
    Path temp = shard.resolve(id + ".bin.tmp");
    MessageDigest sha = sha256();
    long size = 0;
    try {
      try (FileChannel channel = privateChannel(temp);
          OutputStream out = Channels.newOutputStream(channel)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = content.read(buffer)) != -1; ) {
          size += n;
          if (size > file.maxBytes()) {
            throw new FileTooLargeException(file.maxBytes());
          }
          sha.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
        channel.force(true);
      }
      Files.move(temp, shard.resolve(id + ".bin"), StandardCopyOption.ATOMIC_MOVE);
      StoredFile stored =
          new StoredFile(
              id,
              file.tenantId(),
              file.ownerId(),
              file.name(),
              file.contentType(),
              size,
              HexFormat.of().formatHex(sha.digest()),
              clock.instant(),
              file.jobId());
      Path metaTemp = shard.resolve(id + ".json.tmp");
      try (FileChannel channel = privateChannel(metaTemp)) {
        channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(stored)));
        channel.force(true);
      }
      Files.move(metaTemp, shard.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
      index(stored);
      return stored;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      Files.deleteIfExists(shard.resolve(id + ".bin"));
      Files.deleteIfExists(shard.resolve(id + ".json.tmp"));
      throw e;
    }
  }

  @Override
  public Optional<StoredFile> describe(String id) {
    return Optional.ofNullable(id).map(byId::get);
  }

  @Override
  public InputStream open(String id) throws IOException {
    if (describe(id).isEmpty()) {
      throw new StoredFileNotFoundException(id);
    }
    try {
      return Files.newInputStream(dir.resolve(shardOf(id)).resolve(id + ".bin"));
    } catch (NoSuchFileException e) {
      throw new StoredFileNotFoundException(id);
    }
  }

  @Override
  public Page<StoredFile> list(FileQuery query) {
    if (query.cursor() != null && !ID.matcher(query.cursor()).matches()) {
      throw new IllegalArgumentException("cursor is not one this list gave out");
    }
    ConcurrentNavigableMap<String, StoredFile> files = byTenant.get(query.tenantId());
    if (files == null) {
      return new Page<>(List.of(), null);
    }
    if (query.cursor() != null) {
      files = files.tailMap(query.cursor(), false);
    }
    List<StoredFile> page = new ArrayList<>(query.limit());
    for (StoredFile f : files.values()) {
      if ((query.ownerId() == null || query.ownerId().equals(f.ownerId()))
          && (query.jobId() == null || query.jobId().equals(f.jobId()))) {
        if (page.size() == query.limit()) {
          return new Page<>(page, page.get(page.size() - 1).id());
        }
        page.add(f);
      }
    }
    return new Page<>(page, null);
  }

  @Override
  public boolean delete(String id) throws IOException {
    StoredFile file = describe(id).orElse(null);
    if (file == null) {
      return false;
    }
    Path shard = dir.resolve(shardOf(id));
    Files.deleteIfExists(shard.resolve(id + ".json"));
    byId.remove(id);
    ConcurrentNavigableMap<String, StoredFile> files = byTenant.get(key(file.tenantId()));
    if (files != null) {
      files.remove(id);
    }
    Files.deleteIfExists(shard.resolve(id + ".bin"));
    return true;
  }

  private void load() throws IOException {
    int loaded = 0;
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path shard : shards) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard)) {
          for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.endsWith(".tmp")) {
              Files.deleteIfExists(entry); // an interrupted put
            } else if (name.endsWith(".json")) {
              index(JSON.readValue(entry.toFile(), StoredFile.class));
              loaded++;
            }
          }
        }
        try (DirectoryStream<Path> contents = Files.newDirectoryStream(shard, "*.bin")) {
          for (Path content : contents) {
            String id = content.getFileName().toString().replace(".bin", "");
            if (!byId.containsKey(id)) {
              Files.deleteIfExists(content); // stored content whose metadata never was
            }
          }
        }
      }
    }
    LOG.debug("file store {} opened with {} files", dir, loaded);
  }

  private void index(StoredFile file) {
    byId.put(file.id(), file);
    byTenant
        .computeIfAbsent(
            key(file.tenantId()),
            t -> new ConcurrentSkipListMap<String, StoredFile>(java.util.Comparator.reverseOrder()))
        .put(file.id(), file);
  }

  private static String key(String tenant) {
    return Objects.requireNonNullElse(tenant, "");
  }

  private static String shardOf(String id) {
    if (!ID.matcher(id).matches()) {
      throw new StoredFileNotFoundException(id);
    }
    return id.substring(id.length() - 2);
  }

  private void createPrivateDirectory(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return;
    }
    Files.createDirectories(path);
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  private static FileChannel privateChannel(Path path) throws IOException {
    var options = java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      return FileChannel.open(
          path,
          options,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(path, options); // not a POSIX file system
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
