package dev.ujm.api;

import java.time.Instant;

/** One failed attempt: a short machine {@code type}, a message for people, the attempt and when. */
public record JobErrorView(String type, String message, int attempt, Instant at) {}
