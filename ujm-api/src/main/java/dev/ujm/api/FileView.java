package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A stored file as the API shows it. {@code jobId} names the job that produced it and is absent for
 * an upload.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileView(
    String id,
    String name,
    String contentType,
    long size,
    String sha256,
    String tenantId,
    String ownerId,
    String jobId,
    Instant createdAt) {}
