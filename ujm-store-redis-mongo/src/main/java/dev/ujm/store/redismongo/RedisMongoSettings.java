package dev.ujm.store.redismongo;

import dev.ujm.core.config.UjmConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the distributed store finds its two backends: {@code UJM_REDIS_URI} ({@code redis://} or
 * {@code rediss://}), {@code UJM_MONGO_URI} ({@code mongodb://} or {@code mongodb+srv://}) and
 * {@code UJM_MONGO_DB}. {@link #problems} says what is wrong, one sentence per problem, before
 * anything is opened.
 */
record RedisMongoSettings(String redisUri, String mongoUri, String mongoDb) {

  static RedisMongoSettings of(UjmConfig config) {
    return new RedisMongoSettings(config.redisUri(), config.mongoUri(), config.mongoDb());
  }

  /** What is wrong with these settings, one sentence each; empty when they may be opened. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    String redisScheme = schemeOf(redisUri);
    if (redisScheme == null) {
      problems.add("UJM_REDIS_URI must be a URI such as redis://127.0.0.1:6379.");
    } else if (!redisScheme.equals("redis") && !redisScheme.equals("rediss")) {
      problems.add(
          "UJM_REDIS_URI must start with redis:// or rediss://, not " + redisScheme + "://.");
    }
    String mongoScheme = schemeOf(mongoUri);
    if (mongoScheme == null) {
      problems.add("UJM_MONGO_URI must be a URI such as mongodb://127.0.0.1:27017.");
    } else if (!mongoScheme.equals("mongodb") && !mongoScheme.equals("mongodb+srv")) {
      problems.add(
          "UJM_MONGO_URI must start with mongodb:// or mongodb+srv://, not "
              + mongoScheme
              + "://.");
    }
    if (mongoDb == null || mongoDb.isBlank()) {
      problems.add("UJM_MONGO_DB must name the MongoDB database of the jobs.");
    } else if (!mongoDb.matches("[A-Za-z0-9_-]{1,63}")) {
      problems.add(
          "UJM_MONGO_DB must be 1 to 63 letters, digits, '_' or '-', not \"" + mongoDb + "\".");
    }
    return problems;
  }

  /** A URI fit for logs and messages: its user and password, if any, replaced by {@code ***}. */
  static String redact(String uri) {
    return uri == null ? null : uri.replaceFirst("://[^@/]*@", "://***@");
  }

  private static String schemeOf(String uri) {
    if (uri == null || uri.isBlank()) {
      return null;
    }
    try {
      String scheme = new URI(uri.strip()).getScheme();
      return scheme == null ? null : scheme.toLowerCase(java.util.Locale.ROOT);
    } catch (URISyntaxException e) {
      int colon = uri.indexOf("://");
      return colon > 0 ? uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT) : null;
    }
  }
}
