/**
 * The payment engine: {@link io.unipay.core.UniPay} (create, notify, query, close, refund), its
 * requests and results, the {@link io.unipay.core.Sweeper} lifecycle job, and the one exception
 * tree rooted at {@link io.unipay.core.UniPayException} with stable
 * {@link io.unipay.core.ErrorCode}s. Money is {@code long} fen everywhere.
 */
package io.unipay.core;
