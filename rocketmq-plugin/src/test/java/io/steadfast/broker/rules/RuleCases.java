package io.steadfast.broker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Shared assertion for table-driven rule tests: which keys a rule flags, and its fixes. */
final class RuleCases {

  private RuleCases() {}

  /**
   * @param expected "key=fix" pairs separated by ';' (fix "-" for none); empty for compliant
   */
  static void assertViolations(Rule rule, String overrides, String expected) {
    List<Violation> violations = rule.check(Configs.masterWith(overrides));
    List<String> actual =
        violations.stream()
            .map(v -> v.key() + "=" + (v.fixValue() == null ? "-" : v.fixValue()))
            .toList();
    List<String> wanted =
        expected == null || expected.isBlank() ? List.of() : List.of(expected.split(";"));
    assertThat(actual).as("violations of %s for %s", rule.name(), overrides).isEqualTo(wanted);
    for (Violation v : violations) {
      assertThat(v.rule()).isEqualTo(rule.name());
      assertThat(v.describe()).contains("[" + rule.name() + "]", v.key() + "=", v.why());
    }
  }
}
