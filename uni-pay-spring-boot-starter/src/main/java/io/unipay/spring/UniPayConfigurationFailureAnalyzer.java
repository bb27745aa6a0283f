package io.unipay.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad {@code unipay.*} setting as Boot's "APPLICATION FAILED TO START" analysis. */
final class UniPayConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<UniPayConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UniPayConfigurationException cause) {
    return new FailureAnalysis(
        "uni-pay is misconfigured: " + cause.getMessage(),
        "Fix the property " + cause.property() + ": " + cause.fix(),
        cause);
  }
}
