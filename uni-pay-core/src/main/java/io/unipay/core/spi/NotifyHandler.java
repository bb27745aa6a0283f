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

  /** A refund of this type reached SUCCESS. Runs once, after the refund is recorded. */
  default void onRefunded(RefundEvent event) {}
}
