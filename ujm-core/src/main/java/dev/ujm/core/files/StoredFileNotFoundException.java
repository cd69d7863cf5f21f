package dev.ujm.core.files;

import dev.ujm.core.model.UjmException;

/** No file has this id (or it was deleted). */
public final class StoredFileNotFoundException extends UjmException {
  public StoredFileNotFoundException(String id) {
    super("no file " + id);
  }
}
