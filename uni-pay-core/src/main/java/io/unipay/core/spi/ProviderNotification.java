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
   * A refund the provider made on its own, without a request of ours (Apple {@code REFUND} /
   * {@code REVOKE}): the verified payment it takes money back from, and the refund. The engine
   * records the refund through its refund bookkeeping (settling the payment first when it was not
   * recorded yet) and runs the type's refund hook once.
   *
   * @param payment the refunded payment, as the provider reports it now (state {@code REFUNDED})
   * @param refund the refund: {@code outRefundNo} is derived by the provider's client from the
   *     provider's own ids (the same refund always has the same number, 1..64 chars of {@code
   *     [0-9A-Za-z_-]}), status {@code SUCCESS}, {@code refundFee} what the payer got back
   */
  record ProviderRefund(TradeSnapshot payment, RefundSnapshot refund)
      implements ProviderNotification {
    public ProviderRefund {
      requireNonNull(payment, "payment == null");
      requireNonNull(refund, "refund == null");
      if (!payment.outTradeNo().equals(refund.outTradeNo())) {
        throw new IllegalArgumentException("the refund names another payment order than payment");
      }
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
