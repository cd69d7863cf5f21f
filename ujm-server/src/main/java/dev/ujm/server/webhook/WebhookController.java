package dev.ujm.server.webhook;

import dev.ujm.api.ListResponse;
import dev.ujm.api.WebhookFilterView;
import dev.ujm.api.WebhookRequest;
import dev.ujm.api.WebhookView;
import dev.ujm.jobs.crawl.AddressGuard;
import dev.ujm.server.http.Caller;
import dev.ujm.server.http.HttpExchange;
import dev.ujm.server.http.ProblemException;
import io.javalin.http.Context;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST/GET/DELETE /api/v2/webhooks}: an admin's signed event subscriptions, scoped to its
 * tenant like its keys. A URL on an internal address is refused unless {@code
 * UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS} is true; the secret is never shown back. Thread-safe.
 */
public final class WebhookController {
  private static final int MAX_URL = 2048;
  private static final int MIN_SECRET = 16;
  private static final int MAX_SECRET = 512;

  private final WebhookRegistry registry;
  private final HttpExchange exchange;
  private final AddressGuard guard;
  private final InstantSource clock;

  public WebhookController(
      WebhookRegistry registry, HttpExchange exchange, AddressGuard guard, InstantSource clock) {
    this.registry = registry;
    this.exchange = exchange;
    this.guard = guard;
    this.clock = clock;
  }

  /** Checks the request and keeps the subscription: 201 with it, without its secret. */
  public void create(Context ctx, Caller caller) {
    WebhookRequest body = exchange.read(ctx, WebhookRequest.class);
    String url = checkedUrl(body.url());
    Set<String> events = checkedEvents(body.events());
    String secret = body.secret();
    if (secret == null || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
      throw ProblemException.invalid(
          "secret", "give a secret of " + MIN_SECRET + " to " + MAX_SECRET + " characters");
    }
    WebhookFilterView f = body.filter();
    WebhookSubscription subscription =
        new WebhookSubscription(
            WebhookRegistry.newId(),
            caller.tenant(),
            url,
            events,
            f == null ? null : new WebhookSubscription.Filter(f.type(), f.queue(), f.tags()),
            secret,
            clock.instant(),
            caller.actor());
    registry.add(subscription);
    HttpExchange.json(ctx, 201, view(subscription));
  }

  /** The tenant's subscriptions, oldest first, in one page. */
  public void list(Context ctx, Caller caller) {
    List<WebhookView> items =
        registry.of(caller.tenant()).stream().map(WebhookController::view).toList();
    HttpExchange.json(ctx, 200, new ListResponse<>(items, null));
  }

  /** Deletes one of the tenant's subscriptions: 200 with it; 404 for another tenant's. */
  public void delete(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    WebhookSubscription found =
        registry
            .find(id)
            .filter(s -> s.tenantId().equals(caller.tenant()))
            .orElseThrow(() -> ProblemException.notFound("no webhook " + id));
    registry.remove(found.id());
    HttpExchange.json(ctx, 200, view(found));
  }

  private String checkedUrl(String url) {
    if (url == null || url.isBlank() || url.length() > MAX_URL) {
      throw ProblemException.invalid("url", "give an http or https URL of at most 2048 characters");
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("url", "not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw ProblemException.invalid("url", "give an absolute http or https URL");
    }
    AddressGuard.Verdict verdict = guard.check(uri.toString());
    if (verdict.decision() == AddressGuard.Decision.UNRESOLVED) {
      throw ProblemException.invalid("url", "the host " + verdict.host() + " does not resolve");
    }
    if (verdict.refused()) {
      throw ProblemException.invalid(
          "url",
          "the host "
              + verdict.host()
              + " is an internal address, which webhooks may not reach"
              + " (UJM_WEBHOOK_ALLOW_PRIVATE_NETWORKS is false)");
    }
    return uri.toString();
  }

  private static Set<String> checkedEvents(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw ProblemException.invalid("events", "name at least one of " + sorted(WebhookEvents.ALL));
    }
    for (String event : events) {
      if (!WebhookEvents.ALL.contains(event)) {
        throw ProblemException.invalid(
            "events", "'" + event + "' is not one of " + sorted(WebhookEvents.ALL));
      }
    }
    return Set.copyOf(events);
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", new TreeSet<>(names));
  }

  static WebhookView view(WebhookSubscription s) {
    WebhookSubscription.Filter f = s.filter();
    return new WebhookView(
        s.id(),
        s.tenantId(),
        s.url(),
        List.copyOf(new TreeSet<>(s.events())),
        f == null ? null : new WebhookFilterView(f.type(), f.queue(), f.tags()),
        s.createdAt().toString(),
        s.createdBy());
  }
}
