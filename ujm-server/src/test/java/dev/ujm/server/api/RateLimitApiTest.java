package dev.ujm.server.api;

import static dev.ujm.server.api.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code UJM_RATE_*} limits over a real server whose clock the test moves: submissions per key
 * and per tenant, and failed authentications per address.
 */
class RateLimitApiTest {
  private static final String PARKED = "{\"type\":\"noop\",\"delaySeconds\":3600}";
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private final InstantSource clock = () -> now.get();

  private ServerFixture start(Path dir, Map<String, String> settings) {
    return ServerFixture.start(dir, settings, b -> b.clock(clock));
  }

  private static HttpResponse<String> submit(ServerFixture ujm, String key) {
    return ujm.send("POST", "/api/v2/jobs", key, PARKED);
  }

  @Test
  void a_key_past_its_submit_rate_gets_429_with_retry_after_and_rate_limit_headers(
      @TempDir Path dir) {
    try (ServerFixture ujm = start(dir, Map.of("UJM_RATE_KEY_SUBMITS_PER_MINUTE", "3"))) {
      String alice = ujm.key("user", "acme", "alice").key();
      String bob = ujm.key("user", "acme", "bob").key();
      HttpResponse<String> first = submit(ujm, alice);
      assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("\"key\";q=3;w=60");
      assertThat(first.headers().firstValue("RateLimit"))
          .get()
          .asString()
          .startsWith("\"key\";r=2;");
      submit(ujm, alice);
      submit(ujm, alice);

      HttpResponse<String> limited = submit(ujm, alice);

      assertProblem(limited, 429, "rate-limited");
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
      assertThat(limited.headers().firstValue("RateLimit"))
          .get()
          .asString()
          .startsWith("\"key\";r=0;");
      assertThat(ujm.send("GET", "/api/v2/jobs", alice, null).statusCode()).isEqualTo(200);
      assertThat(submit(ujm, bob).statusCode()).isEqualTo(201);
      assertThat(
              ServerFixture.json(ujm.send("GET", "/api/v2/jobs", alice, null)).path("items").size())
          .isEqualTo(3);

      now.set(now.get().plusSeconds(20));
      assertThat(submit(ujm, alice).statusCode()).isEqualTo(201);
      assertProblem(submit(ujm, alice), 429, "rate-limited");
    }
  }

  @Test
  void a_tenants_rate_holds_for_all_its_keys_together_and_not_for_other_tenants(@TempDir Path dir) {
    try (ServerFixture ujm = start(dir, Map.of("UJM_RATE_TENANT_SUBMITS_PER_MINUTE", "2"))) {
      String alice = ujm.key("user", "acme", "alice").key();
      String bob = ujm.key("user", "acme", "bob").key();
      String carol = ujm.key("user", "globex", "carol").key();

      assertThat(submit(ujm, alice).statusCode()).isEqualTo(201);
      assertThat(submit(ujm, bob).statusCode()).isEqualTo(201);
      HttpResponse<String> limited = submit(ujm, bob);

      assertProblem(limited, 429, "rate-limited");
      assertThat(limited.headers().firstValue("RateLimit-Policy")).hasValue("\"tenant\";q=2;w=60");
      assertProblem(
          ujm.send("POST", "/api/v2/jobs/batch", alice, "{\"jobs\":[" + PARKED + "]}"),
          429,
          "rate-limited");
      assertThat(submit(ujm, carol).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void an_address_guessing_keys_is_blocked_for_a_while_even_for_a_good_key(@TempDir Path dir) {
    try (ServerFixture ujm =
        start(
            dir,
            Map.of(
                "UJM_RATE_AUTH_FAILURES_PER_MINUTE", "4", "UJM_RATE_AUTH_BLOCK_SECONDS", "120"))) {
      String good = ujm.key("user", "acme", "alice").key();
      for (int i = 0; i < 4; i++) {
        assertProblem(ujm.send("GET", "/api/v2/jobs", "ujm_wrong-" + i, null), 401, "unauthorized");
      }
      assertThat(ujm.send("GET", "/api/v2/jobs", good, null).statusCode()).isEqualTo(200);

      assertProblem(ujm.send("GET", "/api/v2/jobs", "ujm_wrong-5", null), 401, "unauthorized");
      HttpResponse<String> blocked = ujm.send("GET", "/api/v2/jobs", good, null);

      assertProblem(blocked, 429, "rate-limited");
      assertThat(blocked.headers().firstValue("Retry-After")).hasValue("120");
      assertThat(ujm.send("GET", "/health", null, null).statusCode()).isEqualTo(200);

      now.set(now.get().plus(Duration.ofSeconds(121)));
      assertThat(ujm.send("GET", "/api/v2/jobs", good, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void bad_rate_settings_stop_the_start_naming_each(@TempDir Path dir) {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                start(
                    dir,
                    Map.of(
                        "UJM_RATE_KEY_SUBMITS_PER_MINUTE",
                        "-1",
                        "UJM_RATE_AUTH_BLOCK_SECONDS",
                        "x")))
        .hasMessageContaining("UJM_RATE_KEY_SUBMITS_PER_MINUTE='-1'")
        .hasMessageContaining("UJM_RATE_AUTH_BLOCK_SECONDS='x'");
  }
}
