package dev.ujm.jobs.files;

import dev.ujm.core.files.StoredFile;

/**
 * A stored file as job results show it (the {@code files} lists other job types read, such as an
 * e-mail's {@code resultOf} attachment). Immutable.
 */
public record FileRef(String id, String name, String contentType, long size, String sha256) {
  public static FileRef of(StoredFile f) {
    return new FileRef(f.id(), f.name(), f.contentType(), f.size(), f.sha256());
  }
}
