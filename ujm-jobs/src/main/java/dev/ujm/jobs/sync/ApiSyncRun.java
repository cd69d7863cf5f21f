package dev.ujm.jobs.sync;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Json;
import dev.ujm.jobs.files.FileRef;
import dev.ujm.jobs.sync.ApiSyncRecords.Checkpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of one {@code api-sync} job. Its loop:
 *
 * <ol>
 *   <li>continue from the checkpoint's next URL, or start at the payload's URL;
 *   <li>fetch the page ({@link PageFetch}: SSRF guard, credential, retries on 429/5xx), sending the
 *       payload's {@code since} validators with the first page; a {@code 304} there ends the job as
 *       unchanged;
 *   <li>store its items as result items (or its body as a file), find the next page, and save the
 *       checkpoint, so a resumed sync continues after the last stored page;
 *   <li>stop at the last page or at {@code maxPages}, and complete with the totals and the first
 *       page's validators for the next sync.
 * </ol>
 *
 * A 4xx answer other than 429 fails the job for good; a page that is not what the payload says (not
 * JSON, no array at {@code itemsPath}) too. Not thread-safe; one per attempt.
 */
final class ApiSyncRun {
  private final JobContext<ApiSyncPayload> ctx;
  private final ApiSyncSettings settings;
  private final PageFetch fetch;
  private final Optional<FileStore> files;
  private String nextUrl;
  private int pages;
  private int pageNumber;
  private long items;
  private final List<FileRef> stored = new ArrayList<>();
  private ApiSyncPayload.Validators validators;
  private final int[] retries = {0};

  ApiSyncRun(
      JobContext<ApiSyncPayload> ctx,
      ApiSyncSettings settings,
      PageFetch fetch,
      Optional<FileStore> files) {
    this.ctx = ctx;
    this.settings = settings;
    this.fetch = fetch;
    this.files = files;
  }

  JobOutcome execute() throws Exception {
    ApiSyncPayload p = ctx.payload();
    Credential credential =
        p.credential() == null
            ? null
            : settings.credentials().get(p.credential().toLowerCase(Locale.ROOT));
    if (p.credential() != null && credential == null) {
      return JobOutcome.failed(
          "api-sync.no-credential", "credential '" + p.credential() + "' is no longer configured");
    }
    Optional<Checkpoint> cp =
        ctx.checkpoint(Checkpoint.class).filter(c -> c.version() == Checkpoint.VERSION);
    boolean resumed = cp.isPresent();
    if (cp.isPresent()) {
      Checkpoint c = cp.get();
      nextUrl = c.nextUrl();
      pages = c.pages();
      pageNumber = c.pageNumber();
      items = c.items();
      stored.addAll(c.files());
      validators = c.validators();
      ctx.log().info("api-sync resumed at attempt {} after {} pages", ctx.attempt(), pages);
    } else {
      nextUrl = NextPage.first(p.paging(), URI.create(p.url())).toString();
      pageNumber = p.paging().startPage() == null ? 1 : p.paging().startPage();
    }
    ctx.checkpointWith(this::checkpoint);
    boolean unchanged = false;
    while (nextUrl != null && pages < p.maxPages()) {
      if (ctx.isCancelled()) {
        return JobOutcome.cancelled();
      }
      URI url = URI.create(nextUrl);
      Map<String, String> conditional = new LinkedHashMap<>();
      if (pages == 0 && p.since() != null) {
        if (p.since().etag() != null) {
          conditional.put("If-None-Match", p.since().etag());
        }
        if (p.since().lastModified() != null) {
          conditional.put("If-Modified-Since", p.since().lastModified());
        }
      }
      PageFetch.Page page;
      try {
        page = fetch.get(ctx, url, credential, conditional, retries);
      } catch (PageFetch.WaitTooLong e) {
        ctx.saveCheckpoint(checkpoint());
        return JobOutcome.retryLater(e.wait, e.getMessage());
      } catch (PageFetch.Refused e) {
        return JobOutcome.failed(e.type, e.getMessage());
      }
      if (page.status() == 304 && pages == 0) {
        unchanged = true;
        validators = p.since();
        break;
      }
      if (page.status() >= 400 || page.status() == 304) {
        return JobOutcome.failed(
            "api-sync.http-error",
            page.url() + " answered " + page.status() + " at page " + (pages + 1));
      }
      if (pages == 0) {
        validators =
            new ApiSyncPayload.Validators(
                page.headers().firstValue("ETag").orElse(null),
                page.headers().firstValue("Last-Modified").orElse(null));
      }
      JsonNode body = null;
      JsonNode pageItems = null;
      if (p.output().equals("items")
          || !p.paging().type().equals("link") && !p.paging().type().equals("none")) {
        try {
          body = Json.mapper().readTree(page.body());
        } catch (IOException e) {
          return JobOutcome.failed(
              "api-sync.bad-response", page.url() + " is not JSON: " + e.getMessage());
        }
        pageItems = p.itemsPath().isEmpty() ? body : body.at(JsonPointer.compile(p.itemsPath()));
        if (pageItems == null || !pageItems.isArray()) {
          return JobOutcome.failed(
              "api-sync.bad-response",
              page.url() + " has no array at itemsPath '" + p.itemsPath() + "'");
        }
      }
      if (p.output().equals("items")) {
        List<JsonNode> list = new ArrayList<>();
        pageItems.forEach(list::add);
        ctx.appendResults(list);
        items += list.size();
      } else {
        stored.add(FileRef.of(storeBody(page)));
        items += pageItems == null ? 0 : pageItems.size();
      }
      URI next =
          NextPage.after(p.paging(), page.url(), page.headers(), body, pageItems, pageNumber);
      nextUrl = next == null ? null : next.toString();
      pages++;
      pageNumber++;
      ctx.saveCheckpoint(checkpoint());
      ctx.progress(pages, p.maxPages(), pages + " pages, " + items + " items");
    }
    return JobOutcome.completed(
        new ApiSyncRecords.Result(
            p.url(),
            pages,
            items,
            List.copyOf(stored),
            unchanged,
            nextUrl == null,
            validators,
            retries[0],
            resumed));
  }

  private StoredFile storeBody(PageFetch.Page page) throws IOException {
    FileStore store =
        files.orElseThrow(() -> new IllegalStateException("this node keeps no files"));
    String type = page.headers().firstValue("Content-Type").orElse("application/octet-stream");
    String extension = type.contains("json") ? "json" : type.contains("csv") ? "csv" : "bin";
    String name = String.format(Locale.ROOT, "page-%05d.%s", pages + 1, extension);
    return store.put(
        new NewFile(
            ctx.job().tenantId(),
            ctx.job().ownerId(),
            name,
            type,
            ctx.job().id(),
            settings.maxBodyBytes()),
        new ByteArrayInputStream(page.body()));
  }

  private Checkpoint checkpoint() {
    return new Checkpoint(
        Checkpoint.VERSION, nextUrl, pages, pageNumber, items, stored, validators);
  }
}
