package dev.ujm.jobs.crawl;

import dev.ujm.core.handler.WorkSpans;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Sends one GET with {@link HttpClient} and reads its body within limits: redirects are not
 * followed (the caller follows and records them), the whole exchange (headers and body) must finish
 * within the request timeout, a body is read only when wanted and only up to the maximum size, and
 * a cancelled crawl aborts its request within {@link HostLimiter#POLL}. Before any connection the
 * {@link AddressGuard} checks the host's resolved addresses; a refused host is answered with {@link
 * Fetched#addressRefused()} and never contacted. Never throws for what the server or network did:
 * those come back as a {@link Fetched} with an {@code error}. Thread-safe; one instance (and one
 * connection pool) serves every crawl of a node.
 */
public final class PageFetcher {
  private static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";

  /** Which bodies to read. */
  public enum Wanted {
    /** HTML bodies of successful responses only (pages). */
    HTML,
    /** Any body of a successful response (robots.txt, sitemaps). */
    ANY
  }

  /**
   * What one request brought back.
   *
   * @param status the HTTP status, or null when no response arrived
   * @param contentType the Content-Type header, or null
   * @param location the Location header, or null
   * @param contentLength the Content-Length header, or null
   * @param body the body as read, or null when no response arrived
   * @param error why no usable response arrived (timeout, connection refused, ...), or null
   * @param addressRefused true when the address guard refused the host, so no request was sent
   *     ({@code error} says why)
   */
  public record Fetched(
      Integer status,
      String contentType,
      String location,
      Long contentLength,
      CappedBody body,
      String error,
      boolean addressRefused) {

    static Fetched failure(String error) {
      return new Fetched(null, null, null, null, null, error, false);
    }

    static Fetched refused(String why) {
      return new Fetched(null, null, null, null, null, why, true);
    }

    boolean isRedirect() {
      return status != null && status >= 300 && status < 400 && status != 304 && location != null;
    }

    boolean isSuccess() {
      return status != null && status >= 200 && status < 300;
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final long maxBodyBytes;
  private final AddressGuard guard;
  private final WorkSpans spans;

  /** A fetcher sending through {@code client}, refusing the hosts {@code guard} refuses. */
  public PageFetcher(HttpClient client, Duration timeout, long maxBodyBytes, AddressGuard guard) {
    this(client, timeout, maxBodyBytes, guard, WorkSpans.NONE);
  }

  /** The same, tracing each fetch as a span ({@code fetch}, with the URL and the status). */
  public PageFetcher(
      HttpClient client, Duration timeout, long maxBodyBytes, AddressGuard guard, WorkSpans spans) {
    this.client = client;
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    this.guard = guard;
    this.spans = spans;
  }

  /**
   * The client a crawl node uses: HTTP/1.1, no redirects, no cookies, connect timeout as the
   * request timeout.
   */
  public static HttpClient newClient(Duration timeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout)
        .build();
  }

  /**
   * Sends one GET.
   *
   * @throws CancellationException when {@code cancelled} turned true; the request was aborted
   * @throws InterruptedException when the thread was interrupted; the request was aborted
   */
  public Fetched fetch(String url, String userAgent, Wanted wanted, BooleanSupplier cancelled)
      throws InterruptedException {
    try (WorkSpans.Step step = spans.start("fetch", "url.full", url)) {
      Fetched fetched = send(url, userAgent, wanted, cancelled);
      step.result(
          "http.response.status_code",
          fetched.status() == null ? 0 : fetched.status(),
          fetched.error() != null);
      return fetched;
    }
  }

  private Fetched send(String url, String userAgent, Wanted wanted, BooleanSupplier cancelled)
      throws InterruptedException {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(timeout)
              .header("User-Agent", userAgent)
              .header("Accept", ACCEPT)
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      return Fetched.failure("invalid URL: " + e.getMessage());
    }
    AddressGuard.Verdict verdict = guard.check(url);
    if (verdict.refused()) {
      return Fetched.refused(verdict.detail());
    }
    if (verdict.decision() == AddressGuard.Decision.UNRESOLVED) {
      return Fetched.failure(verdict.detail());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<HttpResponse<CappedBody>> future =
        client.sendAsync(request, info -> bodyFor(info, wanted));
    try {
      while (true) {
        if (cancelled.getAsBoolean()) {
          future.cancel(true);
          throw new CancellationException("crawl cancelled during request");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          future.cancel(true);
          return Fetched.failure("timeout after " + timeout.toMillis() + " ms");
        }
        try {
          HttpResponse<CappedBody> response =
              future.get(Math.min(left, HostLimiter.POLL.toNanos()), TimeUnit.NANOSECONDS);
          return toFetched(response);
        } catch (TimeoutException e) {
          // not yet: look at the cancellation and the deadline again
        }
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      return Fetched.failure(describe(e.getCause()));
    }
  }

  private java.net.http.HttpResponse.BodySubscriber<CappedBody> bodyFor(
      ResponseInfo info, Wanted wanted) {
    int status = info.statusCode();
    String type = info.headers().firstValue("Content-Type").orElse(null);
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    boolean want = status >= 200 && status < 300 && (wanted == Wanted.ANY || isHtml(type));
    return CappedBody.subscriber(want ? maxBodyBytes : -1, declared);
  }

  private static Fetched toFetched(HttpResponse<CappedBody> response) {
    var headers = response.headers();
    Long length =
        headers.firstValueAsLong("Content-Length").isPresent()
            ? headers.firstValueAsLong("Content-Length").getAsLong()
            : null;
    return new Fetched(
        response.statusCode(),
        headers.firstValue("Content-Type").orElse(null),
        headers.firstValue("Location").orElse(null),
        length,
        response.body(),
        null,
        false);
  }

  /** HTML by its Content-Type; a response without one is treated as HTML, as browsers sniff it. */
  static boolean isHtml(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/html") || type.startsWith("application/xhtml+xml");
  }

  private String describe(Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return "connect timeout after " + timeout.toMillis() + " ms";
    }
    if (cause instanceof HttpTimeoutException) {
      return "timeout after " + timeout.toMillis() + " ms";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof IOException && cause.getMessage() != null) {
      return "I/O error: " + cause.getMessage();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
