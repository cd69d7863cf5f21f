package dev.ujm.api;

/** Answer of {@code GET /health}: the process lives ({@code "up"}). */
public record HealthResponse(String status) {}
