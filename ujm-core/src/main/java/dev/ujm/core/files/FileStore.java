package dev.ujm.core.files;

import dev.ujm.core.store.Page;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where a node keeps files: uploads and job outputs, each owned by a tenant and a user. Content is
 * streamed in and out, never held whole in memory. Ownership is recorded, not enforced: callers
 * (the HTTP layer, job types) decide who may see a file, and answer a foreign one as missing.
 *
 * <p>Every implementation passes {@code FileStoreContract} in {@code ujm-store-tck}. All methods
 * are thread-safe. A put is all or nothing: a failed or refused put leaves no file and no trace in
 * {@link #list}. A file is never changed once stored; {@link #delete} removes it, and readers that
 * opened it before may still finish reading where the backend allows.
 */
public interface FileStore {

  /**
   * Stores a file, reading {@code content} to its end (the caller closes it), counting its length
   * and its SHA-256 on the way.
   *
   * @throws FileTooLargeException when the content is longer than {@link NewFile#maxBytes()};
   *     nothing is stored
   * @throws IOException when the content cannot be read or the backend cannot write it; nothing is
   *     stored
   */
  StoredFile put(NewFile file, InputStream content) throws IOException;

  /** What is known about a file, or empty when there is none with this id. */
  Optional<StoredFile> describe(String id);

  /**
   * Opens a file's content for reading; the caller closes the stream.
   *
   * @throws StoredFileNotFoundException when there is no such file
   * @throws IOException when the backend cannot read it
   */
  InputStream open(String id) throws IOException;

  /** One page of a tenant's files, newest first. */
  Page<StoredFile> list(FileQuery query);

  /**
   * Deletes a file.
   *
   * @return whether there was one to delete
   * @throws IOException when the backend cannot delete it
   */
  boolean delete(String id) throws IOException;
}
