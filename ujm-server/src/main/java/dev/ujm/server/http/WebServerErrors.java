package dev.ujm.server.http;

import dev.ujm.api.Problem;
import dev.ujm.api.ProblemTypes;
import dev.ujm.core.model.Json;
import dev.ujm.server.logs.LogText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of errors the web server finds before any route runs (a {@code %00} or {@code ..;} in
 * the path, headers over 64 KiB, a URI too long): the same {@code application/problem+json} with a
 * stable {@code type} as every other error, with the same security headers, and one log line.
 * Thread-safe.
 */
final class WebServerErrors extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger("dev.ujm.server.http.requests");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Every method gets a problem body, not only GET, POST and HEAD as Jetty's default. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    String path = request.getHttpURI() == null ? "" : request.getHttpURI().getPath();
    Problem problem = problem(code, message, path);
    LOG.info(
        "{} {} {} (refused by the web server: {})",
        request.getMethod(),
        LogText.escape(path),
        code,
        LogText.escape(problem.detail()));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON);
    // Jetty may close the connection after refusing a malformed request; saying so keeps a client
    // from sending its next request on a connection about to close under it.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    SecurityHeaders.apply(response.getHeaders());
    response.write(true, ByteBuffer.wrap(Json.mapper().writeValueAsBytes(problem)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    Problem problem = problem(status, reason, null);
    fields.put(HttpHeader.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON);
    fields.put(HttpHeader.CONNECTION, "close");
    SecurityHeaders.apply(fields);
    try {
      return ByteBuffer.wrap(Json.mapper().writeValueAsBytes(problem));
    } catch (IOException e) {
      return null;
    }
  }

  private static Problem problem(int code, String message, String path) {
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    String type =
        switch (code) {
          case 404 -> ProblemTypes.NOT_FOUND;
          case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
          case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
          case 414 -> ProblemTypes.URI_TOO_LONG;
          case 431 -> ProblemTypes.HEADERS_TOO_LARGE;
          default -> code >= 500 ? ProblemTypes.INTERNAL_ERROR : ProblemTypes.INVALID_REQUEST;
        };
    String detail =
        switch (code) {
          case 414 ->
              "the request URI is too long; send long lists in a body or in several requests";
          case 431 -> "the request headers are larger than 64 KiB; send less in headers";
          default -> "the web server refused the request: " + reason;
        };
    return new Problem(type, HttpStatus.getMessage(code), code, detail, path, null, newRequestId());
  }

  private static String newRequestId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
