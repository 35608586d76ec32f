package io.steadfast.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Argument checks and key encoding shared by every store, so all stores accept and refuse the
 * same input.
 */
public final class DedupKeys {

  /** RocketMQ's own rule for consumer group names; it also keeps group names free of separators. */
  private static final Pattern GROUP = Pattern.compile("[%|a-zA-Z0-9_-]{1,255}");

  private DedupKeys() {}

  /** Throws a clear {@link IllegalArgumentException} unless {@code group} is a valid group name. */
  public static void checkGroup(String group) {
    Objects.requireNonNull(group, "group");
    if (!GROUP.matcher(group).matches()) {
      throw new IllegalArgumentException(
          "consumer group must match [%|a-zA-Z0-9_-]{1,255} (RocketMQ's rule), got: '"
              + abbreviate(group)
              + "'");
    }
  }

  /** Throws unless {@code key} is non-empty; any characters and any length are allowed. */
  public static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("dedup key must not be empty");
    }
  }

  /** Throws unless {@code duration} is positive. */
  public static void checkPositive(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + duration);
    }
  }

  /** Lower-case hex SHA-256 of the key's UTF-8 bytes (64 characters). */
  public static String sha256Hex(String key) {
    return digestHex("SHA-256", key);
  }

  /** Lower-case hex digest of {@code text}'s UTF-8 bytes with {@code algorithm} (every JDK has SHA-1 and SHA-256). */
  public static String digestHex(String algorithm, String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks " + algorithm, e);
    }
  }

  /**
   * The first {@code maxChars} characters of {@code key}, never splitting a surrogate pair, with
   * NUL characters (which PostgreSQL text cannot hold) shown as U+FFFD: the original key as stored
   * next to its hash, for debugging only.
   */
  public static String debugCopy(String key, int maxChars) {
    String prefix = key;
    if (key.length() > maxChars) {
      int end = Character.isHighSurrogate(key.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
      prefix = key.substring(0, end);
    }
    return prefix.replace('\0', '\uFFFD');
  }

  private static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }
}
