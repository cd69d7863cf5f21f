package dev.ujm.server.trace;

import dev.ujm.core.handler.WorkSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/** {@link WorkSpans} over OpenTelemetry: a step is a span, child of the thread's current one. */
public final class OtelWorkSpans implements WorkSpans {
  private final Tracing tracing;

  public OtelWorkSpans(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public Step start(String name, String attribute, String value) {
    Span span = tracing.tracer().spanBuilder(name).setAttribute(attribute, value).startSpan();
    Scope current = span.makeCurrent();
    return new Step() {
      @Override
      public void result(String key, long number, boolean failed) {
        span.setAttribute(key, number);
        if (failed) {
          span.setStatus(StatusCode.ERROR);
        }
      }

      @Override
      public void close() {
        current.close();
        span.end();
      }
    };
  }

  @Override
  public Runnable carrying(Runnable task) {
    return Context.current().wrap(task);
  }
}
