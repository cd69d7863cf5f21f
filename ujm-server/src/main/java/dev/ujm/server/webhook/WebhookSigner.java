package dev.ujm.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries by the Standard Webhooks scheme (standardwebhooks.com): the signature is {@code
 * v1,} and the base64 of HMAC-SHA256 over {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed
 * with the secret's bytes: the base64 after {@code whsec_} for secrets in that form, else the
 * secret's UTF-8 bytes. Receivers check it with any Standard Webhooks library. Stateless.
 */
public final class WebhookSigner {
  /** The prefix of secrets given as base64, as Standard Webhooks libraries make them. */
  static final String SECRET_PREFIX = "whsec_";

  private WebhookSigner() {}

  /**
   * The {@code webhook-signature} header value.
   *
   * @param timestamp seconds since the epoch, as sent in {@code webhook-timestamp}
   */
  public static String sign(String secret, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keyOf(secret), "HmacSHA256"));
      byte[] digest =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The key bytes of a secret. */
  static byte[] keyOf(String secret) {
    if (secret.startsWith(SECRET_PREFIX)) {
      try {
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        // not base64 after all: the text itself is the key
      }
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
