package io.steadfast.store.jdbc;

/** One dedup row as the mapper reads and writes it (MyBatis fills the fields reflectively). */
final class DedupRow {
  private String keyHash;
  private String originalKey;
  private String state;
  private String ownerToken;
  private long expiresAt;

  DedupRow() {}

  static DedupRow toInsert(String keyHash, String originalKey) {
    DedupRow row = new DedupRow();
    row.keyHash = keyHash;
    row.originalKey = originalKey;
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

  long expiresAt() {
    return expiresAt;
  }
}
