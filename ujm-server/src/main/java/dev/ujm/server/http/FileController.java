package dev.ujm.server.http;

import dev.ujm.api.FileView;
import dev.ujm.api.ListResponse;
import dev.ujm.api.ProblemTypes;
import dev.ujm.core.files.FileQuery;
import dev.ujm.core.files.FileStore;
import dev.ujm.core.files.FileTooLargeException;
import dev.ujm.core.files.NewFile;
import dev.ujm.core.files.StoredFile;
import dev.ujm.core.files.StoredFileNotFoundException;
import dev.ujm.core.store.Page;
import dev.ujm.server.engine.Backend;
import io.javalin.http.Context;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.tika.Tika;

/**
 * The file endpoints: upload (the body streamed to the backend's file store, never held whole, its
 * content type sniffed by Apache Tika from its first bytes and name), list, download and delete.
 * Files are seen like jobs: a user or readonly key sees its own files in its tenant, an admin key
 * its whole tenant; any other file answers 404 as if it did not exist. Downloads are sent as
 * attachments with {@code X-Content-Type-Options: nosniff}, so an uploaded page never runs in the
 * API's origin. Thread-safe.
 */
public final class FileController {
  private static final Tika TIKA = new Tika();

  private final Backend backend;
  private final long maxFileBytes;

  /**
   * @param maxFileBytes the largest upload ({@code UJM_MAX_FILE_BYTES})
   */
  public FileController(Backend backend, long maxFileBytes) {
    this.backend = backend;
    this.maxFileBytes = maxFileBytes;
  }

  /** {@code POST /api/v2/files?name=}: 201 with the stored file. */
  public void upload(Context ctx, Caller caller) throws IOException {
    String name = ctx.queryParam("name") == null ? "upload" : ctx.queryParam("name").strip();
    String problem = NewFile.nameProblem(name);
    if (problem != null) {
      throw ProblemException.invalid("name", problem);
    }
    if (ctx.req().getContentLengthLong() > maxFileBytes) {
      throw tooLarge();
    }
    FileStore files = files();
    try (InputStream body = new BufferedInputStream(ctx.req().getInputStream(), 64 * 1024)) {
      String type = TIKA.detect(body, name); // reads the first bytes and resets
      StoredFile stored =
          files.put(
              new NewFile(caller.tenant(), caller.userId(), name, type, null, maxFileBytes), body);
      ctx.header("Location", "/api/v2/files/" + stored.id());
      HttpExchange.json(ctx, 201, view(stored));
    } catch (FileTooLargeException e) {
      throw tooLarge();
    }
  }

  /** {@code GET /api/v2/files}: the caller's files, newest first; {@code ?jobId=} narrows. */
  public void list(Context ctx, Caller caller) {
    FileQuery query =
        new FileQuery(
            caller.tenant(),
            caller.ownerFilter(),
            ctx.queryParam("jobId"),
            ctx.queryParam("cursor"),
            QueryParams.limit(ctx, QueryParams.DEFAULT_LIMIT));
    Page<StoredFile> page;
    try {
      page = files().list(query);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("cursor", e.getMessage());
    }
    HttpExchange.json(
        ctx,
        200,
        new ListResponse<>(
            page.items().stream().map(FileController::view).toList(), page.nextCursor()));
  }

  /** {@code GET /api/v2/files/{id}}: the content, streamed. */
  public void download(Context ctx, Caller caller) throws IOException {
    StoredFile file = visible(ctx, caller);
    String etag = "\"" + file.sha256() + "\"";
    ctx.header("ETag", etag);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header(
        "Content-Disposition",
        "attachment; filename*=UTF-8''"
            + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20"));
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    InputStream content;
    try {
      content = files().open(file.id());
    } catch (StoredFileNotFoundException e) {
      throw notFound(file.id());
    }
    ctx.status(200).contentType(file.contentType());
    ctx.header("Content-Length", String.valueOf(file.size()));
    ctx.result(content);
  }

  /** {@code DELETE /api/v2/files/{id}}: 204. */
  public void delete(Context ctx, Caller caller) throws IOException {
    StoredFile file = visible(ctx, caller);
    files().delete(file.id());
    ctx.status(204);
  }

  private StoredFile visible(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    return files()
        .describe(id)
        .filter(f -> caller.canSee(f.tenantId(), f.ownerId()))
        .orElseThrow(() -> notFound(id));
  }

  private FileStore files() {
    return backend
        .engine()
        .files()
        .orElseThrow(
            () ->
                new ProblemException(
                    503,
                    ProblemTypes.BACKEND_UNAVAILABLE,
                    "Backend unavailable",
                    "the " + backend.name() + " backend keeps no files",
                    null,
                    null));
  }

  private ProblemException tooLarge() {
    return new ProblemException(
        413,
        ProblemTypes.PAYLOAD_TOO_LARGE,
        "Payload too large",
        "the file is larger than " + maxFileBytes + " bytes (UJM_MAX_FILE_BYTES)",
        null,
        null);
  }

  private static ProblemException notFound(String id) {
    return new ProblemException(
        404, ProblemTypes.NOT_FOUND, "File not found", "no file " + id, null, null);
  }

  static FileView view(StoredFile f) {
    return new FileView(
        f.id(),
        f.name(),
        f.contentType(),
        f.size(),
        f.sha256(),
        f.tenantId(),
        f.ownerId(),
        f.jobId(),
        f.createdAt());
  }
}
