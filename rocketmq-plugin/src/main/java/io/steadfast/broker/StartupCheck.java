package io.steadfast.broker;

import io.steadfast.broker.rules.BrokerSettings;
import io.steadfast.broker.rules.Rules;
import io.steadfast.broker.rules.Violation;
import java.util.List;

/**
 * The plugin's startup decision over a broker's effective settings: start, start with warnings
 * (audit mode), or refuse with one message listing every violated rule.
 *
 * @param refuse whether the broker must not start
 * @param violations every violated rule
 * @param message the text for the log (and for stderr when refusing); empty when compliant
 */
record StartupCheck(boolean refuse, List<Violation> violations, String message) {

  static StartupCheck of(BrokerSettings settings, String configSource) {
    List<Violation> violations = Rules.check(settings);
    if (violations.isEmpty()) {
      return new StartupCheck(false, violations, "");
    }
    boolean audit = settings.isAuditMode();
    StringBuilder text = new StringBuilder();
    text.append(
            audit
                ? "Steadfast (audit mode) would refuse broker "
                : "Steadfast refuses to start broker ")
        .append(settings.brokerName())
        .append(": ")
        .append(violations.size())
        .append(" durability rule violation(s) that can lose acknowledged messages (config: ")
        .append(configSource)
        .append(")");
    for (Violation v : violations) {
      text.append(System.lineSeparator()).append("  - ").append(v.describe());
    }
    text.append(System.lineSeparator())
        .append(
            audit
                ? "The broker starts anyway because steadfastMode=audit."
                : "Fix these keys in the broker's config file, or set steadfastMode=audit to start"
                    + " anyway and only log them.");
    return new StartupCheck(!audit, violations, text.toString());
  }
}
