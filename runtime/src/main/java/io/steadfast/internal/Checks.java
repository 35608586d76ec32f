package io.steadfast.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Argument checks shared by the whole runtime, so that every builder and store refuses the same
 * input with the same message: a null is a {@link NullPointerException} naming the argument, a bad
 * value an {@link IllegalArgumentException} naming the argument, the rule and the value.
 *
 * <p>Internal; not for direct use: it may change in any release.
 */
public final class Checks {

  /** RocketMQ's own rule for consumer group names; it also keeps group names free of separators. */
  private static final Pattern GROUP = Pattern.compile("[%|a-zA-Z0-9_-]{1,255}");

  private static final int SHOWN_CHARS = 80;

  private Checks() {}

  /**
   * Returns {@code value} if it is positive.
   *
   * @throws IllegalArgumentException "{@code name} must be positive: {@code value}"
   */
  public static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is at least {@code min}.
   *
   * @throws IllegalArgumentException "{@code name} must be at least {@code min}: {@code value}"
   */
  public static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
    }
    return value;
  }

  /**
   * Returns {@code group} if it is a valid RocketMQ consumer group name ({@code
   * [%|a-zA-Z0-9_-]{1,255}}).
   */
  public static String consumerGroup(String group) {
    Objects.requireNonNull(group, "group");
    if (!GROUP.matcher(group).matches()) {
      throw new IllegalArgumentException(
          "consumer group must match [%|a-zA-Z0-9_-]{1,255} (RocketMQ's rule), got: '"
              + abbreviate(group)
              + "'");
    }
    return group;
  }

  /** Returns {@code key} if it is not empty; a dedup key may hold any characters, any length. */
  public static String dedupKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("dedup key must not be empty");
    }
    return key;
  }

  private static String abbreviate(String value) {
    return value.length() <= SHOWN_CHARS ? value : value.substring(0, SHOWN_CHARS) + "...";
  }
}
