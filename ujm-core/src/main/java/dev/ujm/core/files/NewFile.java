package dev.ujm.core.files;

import java.util.Objects;

/**
 * A file about to be stored. Immutable.
 *
 * @param tenantId the owning tenant
 * @param ownerId the owning user
 * @param name the file name; directory parts and control characters are refused
 * @param contentType its media type ({@code application/octet-stream} when unknown)
 * @param jobId the job producing it, or null for an upload
 * @param maxBytes content longer than this is refused and nothing is stored
 */
public record NewFile(
    String tenantId, String ownerId, String name, String contentType, String jobId, long maxBytes) {
  public NewFile {
    Objects.requireNonNull(name, "name");
    contentType =
        contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
  }

  /** Why a file name is refused, or null when it is a plain name of 1 to 255 characters. */
  public static String nameProblem(String name) {
    if (name == null
        || name.isBlank()
        || name.length() > 255
        || name.equals(".")
        || name.equals("..")
        || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\')) {
      return "a file name must be 1 to 255 characters without '/', '\\' or control characters";
    }
    return null;
  }
}
