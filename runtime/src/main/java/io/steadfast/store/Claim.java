package io.steadfast.store;

import java.util.Objects;

/**
 * A held PROCESSING record: the key within its group and the owner token that fences every later
 * transition.
 *
 * @param group consumer group (the key namespace)
 * @param key dedup key as given by the caller (stores may hash it for storage)
 * @param owner random token identifying this claim
 */
public record Claim(String group, String key, String owner) {
  public Claim {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
  }
}
