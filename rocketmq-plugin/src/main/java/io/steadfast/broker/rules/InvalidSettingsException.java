package io.steadfast.broker.rules;

import java.util.List;

/** A configuration holds values RocketMQ would silently ignore (e.g. an unknown enum name). */
public final class InvalidSettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  InvalidSettingsException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One readable line per bad value. */
  public List<String> problems() {
    return problems;
  }
}
