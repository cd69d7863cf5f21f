package dev.ujm.server.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * This server's OpenTelemetry traces: a span per submit request (joining the caller's trace when it
 * sends a W3C {@code traceparent}), per attempt (joining the trace of the submit that made the job)
 * and per page a crawl fetches. Off unless {@code UJM_OTEL_ENDPOINT} names an OTLP/HTTP collector
 * ({@code http://collector:4318}); then spans are batched and exported in the background.
 * Thread-safe.
 */
public final class Tracing implements AutoCloseable {
  /** The setting that turns tracing on. */
  public static final String ENDPOINT = "UJM_OTEL_ENDPOINT";

  /** The tag a job's submit leaves its trace context in: {@code traceparent=00-…}. */
  public static final String TAG_PREFIX = "traceparent=";

  /** The MDC entry of the trace id, on the lines of a traced request or attempt. */
  public static final String TRACE_ID_MDC = "traceId";

  static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("ujm.job.id");
  static final AttributeKey<String> JOB_TYPE = AttributeKey.stringKey("ujm.job.type");
  static final AttributeKey<String> JOB_QUEUE = AttributeKey.stringKey("ujm.job.queue");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("ujm.job.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("ujm.attempt.outcome");

  private static final TextMapGetter<Map<String, String>> FROM_MAP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final OpenTelemetry otel;
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.otel =
        provider == null
            ? OpenTelemetry.noop()
            : OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    this.tracer = otel.getTracer("dev.ujm");
  }

  /** Tracing as the settings ask: exported to {@code UJM_OTEL_ENDPOINT}, or off. */
  public static Tracing from(Map<String, String> settings) {
    String endpoint = settings.get(ENDPOINT);
    if (endpoint == null || endpoint.isBlank()) {
      return off();
    }
    String url = endpoint.trim().replaceAll("/+$", "");
    SpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(url.endsWith("/v1/traces") ? url : url + "/v1/traces")
            .build();
    return batchingTo(exporter);
  }

  /** Spans batched to {@code exporter} in the background, as {@link #from} does. */
  public static Tracing batchingTo(SpanExporter exporter) {
    return new Tracing(provider(BatchSpanProcessor.builder(exporter).build()));
  }

  /** No spans at all: the default. */
  public static Tracing off() {
    return new Tracing(null);
  }

  /** Every span handed to {@code exporter} as it ends (tests, with an in-memory exporter). */
  public static Tracing exportingTo(SpanExporter exporter) {
    return new Tracing(provider(SimpleSpanProcessor.create(exporter)));
  }

  private static SdkTracerProvider provider(io.opentelemetry.sdk.trace.SpanProcessor processor) {
    return SdkTracerProvider.builder()
        .setResource(
            Resource.getDefault()
                .merge(
                    Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "ujm"))))
        .addSpanProcessor(processor)
        .build();
  }

  /** Whether spans are recorded at all. */
  public boolean isOn() {
    return provider != null;
  }

  Tracer tracer() {
    return tracer;
  }

  /** The context a request's headers carry ({@code traceparent}, {@code tracestate}). */
  Context extract(Function<String, String> header) {
    Map<String, String> carrier = new java.util.HashMap<>();
    for (String name : List.of("traceparent", "tracestate")) {
      String value = header.apply(name);
      if (value != null) {
        carrier.put(name, value);
      }
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, FROM_MAP);
  }

  /** The tag that hands the current span to a job's attempts, if a span is recording. */
  public static Optional<String> currentTag() {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return Optional.empty();
    }
    return Optional.of(
        TAG_PREFIX
            + "00-"
            + span.getTraceId()
            + "-"
            + span.getSpanId()
            + "-"
            + span.getTraceFlags().asHex());
  }

  /** The context a job's tags carry, or the root when none. */
  Context fromTags(List<String> tags) {
    for (String tag : tags) {
      if (tag.startsWith(TAG_PREFIX)) {
        return W3CTraceContextPropagator.getInstance()
            .extract(
                Context.root(),
                Map.of("traceparent", tag.substring(TAG_PREFIX.length())),
                FROM_MAP);
      }
    }
    return Context.root();
  }

  /** Exports what is still buffered, then stops. */
  @Override
  public void close() {
    if (provider != null) {
      provider.close();
    }
  }
}
