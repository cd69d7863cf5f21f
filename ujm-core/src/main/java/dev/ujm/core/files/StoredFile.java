package dev.ujm.core.files;

import java.time.Instant;

/**
 * What is known about one stored file. Immutable.
 *
 * @param id time-ordered id (UUIDv7), so ordering by id is ordering by storing
 * @param tenantId the tenant that owns it
 * @param ownerId the user that owns it
 * @param name its file name (no directory part)
 * @param contentType its media type, for example {@code text/csv}
 * @param size its length in bytes
 * @param sha256 the SHA-256 of its content, lower-case hex
 * @param createdAt when it was stored
 * @param jobId the job that produced it, or null for an upload
 */
public record StoredFile(
    String id,
    String tenantId,
    String ownerId,
    String name,
    String contentType,
    long size,
    String sha256,
    Instant createdAt,
    String jobId) {}
