package dev.ujm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** An API key as listed: never its secret. {@code revokedAt} is absent while the key is active. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(
    String id,
    String role,
    String tenantId,
    String userId,
    String name,
    Instant createdAt,
    Instant revokedAt) {}
