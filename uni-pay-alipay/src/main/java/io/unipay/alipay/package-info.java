/**
 * The Alipay OpenAPI {@link io.unipay.core.spi.PayClient}: {@link io.unipay.alipay.AlipayClient}
 * configured by {@link io.unipay.alipay.AlipayConfig}, in public-key or certificate mode.
 *
 * <p>Parameters and return values are non-null unless documented otherwise. Amounts are
 * {@code long} fen; yuan strings exist only on the wire and are converted exactly.
 */
package io.unipay.alipay;
