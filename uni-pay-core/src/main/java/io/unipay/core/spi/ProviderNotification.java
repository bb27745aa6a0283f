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

  /** A transfer's result (WeChat {@code MCHTRANSFER.BILL.FINISHED}); applied to the transfer. */
  record TransferResult(TransferSnapshot transfer) implements ProviderNotification {
    public TransferResult {
      requireNonNull(transfer, "transfer == null");
    }
  }

  /**
   * A genuine notification that changes nothing here (e.g. Alipay {@code WAIT_BUYER_PAY} or
   * {@code TRADE_CLOSED}); answered as success so the provider stops sending it.
   */
  record Informational(String outTradeNo, String what, String raw)
      implements ProviderNotification {
    public Informational {
      requireNonNull(what, "what == null");
      if (raw == null) raw = "";
    }

    public Informational(String outTradeNo, String what) {
      this(outTradeNo, what, "");
    }
  }

  /**
   * A genuine (verified) notification of a kind the engine does not know, e.g. a WeChat
   * {@code event_type} other than {@code TRANSACTION.SUCCESS} / {@code REFUND.*}. The engine keeps it
   * in the ledger and acknowledges it (design §14.6); the sweeper's query settles whatever it
   * might have meant.
   *
   * @param eventType the provider's event type or state, as sent (verified)
   * @param outTradeNo the payment order it names, or null when it names none
   * @param raw the verified (decrypted where applicable) provider data
   */
  record Unrecognized(String eventType, String outTradeNo, String raw)
      implements ProviderNotification {
    public Unrecognized {
      requireNonNull(eventType, "eventType == null");
      if (raw == null) raw = "";
    }
  }
}
