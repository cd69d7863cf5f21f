package dev.ujm.api;

import java.util.Map;

/**
 * Answer of {@code GET /ready}: {@code "ready"} (HTTP 200) when every backend answers, else {@code
 * "not ready"} (HTTP 503) with the backends that do not and why.
 */
public record ReadinessResponse(String status, Map<String, BackendStatus> backends) {

  /** One backend, for example {@code store}: whether it answers and, when not, what is wrong. */
  public record BackendStatus(String name, boolean ready, String detail) {}
}
