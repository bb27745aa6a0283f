package io.unipay.spring;

import io.unipay.core.UniPay;

/**
 * Customizes the {@link UniPay.Builder} after the starter applied the {@code unipay.*} properties,
 * payment clients and {@link UniPayHandler} beans, and before it builds the engine (e.g. a clock or
 * an id generator). Declare beans of this type; they run in {@code @Order} order.
 */
@FunctionalInterface
public interface UniPayBuilderCustomizer {
  void customize(UniPay.Builder builder);
}
