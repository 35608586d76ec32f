package io.steadfast.broker.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code syncFlushTimeout} and {@code slaveTimeout} within [{@code steadfastMinTimeoutMillis},
 * {@code steadfastMaxTimeoutMillis}]. Too short: ordinary disk or network hiccups answer
 * FLUSH_*_TIMEOUT for messages that ARE stored, and producers resend them. Too long: producers need
 * an even longer request timeout to see the broker's answer.
 */
public final class TimeoutsRule implements Rule {

  @Override
  public String name() {
    return "sane-timeouts";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    List<Violation> violations = new ArrayList<>();
    check(settings, BrokerSettings.SYNC_FLUSH_TIMEOUT, "disk flush", violations);
    check(settings, BrokerSettings.SLAVE_TIMEOUT, "slave acknowledgement", violations);
    return violations;
  }

  private void check(
      BrokerSettings settings, String key, String waitsFor, List<Violation> violations) {
    int min = settings.getInt(BrokerSettings.MIN_TIMEOUT_MILLIS);
    int max = settings.getInt(BrokerSettings.MAX_TIMEOUT_MILLIS);
    int value = settings.getInt(key);
    String required = "between " + min + " and " + max + " ms";
    if (value < min) {
      violations.add(
          new Violation(
              name(),
              key,
              settings.describe(key),
              required,
              "a "
                  + waitsFor
                  + " wait this short times out on ordinary hiccups; the message is stored anyway"
                  + " and the producer, told it failed, sends it again.",
              Integer.toString(min)));
    } else if (value > max) {
      violations.add(
          new Violation(
              name(),
              key,
              settings.describe(key),
              required,
              "producers would need a request timeout above "
                  + value
                  + " ms to learn the outcome of a "
                  + waitsFor
                  + "; with a shorter one they only see a deadline.",
              Integer.toString(max)));
    }
  }
}
