package dev.ujm.store.redismongo.crawl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ujm.core.cluster.HostPoliteness.RobotsFile;
import dev.ujm.core.model.Json;
import java.time.Duration;
import java.util.Base64;

/**
 * A robots.txt file as the JSON kept in Redis: {@code {"status", "body" (Base64), "contentType",
 * "url"}}. Its freshness is the key's expiry, not part of the value. Stateless.
 */
final class RobotsFileCodec {
  private RobotsFileCodec() {}

  static String encode(RobotsFile file) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("status", file.status());
    if (file.body() != null) {
      node.put("body", Base64.getEncoder().encodeToString(file.body()));
    }
    if (file.contentType() != null) {
      node.put("contentType", file.contentType());
    }
    node.put("url", file.url());
    return node.toString();
  }

  /**
   * @throws IllegalArgumentException when the value is not such JSON
   */
  static RobotsFile decode(String stored, Duration freshFor) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a robots.txt entry: " + e.getOriginalMessage(), e);
    }
    if (!node.path("status").isInt() || !node.path("url").isTextual()) {
      throw new IllegalArgumentException("not a robots.txt entry: " + stored);
    }
    return new RobotsFile(
        node.path("status").asInt(),
        node.hasNonNull("body") ? Base64.getDecoder().decode(node.path("body").asText()) : null,
        node.hasNonNull("contentType") ? node.path("contentType").asText() : null,
        node.path("url").asText(),
        freshFor);
  }
}
