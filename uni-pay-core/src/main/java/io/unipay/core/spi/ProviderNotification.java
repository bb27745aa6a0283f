package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

/** A notification that passed every check of its provider (signature, time, ids, decryption). */
public sealed interface ProviderNotification {

  /** A payment notification; the engine settles it. */
  record Payment(TradeSnapshot trade) implements ProviderNotification {
    public Payment {
      requireNonNull(trade, "trade == null");
    }
  }

  /** A refund notification; the engine applies it to the refund bookkeeping. */
  record RefundResult(RefundSnapshot refund) implements ProviderNotification {
    public RefundResult {
      requireNonNull(refund, "refund == null");
    }
  }

  /**
   * A genuine notification that changes nothing here (e.g. Alipay {@code WAIT_BUYER_PAY} or
   * {@code TRADE_CLOSED}); answered as success so the provider stops sending it.
   */
  record Informational(String outTradeNo, String what) implements ProviderNotification {
    public Informational {
      requireNonNull(what, "what == null");
    }
  }
}
