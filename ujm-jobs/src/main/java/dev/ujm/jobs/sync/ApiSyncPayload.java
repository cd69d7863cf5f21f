package dev.ujm.jobs.sync;

/**
 * What an {@code api-sync} job is asked to pull. Credentials are named, never given: {@code
 * credential} picks one of the node's {@code UJM_API_SYNC_CREDENTIAL_<NAME>} settings. Checked at
 * submit by {@link ApiSyncPayloadValidator}. Immutable.
 *
 * @param url the first page: an absolute http(s) URL
 * @param credential the name of a configured credential, or null for none
 * @param paging how the next page is found (default: one page only)
 * @param itemsPath a JSON pointer to the array of items in each page ({@code /data}); empty or
 *     missing means the page itself is the array
 * @param output {@code items} (default: each item stored as a result item of the job) or {@code
 *     files} (each page's body stored as a file)
 * @param maxPages most pages to fetch (default 100, at most {@code UJM_API_SYNC_MAX_PAGES})
 * @param since validators of an earlier sync's first page ({@code result.validators}): sent as
 *     {@code If-None-Match} / {@code If-Modified-Since}, and a {@code 304} ends the job as
 *     unchanged
 */
public record ApiSyncPayload(
    String url,
    String credential,
    Paging paging,
    String itemsPath,
    String output,
    Integer maxPages,
    Validators since) {

  public ApiSyncPayload {
    paging = paging == null ? new Paging("none", null, null, null, null) : paging;
    itemsPath = itemsPath == null ? "" : itemsPath;
    output = output == null ? "items" : output;
    maxPages = maxPages == null ? 100 : maxPages;
  }

  /**
   * How pages follow each other.
   *
   * @param type {@code none}, {@code link} (the {@code rel="next"} of the Link header), {@code
   *     cursor} (a value in the page, sent back as a query parameter) or {@code page} (a page
   *     number, until a page has no items)
   * @param param the query parameter of the cursor or page number (default {@code cursor} / {@code
   *     page})
   * @param cursorPath cursor: a JSON pointer to the next cursor in the page ({@code /next}); a
   *     missing, null or empty value ends the sync
   * @param startPage page: the first page number (default 1)
   * @param pageSize page: with it, a page with fewer items is the last
   */
  public record Paging(
      String type, String param, String cursorPath, Integer startPage, Integer pageSize) {}

  /** The validators of a page: its {@code ETag} and {@code Last-Modified}, either may be null. */
  public record Validators(String etag, String lastModified) {}
}
