package dev.ujm.server.trace;

import dev.ujm.core.model.Job;
import dev.ujm.core.worker.AttemptObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Instant;
import org.slf4j.MDC;

/**
 * A span per attempt, named {@code run <type>}, child of the submit that made the job (its {@code
 * traceparent} tag), so the attempt joins the caller's trace. The span is current on the attempt's
 * thread while the handler runs, so what the handler traces (a crawl's page fetches) nests in it,
 * and its trace id is in the MDC ({@code traceId}) of every line the attempt logs.
 */
public final class AttemptTracing implements AttemptObserver {
  private final Tracing tracing;

  public AttemptTracing(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public AttemptObserver.Scope started(Job job, Instant at) {
    Span span =
        tracing
            .tracer()
            .spanBuilder("run " + job.type())
            .setParent(tracing.fromTags(job.tags()))
            .setSpanKind(SpanKind.CONSUMER)
            .setStartTimestamp(at)
            .setAttribute(Tracing.JOB_ID, job.id())
            .setAttribute(Tracing.JOB_TYPE, job.type())
            .setAttribute(Tracing.JOB_QUEUE, job.queue())
            .setAttribute(Tracing.ATTEMPT, (long) job.attempt())
            .startSpan();
    io.opentelemetry.context.Scope current = span.makeCurrent();
    MDC.put(Tracing.TRACE_ID_MDC, span.getSpanContext().getTraceId());
    return (outcome, end) -> {
      MDC.remove(Tracing.TRACE_ID_MDC);
      span.setAttribute(Tracing.OUTCOME, outcome);
      if (!outcome.equals("completed") && !outcome.equals("cancelled")) {
        span.setStatus(StatusCode.ERROR, outcome);
      }
      current.close();
      span.end(end);
    };
  }

  @Override
  public void staleWrite(Job job) {
    Span.current().addEvent("stale write refused");
  }
}
