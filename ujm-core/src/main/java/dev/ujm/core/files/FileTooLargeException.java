package dev.ujm.core.files;

import dev.ujm.core.model.UjmException;

/** The content was longer than the {@link NewFile#maxBytes()} allowed; nothing was stored. */
public final class FileTooLargeException extends UjmException {
  private final long limit;

  public FileTooLargeException(long limit) {
    super("the file is larger than " + limit + " bytes");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
