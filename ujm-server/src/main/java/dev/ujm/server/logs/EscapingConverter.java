package dev.ujm.server.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * The Logback pattern word {@code %escaped(...)}: what it wraps (the message, the MDC) is written
 * with control characters escaped ({@link LogText}), so no logged value can break a line or forge
 * one. Stack traces are outside it and keep their lines.
 */
public final class EscapingConverter extends CompositeConverter<ILoggingEvent> {
  @Override
  protected String transform(ILoggingEvent event, String in) {
    return LogText.escape(in);
  }
}
