package dev.ujm.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the validated {@code LOG_LEVEL} to the root logger (Logback), whatever the XML
 * configuration said.
 */
public final class LogLevels {
  private LogLevels() {}

  public static void apply(String level) {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
