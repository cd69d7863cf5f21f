package dev.ujm.jobs.sync;

import dev.ujm.jobs.files.FileRef;
import java.util.List;

/** The checkpoint and result of an {@code api-sync} job. */
final class ApiSyncRecords {
  private ApiSyncRecords() {}

  /**
   * Where a sync stands after its last stored page.
   *
   * @param nextUrl the next page to fetch, or null when the sync is through
   * @param pages pages stored
   * @param pageNumber the number of the next page (page paging)
   * @param items items stored
   * @param files files stored (output files)
   * @param validators the first page's validators
   */
  record Checkpoint(
      int version,
      String nextUrl,
      int pages,
      int pageNumber,
      long items,
      List<FileRef> files,
      ApiSyncPayload.Validators validators) {
    static final int VERSION = 1;

    Checkpoint {
      files = files == null ? List.of() : List.copyOf(files);
    }
  }

  /**
   * The job's result.
   *
   * @param unchanged the first page answered 304 to {@code since}: nothing was stored
   * @param complete the last page was reached (false when {@code maxPages} stopped the sync)
   * @param validators pass these as {@code since} to the next sync of the same URL
   * @param retries 429/5xx answers tried again within attempts
   */
  record Result(
      String url,
      int pages,
      long items,
      List<FileRef> files,
      boolean unchanged,
      boolean complete,
      ApiSyncPayload.Validators validators,
      int retries,
      boolean resumed) {}
}
