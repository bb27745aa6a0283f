package io.unipay.core.spi;

/** A provider's view of a trade, mapped to what the engine needs to decide. */
public enum TradeState {
  /** The provider has no such trade (never created, or an unscanned Alipay QR code). */
  NOT_FOUND,
  /** Created, not paid (WeChat NOTPAY/PAYERROR, Alipay WAIT_BUYER_PAY). */
  NOT_PAID,
  /** The payer is paying right now (WeChat USERPAYING): do not close yet. */
  PAYING,
  /** Paid (WeChat SUCCESS, Alipay TRADE_SUCCESS/TRADE_FINISHED). */
  PAID,
  /** Paid and since refunded in part or whole (WeChat REFUND). Money was taken. */
  REFUNDED,
  /** Closed or revoked without payment (WeChat CLOSED/REVOKED, Alipay TRADE_CLOSED). */
  CLOSED;

  /** Money was taken for this trade. */
  public boolean isPaid() {
    return this == PAID || this == REFUNDED;
  }
}
