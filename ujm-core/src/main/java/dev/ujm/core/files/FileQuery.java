package dev.ujm.core.files;

/**
 * Filters for {@link FileStore#list(FileQuery)}: one tenant's files, newest first. Immutable.
 *
 * @param tenantId the tenant; required
 * @param ownerId only this user's files, or null for the whole tenant's
 * @param jobId only files this job produced, or null for any
 * @param cursor the {@code nextCursor} of the previous page, or null for the first
 * @param limit page size, 1 to 1000
 */
public record FileQuery(String tenantId, String ownerId, String jobId, String cursor, int limit) {
  public FileQuery {
    java.util.Objects.requireNonNull(tenantId, "tenantId");
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
  }

  /** The first page of a tenant's files. */
  public static FileQuery ofTenant(String tenantId, int limit) {
    return new FileQuery(tenantId, null, null, null, limit);
  }

  public FileQuery withOwner(String owner) {
    return new FileQuery(tenantId, owner, jobId, cursor, limit);
  }

  public FileQuery withJob(String job) {
    return new FileQuery(tenantId, ownerId, job, cursor, limit);
  }

  public FileQuery withCursor(String next) {
    return new FileQuery(tenantId, ownerId, jobId, next, limit);
  }
}
