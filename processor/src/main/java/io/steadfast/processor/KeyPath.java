package io.steadfast.processor;

import java.util.List;

/**
 * A compiled {@code @OnMessage(key = "a.b")} path: the accessor calls from the payload to the key,
 * each into a local variable, each call skipped (null) when its receiver is null.
 *
 * @param path the path as written
 * @param steps accessor calls, in order
 * @param ending how the last value becomes a String
 */
record KeyPath(String path, List<Step> steps, Ending ending) {
  KeyPath {
    steps = List.copyOf(steps);
  }

  /** One accessor call: {@code var local = previous == null ? null : previous.accessor();}. */
  record Step(String accessor, String local) {}

  /** How the last value is turned into the key. */
  enum Ending {
    /** {@code String.valueOf(primitive)}: never null. */
    PRIMITIVE,
    /** Already a String. */
    STRING,
    /** {@code value == null ? null : value.toString()}. */
    OBJECT
  }
}
