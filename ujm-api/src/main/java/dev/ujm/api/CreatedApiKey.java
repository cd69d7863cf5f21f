package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Answer of {@code POST /api/v2/keys}: the new key with its secret {@code key}. The secret is shown
 * this once; the server keeps only its hash.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatedApiKey(
    String id,
    String role,
    String tenantId,
    String userId,
    String name,
    Instant createdAt,
    String key) {}
