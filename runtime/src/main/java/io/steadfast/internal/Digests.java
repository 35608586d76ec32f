package io.steadfast.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lower-case hex digests of text (its UTF-8 bytes), as the stores use them for key hashes and
 * script ids.
 *
 * <p>Internal; not for direct use: it may change in any release.
 */
public final class Digests {
  private Digests() {}

  /** SHA-256: 64 hex digits. */
  public static String sha256Hex(String text) {
    return hex("SHA-256", text);
  }

  /** SHA-1 (what Redis names scripts by): 40 hex digits. */
  public static String sha1Hex(String text) {
    return hex("SHA-1", text);
  }

  /** Every JDK has SHA-1 and SHA-256, so a missing one is a broken JDK. */
  private static String hex(String algorithm, String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks " + algorithm, e);
    }
  }
}
