package dev.ujm.jobs.sync;

import com.fasterxml.jackson.core.JsonPointer;
import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobDefinition.PayloadValidator;
import dev.ujm.jobs.crawl.InternalAddresses;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks an api-sync payload at submit: an absolute http(s) URL that names no internal address
 * literally (unless {@code UJM_API_SYNC_ALLOW_PRIVATE_NETWORKS}); a configured credential that may
 * be sent to the URL's host; a known paging type with what it needs; a JSON pointer for items; an
 * output this node can store. Host names are resolved and checked when the job connects. Reports
 * every problem at once. Thread-safe.
 */
final class ApiSyncPayloadValidator implements PayloadValidator<ApiSyncPayload> {
  static final Set<String> PAGING = Set.of("none", "link", "cursor", "page");

  private final ApiSyncSettings settings;
  private final boolean filesAvailable;

  ApiSyncPayloadValidator(ApiSyncSettings settings, boolean filesAvailable) {
    this.settings = settings;
    this.filesAvailable = filesAvailable;
  }

  @Override
  public void validate(ApiSyncPayload p) throws InvalidPayloadException {
    List<String[]> problems = new ArrayList<>();
    URI uri = null;
    try {
      uri = p.url() == null || p.url().length() > 2048 ? null : new URI(p.url());
    } catch (URISyntaxException e) {
      // reported below
    }
    String scheme =
        uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null) {
      problems.add(
          new String[] {
            "url", "url must be an absolute http or https URL of at most 2048 characters"
          });
      uri = null;
    } else if (!settings.allowPrivateNetworks()
        && InternalAddresses.literal(uri.getHost())
            .filter(InternalAddresses::isInternal)
            .isPresent()) {
      problems.add(
          new String[] {
            "url",
            "url names the internal address "
                + uri.getHost()
                + ", which api-sync may not reach (UJM_API_SYNC_ALLOW_PRIVATE_NETWORKS is false)"
          });
    }
    if (p.credential() != null) {
      Credential c = settings.credentials().get(p.credential().toLowerCase(Locale.ROOT));
      if (c == null) {
        problems.add(
            new String[] {
              "credential",
              "no credential '"
                  + p.credential()
                  + "' is configured (UJM_API_SYNC_CREDENTIAL_<NAME>); known: "
                  + settings.credentials().keySet()
            });
      } else if (uri != null && !c.allows(uri)) {
        problems.add(
            new String[] {
              "credential",
              "credential '" + p.credential() + "' may not be sent to " + uri.getHost()
            });
      }
    }
    ApiSyncPayload.Paging paging = p.paging();
    if (!PAGING.contains(paging.type())) {
      problems.add(new String[] {"paging.type", "paging.type must be one of " + PAGING});
    } else if (paging.type().equals("cursor") && !isPointer(paging.cursorPath(), false)) {
      problems.add(
          new String[] {
            "paging.cursorPath", "cursor paging needs cursorPath, a JSON pointer such as /next"
          });
    }
    if (paging.param() != null && !paging.param().matches("[A-Za-z0-9_.\\[\\]-]{1,64}")) {
      problems.add(new String[] {"paging.param", "paging.param must be a query parameter name"});
    }
    if (paging.pageSize() != null && paging.pageSize() < 1) {
      problems.add(new String[] {"paging.pageSize", "paging.pageSize must be positive"});
    }
    if (!isPointer(p.itemsPath(), true)) {
      problems.add(
          new String[] {"itemsPath", "itemsPath must be a JSON pointer such as /data, or empty"});
    }
    if (!p.output().equals("items") && !p.output().equals("files")) {
      problems.add(new String[] {"output", "output must be items or files"});
    } else if (p.output().equals("files") && !filesAvailable) {
      problems.add(new String[] {"output", "this node keeps no files; use output items"});
    }
    if (p.maxPages() < 1 || p.maxPages() > settings.maxPages()) {
      problems.add(
          new String[] {
            "maxPages", "maxPages must be 1 to " + settings.maxPages() + " (UJM_API_SYNC_MAX_PAGES)"
          });
    }
    if (p.since() != null && (unsafe(p.since().etag()) || unsafe(p.since().lastModified()))) {
      problems.add(new String[] {"since", "since values must be printable header text"});
    }
    if (!problems.isEmpty()) {
      throw new InvalidPayloadException(
          problems.get(0)[0], String.join("; ", problems.stream().map(x -> x[1]).toList()));
    }
  }

  private static boolean isPointer(String path, boolean emptyAllowed) {
    if (path == null || path.isEmpty()) {
      return emptyAllowed;
    }
    try {
      JsonPointer.compile(path);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean unsafe(String value) {
    return value != null
        && (value.length() > 512 || value.chars().anyMatch(c -> c < 0x20 || c >= 0x7f));
  }
}
