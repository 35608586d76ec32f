package io.steadfast.store.jdbc;

/** One dedup row as the mapper reads and writes it (MyBatis fills the fields reflectively). */
final class DedupRow {
  /** Characters of the original key kept next to its hash, for debugging. */
  private static final int ORIGINAL_KEY_CHARS = 1024;

  private String keyHash;
  private String originalKey;
  private String state;
  private String ownerToken;

  DedupRow() {}

  /** A row to insert for {@code key}, whose hash is {@code keyHash}. */
  static DedupRow toInsert(String keyHash, String key) {
    DedupRow row = new DedupRow();
    row.keyHash = keyHash;
    row.originalKey = debugCopy(key);
    return row;
  }

  public String getKeyHash() {
    return keyHash;
  }

  public String getOriginalKey() {
    return originalKey;
  }

  boolean isDone() {
    return "DONE".equals(state);
  }

  boolean isProcessingBy(String owner) {
    return "PROCESSING".equals(state) && owner.equals(ownerToken);
  }

  /**
   * The first {@value #ORIGINAL_KEY_CHARS} characters of {@code key}, never splitting a surrogate
   * pair, with NUL characters (which PostgreSQL text cannot hold) shown as U+FFFD.
   */
  private static String debugCopy(String key) {
    String prefix = key;
    if (key.length() > ORIGINAL_KEY_CHARS) {
      int end = ORIGINAL_KEY_CHARS;
      prefix = key.substring(0, Character.isHighSurrogate(key.charAt(end - 1)) ? end - 1 : end);
    }
    return prefix.replace('\0', '\uFFFD');
  }
}
