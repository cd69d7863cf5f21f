package dev.ujm.jobs.sync;

import dev.ujm.core.handler.JobContext;
import dev.ujm.jobs.crawl.AddressGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fetches one page of an API: every hop checked by the crawler's {@link AddressGuard} before it is
 * made (redirects are followed here, at most five, and never to another host while a credential is
 * sent), the credential added only for its hosts, conditional headers sent, the body read up to
 * {@code UJM_API_SYNC_MAX_BODY_BYTES}. A {@code 429} or {@code 5xx} answer is tried again after its
 * {@code Retry-After} (seconds or an HTTP date) or an exponential backoff with jitter, up to {@code
 * UJM_API_SYNC_MAX_RETRIES} times; waits are cancellable. Thread-safe.
 */
final class PageFetch {
  private static final int MAX_REDIRECTS = 5;

  /** An answer of the API. */
  record Page(URI url, int status, HttpHeaders headers, byte[] body) {}

  /** The server asked to wait longer than an attempt should hold its worker. */
  static final class WaitTooLong extends Exception {
    final Duration wait;

    WaitTooLong(Duration wait, String message) {
      super(message);
      this.wait = wait;
    }
  }

  /** The URL may not be reached, or the answer is not one to use; the job fails for good. */
  static final class Refused extends Exception {
    final String type;

    Refused(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private final HttpClient client;
  private final ApiSyncSettings settings;
  private final AddressGuard guard;

  PageFetch(ApiSyncSettings settings, AddressGuard guard) {
    this.settings = settings;
    this.guard = guard;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The retries made so far by this fetcher's callers are counted by {@code retries}. */
  Page get(
      JobContext<?> ctx,
      URI url,
      Credential credential,
      Map<String, String> conditional,
      int[] retries)
      throws IOException, InterruptedException, WaitTooLong, Refused {
    for (int attempt = 0; ; attempt++) {
      Page page = follow(url, credential, conditional);
      if (page.status() != 429 && page.status() < 500) {
        return page;
      }
      if (attempt >= settings.maxRetries()) {
        throw new IOException(
            url
                + " answered "
                + page.status()
                + " "
                + (attempt + 1)
                + " times; the attempt will be retried");
      }
      Duration wait = retryAfter(page.headers(), ctx.clock().instant()).orElse(backoff(attempt));
      if (wait.compareTo(settings.maxWaitInAttempt()) > 0) {
        throw new WaitTooLong(
            wait, url + " asked to wait " + wait.toSeconds() + " s (Retry-After)");
      }
      retries[0]++;
      ctx.log().info("{} answered {}; trying again in {} ms", url, page.status(), wait.toMillis());
      ctx.sleep(wait);
    }
  }

  private Page follow(URI url, Credential credential, Map<String, String> conditional)
      throws IOException, InterruptedException, Refused {
    URI current = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      AddressGuard.Verdict verdict = guard.check(current.toString());
      if (verdict.refused()) {
        throw new Refused(
            "api-sync.address-not-allowed",
            "host "
                + verdict.host()
                + " resolves to an internal address, which api-sync may not reach"
                + " (UJM_API_SYNC_ALLOW_PRIVATE_NETWORKS is false)");
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(current)
              .timeout(settings.requestTimeout())
              .header("User-Agent", settings.userAgent())
              .header("Accept", "application/json, */*;q=0.5");
      if (credential != null && credential.allows(current)) {
        credential.applyTo(request);
      }
      conditional.forEach(request::header);
      HttpResponse<InputStream> response =
          client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      if (status >= 300 && status < 400 && status != 304) {
        try (InputStream ignored = response.body()) {
          String location = response.headers().firstValue("Location").orElse(null);
          if (location == null) {
            throw new Refused("api-sync.bad-response", current + " redirected without a Location");
          }
          URI next = current.resolve(location);
          if (credential != null && !sameOrigin(url, next)) {
            throw new Refused(
                "api-sync.bad-response",
                current + " redirected to another host; a credential is not sent there");
          }
          current = next;
          continue;
        }
      }
      try (InputStream in = response.body()) {
        byte[] body =
            in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodyBytes() + 1));
        if (body.length > settings.maxBodyBytes()) {
          throw new Refused(
              "api-sync.too-large",
              current
                  + " sent more than "
                  + settings.maxBodyBytes()
                  + " bytes (UJM_API_SYNC_MAX_BODY_BYTES)");
        }
        return new Page(current, status, response.headers(), body);
      }
    }
    throw new Refused(
        "api-sync.bad-response", url + " redirected more than " + MAX_REDIRECTS + " times");
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  /** The wait a {@code Retry-After} header asks for: seconds, or an HTTP date. */
  static java.util.Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    String value = headers.firstValue("Retry-After").map(String::trim).orElse(null);
    if (value == null || value.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return java.util.Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException bad) {
        return java.util.Optional.empty();
      }
    }
  }

  private Duration backoff(int attempt) {
    long ceiling = settings.retryBase().toMillis() << Math.min(attempt, 16);
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }
}
