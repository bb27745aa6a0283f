/**
 * The three extension points — {@link io.unipay.core.spi.PayClient} (a provider account),
 * {@link io.unipay.core.spi.OrderRepository} (persistence with compare-and-set transitions) and
 * {@link io.unipay.core.spi.NotifyHandler} (the host's business reaction) — and the
 * provider-neutral values they exchange.
 */
package io.unipay.core.spi;
