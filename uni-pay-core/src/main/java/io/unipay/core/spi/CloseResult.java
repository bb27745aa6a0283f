package io.unipay.core.spi;

/** What closing a trade at the provider achieved. Errors are thrown, not returned. */
public enum CloseResult {
  /** The provider closed it (or it was already closed): it can no longer be paid. */
  CLOSED,
  /** The provider never had this trade (e.g. an unscanned Alipay QR code): nothing to pay. */
  NOT_FOUND,
  /** The trade is already paid: settle it, do not close it. */
  ALREADY_PAID
}
