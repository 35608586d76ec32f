package io.steadfast.spring;

import java.time.Duration;

/** Checks of single {@code steadfast.*} values, each failing with the property and its fix. */
final class SettingChecks {
  private SettingChecks() {}

  static Duration positive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidSettingException(
          property,
          "must be a positive duration, got " + value,
          "set " + property + " to a positive duration such as 30s.");
    }
    return value;
  }

  static int atLeast(String property, int value, int min) {
    if (value < min) {
      throw new InvalidSettingException(
          property,
          "must be at least " + min + ", got " + value,
          "set " + property + " to " + min + " or more.");
    }
    return value;
  }
}
