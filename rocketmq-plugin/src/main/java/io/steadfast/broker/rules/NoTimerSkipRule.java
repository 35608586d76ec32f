package io.steadfast.broker.rules;

import java.util.List;

/**
 * {@code timerSkipUnknownError=false}: a due timer message whose write to its topic fails with a
 * status TimerMessageStore (5.3.3) does not list is retried, not dropped. With the setting true it
 * is dropped, though the broker accepted and acknowledged the message long before.
 */
public final class NoTimerSkipRule implements Rule {

  @Override
  public String name() {
    return "no-timer-skip";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    if (!settings.getBoolean(BrokerSettings.TIMER_SKIP_UNKNOWN_ERROR)) {
      return List.of();
    }
    return List.of(
        new Violation(
            name(),
            BrokerSettings.TIMER_SKIP_UNKNOWN_ERROR,
            settings.describe(BrokerSettings.TIMER_SKIP_UNKNOWN_ERROR),
            "false",
            "a timer message whose write at its due time fails with a status TimerMessageStore"
                + " does not expect (UNKNOWN_ERROR, a store plugin's refusal, a remote escape"
                + " failure) is dropped instead of retried, though its producer was told long"
                + " before that it is stored.",
            "false"));
  }
}
