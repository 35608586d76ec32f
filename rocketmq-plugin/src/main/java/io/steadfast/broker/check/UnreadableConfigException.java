package io.steadfast.broker.check;

import java.util.List;

/** A config file cannot be checked: missing, binary, not key=value, duplicate or bad values. */
final class UnreadableConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  UnreadableConfigException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  UnreadableConfigException(String problem) {
    this(List.of(problem));
  }

  /** One readable line per problem. */
  List<String> problems() {
    return problems;
  }
}
