package dev.ujm.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes key secrets. A secret is 256 random bits ({@code ujm_} + 43 URL-safe
 * characters), so a plain SHA-256 of it is a safe thing to store: there is nothing to guess.
 * Thread-safe.
 */
public final class ApiKeySecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "ujm_";

  private ApiKeySecrets() {}

  /** A new random secret. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The hex SHA-256 of a secret: what stores keep and look keys up by. */
  public static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
