/**
 * Transfers (payouts): {@code UniPay.transfer(TransferRequest)} pays a payee from the merchant's
 * account (WeChat 商家转账 with the payee's confirmation, Alipay 单笔转账). A {@link
 * io.unipay.core.transfer.Transfer} is recorded before the provider is called, moved forward only
 * by verified provider answers ({@link io.unipay.core.transfer.TransferStatus}), and ended exactly
 * once: the {@link io.unipay.core.transfer.TransferHandler} of its type runs in the transaction
 * that records the final status. An unknown outcome is never guessed: the transfer is queried and
 * re-sent with the same number, never a new one. Persistence is the {@link
 * io.unipay.core.transfer.TransferRepository} SPI.
 */
package io.unipay.core.transfer;
