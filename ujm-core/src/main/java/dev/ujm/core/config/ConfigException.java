package dev.ujm.core.config;

import dev.ujm.core.model.UjmException;
import java.util.List;

/** One or more configuration values are bad; {@link #problems()} has one sentence per value. */
public final class ConfigException extends UjmException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("bad configuration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
