package dev.ujm.jobs.crawl;

import crawlercommons.robots.BaseRobotRules;
import dev.ujm.jobs.crawl.CrawlState.Visit;
import dev.ujm.jobs.crawl.PageRecord.Redirect;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crawls one URL of one crawl: asks robots.txt, fetches it politely following redirects itself
 * (each hop checked against the address guard, scope, robots.txt and the URLs already seen), parses
 * HTML, spots duplicate content and canonical links, and produces the URL's {@link PageRecord} and
 * the new links to queue. Never throws for what a site does; only cancellation and interruption
 * escape. Thread-safe: shared by the fetch workers of one crawl.
 */
final class PageVisitor {
  private static final Logger LOG = LoggerFactory.getLogger(PageVisitor.class);
  private final CrawlPayload payload;
  private final String userAgent;
  private final CrawlScope scope;
  private final CrawlState state;
  private final PoliteFetcher fetcher;
  private final RobotsCache robots;
  private final AddressGuard guard;
  private final int maxRedirects;
  private final long maxBodyBytes;
  private final InstantSource clock;
  private final int attempt;
  private final UrlNormalizer normalizer = new UrlNormalizer();
  private final HtmlExtractor extractor = new HtmlExtractor();

  /** The record of one URL and the links it adds to the frontier. */
  record Outcome(PageRecord record, List<FrontierEntry> links) {}

  PageVisitor(
      CrawlPayload payload,
      String userAgent,
      CrawlState state,
      CrawlDependencies deps,
      InstantSource clock,
      int attempt) {
    this.payload = payload;
    this.userAgent = userAgent;
    this.scope = CrawlScope.of(payload);
    this.state = state;
    this.fetcher = deps.fetcher();
    this.robots = deps.robots();
    this.guard = deps.guard();
    this.maxRedirects = deps.settings().maxRedirects();
    this.maxBodyBytes = deps.settings().maxBodyBytes();
    this.clock = clock;
    this.attempt = attempt;
  }

  /** The robots rules for a URL's host, or null when this crawl ignores robots.txt. */
  BaseRobotRules rulesFor(String url, BooleanSupplier cancelled) throws InterruptedException {
    return payload.respectRobots() ? robots.rulesFor(url, userAgent, cancelled) : null;
  }

  Outcome visit(Visit visit, BooleanSupplier cancelled) throws InterruptedException {
    FrontierEntry entry = visit.entry;
    PageRecord.Builder record = new PageRecord.Builder(entry, attempt);
    Instant started = clock.instant();
    String url = entry.url();
    List<Redirect> hops = new ArrayList<>();
    while (true) {
      if (guard.check(url).refused()) {
        return done(
            record.redirects(hops, url).skipped(PageRecord.SKIPPED_ADDRESS_NOT_ALLOWED), started);
      }
      BaseRobotRules rules = rulesFor(url, cancelled);
      String robotsVerdict = robotsVerdict(rules, url);
      if (robotsVerdict != null) {
        return done(record.redirects(hops, url).skipped(robotsVerdict), started);
      }
      PageFetcher.Fetched f =
          fetcher.fetch(url, userAgent, PageFetcher.Wanted.HTML, rules, cancelled);
      if (f.addressRefused()) {
        return done(
            record.redirects(hops, url).skipped(PageRecord.SKIPPED_ADDRESS_NOT_ALLOWED), started);
      }
      if (!f.isRedirect()) {
        return handleResponse(visit, record.redirects(hops, url), f, url, started);
      }
      hops.add(new Redirect(url, f.status()));
      Optional<String> target = normalizer.resolve(url, f.location());
      record.redirects(hops, target.orElse(url)).response(f.status(), f.contentType(), null);
      if (target.isEmpty()) {
        return done(record.error("redirect to an uncrawlable location: " + f.location()), started);
      }
      String next = target.get();
      if (hops.size() > maxRedirects) {
        return done(record.error("more than " + maxRedirects + " redirects"), started);
      }
      if (next.equals(url) || hops.stream().anyMatch(h -> h.url().equals(next))) {
        return done(record.error("redirect loop at " + next), started);
      }
      if (!scope.allows(next)) {
        return done(record.skipped(PageRecord.SKIPPED_REDIRECT_OUT_OF_SCOPE), started);
      }
      if (!state.claimUrl(visit, next)) {
        return done(record.skipped(PageRecord.SKIPPED_REDIRECT_TO_SEEN).duplicateOf(next), started);
      }
      url = next;
    }
  }

  private static String robotsVerdict(BaseRobotRules rules, String url) {
    if (rules == null) {
      return null;
    }
    if (rules.isDeferVisits()) {
      return PageRecord.SKIPPED_ROBOTS_UNREACHABLE;
    }
    return rules.isAllowed(url) ? null : PageRecord.SKIPPED_ROBOTS;
  }

  private Outcome handleResponse(
      Visit visit, PageRecord.Builder record, PageFetcher.Fetched f, String url, Instant started) {
    if (f.error() != null) {
      return done(record.error(f.error()), started);
    }
    CappedBody body = f.body();
    Long size =
        body.state() == CappedBody.State.READ ? Long.valueOf(body.bytesRead()) : f.contentLength();
    record.response(f.status(), f.contentType(), size);
    if (!f.isSuccess() || body.state() == CappedBody.State.SKIPPED) {
      return done(record, started);
    }
    if (body.state() == CappedBody.State.TOO_LARGE) {
      return done(record.error("body larger than " + maxBodyBytes + " bytes"), started);
    }
    HtmlExtractor.Page page;
    try {
      page = extractor.extract(body.bytes(), f.contentType(), url, payload.respectRobots());
    } catch (IOException | RuntimeException e) {
      return done(record.error("unparsable HTML: " + e.getMessage()), started);
    }
    Set<String> links = normalized(page.links());
    record.page(page).outLinks(links.size());
    int depth = visit.entry.depth();
    Optional<String> canonical =
        page.canonical() == null ? Optional.empty() : normalizer.normalize(page.canonical());
    if (canonical.isPresent()
        && !canonical.get().equals(url)
        && !canonical.get().equals(visit.entry.url())) {
      record.canonical(canonical.get()).skipped(PageRecord.SKIPPED_NON_CANONICAL);
      boolean follow = scope.allows(canonical.get());
      return done(
          record, started, follow ? List.of(new FrontierEntry(canonical.get(), depth)) : List.of());
    }
    Optional<String> firstWithSameContent = state.claimHash(visit, page.contentHash(), url);
    if (firstWithSameContent.isPresent()) {
      return done(
          record.skipped(PageRecord.SKIPPED_DUPLICATE).duplicateOf(firstWithSameContent.get()),
          started);
    }
    boolean follow = !(payload.respectRobots() && page.noFollow()) && depth < state.maxDepth();
    if (!follow) {
      return done(record, started);
    }
    List<FrontierEntry> next =
        links.stream().filter(scope::allows).map(u -> new FrontierEntry(u, depth + 1)).toList();
    return done(record, started, next);
  }

  /** The distinct crawlable forms of a page's links, in page order. */
  private Set<String> normalized(List<String> links) {
    Set<String> unique = new LinkedHashSet<>();
    for (String link : links) {
      normalizer.normalize(link).ifPresent(unique::add);
    }
    return unique;
  }

  private Outcome done(PageRecord.Builder record, Instant started) {
    return done(record, started, List.of());
  }

  private Outcome done(PageRecord.Builder record, Instant started, List<FrontierEntry> links) {
    Instant now = clock.instant();
    PageRecord done =
        record.fetchedAt(now).durationMs(Duration.between(started, now).toMillis()).build();
    if (LOG.isDebugEnabled()) {
      String what =
          done.error() != null
              ? done.error()
              : done.skipped() != null ? "skipped: " + done.skipped() : "";
      LOG.debug(
          "{} {} {} ({} new links)",
          done.url(),
          done.status() == null ? "-" : done.status(),
          what,
          links.size());
    }
    return new Outcome(done, links);
  }
}
