package dev.ujm.jobs.sync;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the page after this one is, for each paging type; null when this one was the last. */
final class NextPage {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;[^,<]*)*)");
  private static final Pattern REL =
      Pattern.compile("rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

  private NextPage() {}

  /**
   * @param items the page's items (null when the page is not JSON or has none)
   * @param pageNumber the number of this page, for page paging
   */
  static URI after(
      ApiSyncPayload.Paging paging,
      URI url,
      HttpHeaders headers,
      JsonNode body,
      JsonNode items,
      int pageNumber) {
    return switch (paging.type()) {
      case "link" ->
          headers.allValues("Link").stream()
              .map(NextPage::nextIn)
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .map(url::resolve)
              .orElse(null);
      case "cursor" -> {
        JsonNode cursor = body == null ? null : body.at(JsonPointer.compile(paging.cursorPath()));
        yield cursor == null
                || cursor.isMissingNode()
                || cursor.isNull()
                || cursor.asText().isEmpty()
            ? null
            : withParam(url, paging.param() == null ? "cursor" : paging.param(), cursor.asText());
      }
      case "page" -> {
        int count = items == null || !items.isArray() ? 0 : items.size();
        boolean last = count == 0 || (paging.pageSize() != null && count < paging.pageSize());
        yield last
            ? null
            : withParam(
                url,
                paging.param() == null ? "page" : paging.param(),
                String.valueOf(pageNumber + 1));
      }
      default -> null;
    };
  }

  /** The first page's URL: with page paging, the start page number is set. */
  static URI first(ApiSyncPayload.Paging paging, URI url) {
    if (!paging.type().equals("page")) {
      return url;
    }
    String param = paging.param() == null ? "page" : paging.param();
    return withParam(
        url, param, String.valueOf(paging.startPage() == null ? 1 : paging.startPage()));
  }

  /** The target of the {@code rel="next"} link in one Link header value, or null. */
  static String nextIn(String header) {
    Matcher link = LINK.matcher(header);
    while (link.find()) {
      Matcher rel = REL.matcher(link.group(2));
      if (rel.find() && List.of(rel.group(1).trim().split("\\s+")).contains("next")) {
        return link.group(1).trim();
      }
    }
    return null;
  }

  /** The URL with one query parameter set (replaced when present). */
  static URI withParam(URI url, String name, String value) {
    List<String> parts = new ArrayList<>();
    if (url.getRawQuery() != null) {
      for (String part : url.getRawQuery().split("&")) {
        String key = URLDecoder.decode(part.replaceAll("=.*", ""), StandardCharsets.UTF_8);
        if (!key.equals(name) && !part.isEmpty()) {
          parts.add(part);
        }
      }
    }
    parts.add(
        URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8));
    String base = url.toString().replaceAll("[?#].*$", "");
    return URI.create(base + "?" + String.join("&", parts));
  }
}
