package io.steadfast.broker.rules;

/**
 * One broken rule on one key.
 *
 * @param rule the rule's name, e.g. {@code sync-flush}
 * @param key the offending property
 * @param current its current value as the broker sees it
 * @param required what the rule requires, in words (e.g. {@code >= 2})
 * @param why what can be lost otherwise
 * @param fixValue the value that satisfies the rule, or {@code null} when no single value does
 */
public record Violation(
    String rule, String key, String current, String required, String why, String fixValue) {

  /** One line: the rule, the key, current and required values, the reason and the fix. */
  public String describe() {
    return "["
        + rule
        + "] "
        + key
        + "="
        + current
        + ", required "
        + required
        + ": "
        + why
        + (fixValue == null ? "" : " Fix: set " + key + "=" + fixValue + ".");
  }
}
