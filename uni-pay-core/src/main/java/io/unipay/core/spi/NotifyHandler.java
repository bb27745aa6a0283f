package io.unipay.core.spi;

/**
 * The host's business reaction to payments of one order {@code type} (e.g. {@code vip}), registered
 * at build time with {@code UniPay.builder().handler("vip", handler)}.
 *
 * <p>{@link #onPaid} runs inside the settlement transaction, exactly once per payment: if it
 * throws, the status change rolls back with the host's own writes (made through
 * {@link PaidEvent#unwrap}), the provider is told to redeliver, and the sweeper retries. It must
 * check the amount against the host's own data before granting anything.
 */
@FunctionalInterface
public interface NotifyHandler {

  /** A payment of this type was verified and recorded. */
  void onPaid(PaidEvent event);

  /**
   * A refund of a payment whose {@link #onPaid} ran reached SUCCESS: take back what that payment
   * granted (by its {@code out_trade_no}, never by the business order alone). Runs exactly once,
   * inside the transaction that records the SUCCESS: if it throws, the refund stays PROCESSING
   * locally, and the next redelivery or sweeper query runs it again.
   *
   * <p>Never called for a refund of a payment whose {@code onPaid} did not run (a duplicate
   * payment, or one refunded at the provider before it was settled): that payment granted
   * nothing, so there is nothing to revoke; see {@link #onRefundWithoutGrant}.
   */
  default void onRefunded(RefundEvent event) {}

  /**
   * A refund of a payment whose {@link #onPaid} never ran reached SUCCESS (typically the automatic
   * refund of a duplicate payment): for bookkeeping only, e.g. to tell the payer the money went
   * back. It must not revoke anything, since this payment granted nothing. Same transaction and
   * retry rules as {@link #onRefunded}.
   */
  default void onRefundWithoutGrant(RefundEvent event) {}
}
