package io.steadfast.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidSettingException}, wherever in the startup it was thrown, as a failure
 * analysis that names the property and the fix instead of a stack trace.
 */
class SteadfastFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
    return new FailureAnalysis(
        "Steadfast cannot start: invalid setting " + cause.getMessage(),
        "Update your application's configuration: " + cause.action(),
        cause);
  }
}
