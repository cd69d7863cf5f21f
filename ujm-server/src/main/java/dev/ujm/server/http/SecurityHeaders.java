package dev.ujm.server.http;

import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every answer carries: {@code Cache-Control: no-store} (answers hold jobs, results and
 * a new key's secret; no cache may keep them) and {@code X-Content-Type-Options: nosniff} (a
 * browser must not take JSON for something it runs). Stateless.
 */
final class SecurityHeaders {
  static final String CACHE_CONTROL = "no-store";
  static final String CONTENT_TYPE_OPTIONS = "nosniff";

  private SecurityHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Cache-Control", CACHE_CONTROL);
    ctx.header("X-Content-Type-Options", CONTENT_TYPE_OPTIONS);
  }

  static void apply(HttpFields.Mutable fields) {
    fields.put("Cache-Control", CACHE_CONTROL);
    fields.put("X-Content-Type-Options", CONTENT_TYPE_OPTIONS);
  }
}
