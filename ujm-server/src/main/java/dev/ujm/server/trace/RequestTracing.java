package dev.ujm.server.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * A span around one submitting request ({@code POST /api/v2/jobs}, the batch, a crawl), child of
 * the caller's {@code traceparent}; current while the handler runs, so the jobs it submits carry it
 * ({@link Tracing#currentTag()}).
 */
public final class RequestTracing {
  private final Tracing tracing;

  public RequestTracing(Tracing tracing) {
    this.tracing = tracing;
  }

  /** One traced request; close it (on the same thread) when the handler returned. */
  public interface Traced extends AutoCloseable {
    /** Ends the span with the answer's status and the job it made, if any. */
    void end(int status, String jobId);

    @Override
    void close();
  }

  /**
   * Starts the span of a request and makes it current.
   *
   * @param header reads a request header
   */
  public Traced start(String method, String route, Function<String, String> header) {
    if (!tracing.isOn()) {
      return NONE;
    }
    Span span =
        tracing
            .tracer()
            .spanBuilder(method + " " + route)
            .setParent(tracing.extract(header))
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", method)
            .setAttribute("http.route", route)
            .startSpan();
    Scope current = span.makeCurrent();
    MDC.put(Tracing.TRACE_ID_MDC, span.getSpanContext().getTraceId());
    return new Traced() {
      @Override
      public void end(int status, String jobId) {
        span.setAttribute("http.response.status_code", (long) status);
        if (jobId != null) {
          span.setAttribute(Tracing.JOB_ID, jobId);
        }
        if (status >= 500) {
          span.setStatus(StatusCode.ERROR);
        }
      }

      @Override
      public void close() {
        MDC.remove(Tracing.TRACE_ID_MDC);
        current.close();
        span.end();
      }
    };
  }

  /** Traces nothing (requests that submit no job). */
  public static final Traced NONE =
      new Traced() {
        @Override
        public void end(int status, String jobId) {}

        @Override
        public void close() {}
      };
}
