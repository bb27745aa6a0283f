package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.UniPayException;
import io.unipay.core.order.PayOrder;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Where a page of an {@link OrderBrowser} ended: the {@code create_date} and {@code out_trade_no}
 * of its last (oldest) order. The next page lists the orders after it in the browsing order.
 *
 * @param createDate the last listed order's creation time
 * @param outTradeNo the last listed order's out_trade_no
 */
public record OrderCursor(Instant createDate, String outTradeNo) {
  private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z]{1,32}");

  /**
   * @throws UniPayException {@code INVALID_ARGUMENT} when {@code outTradeNo} is not an
   *     out_trade_no (1 to 32 of {@code [0-9A-Za-z]}), e.g. a cursor a client tampered with
   */
  public OrderCursor {
    requireNonNull(createDate, "createDate == null");
    requireNonNull(outTradeNo, "outTradeNo == null");
    if (!OUT_TRADE_NO.matcher(outTradeNo).matches()) {
      throw UniPayException.invalid(
          "cursor out_trade_no must be 1 to 32 of [0-9A-Za-z], was " + outTradeNo.length()
              + " chars");
    }
  }

  /** The cursor right after {@code order}. */
  public static OrderCursor after(PayOrder order) {
    requireNonNull(order, "order == null");
    return new OrderCursor(order.createDate(), order.outTradeNo());
  }

  /**
   * Whether {@code order} comes after this cursor in the browsing order (newest first): created
   * earlier, or at the same instant with a smaller out_trade_no. Compares out_trade_no by its
   * chars, as the in-memory repository does; a database compares by its column's collation.
   */
  public boolean isFollowedBy(PayOrder order) {
    requireNonNull(order, "order == null");
    int byTime = order.createDate().compareTo(createDate);
    return byTime < 0 || byTime == 0 && order.outTradeNo().compareTo(outTradeNo) < 0;
  }
}
