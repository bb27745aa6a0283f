package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/** The settlement operations of one database transaction, on the transaction's {@link Handle}. */
final class JdbiTransaction implements OrderRepository.Transaction {
  private static final String LOCK_BY_ORDER_NO =
      "SELECT "
          + OrderRows.ORDER_COLUMNS
          + " FROM uni_pay_orders WHERE order_no = :order_no ORDER BY out_trade_no FOR UPDATE";

  private static final String MARK_PAID =
      "UPDATE uni_pay_orders SET status = 1, transaction_id = :transaction_id,"
          + " pay_date = :pay_date, openid = COALESCE(:payer_id, openid),"
          + " notify_date = :notify_date, original_data = :original_data,"
          + " settle_flag = :settle_flag"
          + " WHERE out_trade_no = :out_trade_no AND status = :from_status";

  private static final String MARK_USER_ORDER_SUCCESS =
      "UPDATE uni_pay_orders SET user_order_success = TRUE WHERE out_trade_no = :out_trade_no";

  private static final Comparator<PayOrder> OLDEST_FIRST =
      Comparator.comparing(PayOrder::createDate).thenComparing(PayOrder::outTradeNo);

  private final Handle handle;

  JdbiTransaction(Handle handle) {
    this.handle = handle;
  }

  @Override
  public List<PayOrder> lockByOrderNo(String orderNo) {
    requireNonNull(orderNo, "orderNo == null");
    if (!Checks.possible(Checks.ORDER_NO, orderNo)) return List.of();
    try {
      // Locked in key order (so that concurrent lockers cannot deadlock), returned oldest first.
      List<PayOrder> orders =
          new ArrayList<>(
              handle
                  .createQuery(LOCK_BY_ORDER_NO)
                  .bind("order_no", orderNo)
                  .map(OrderRows.ORDER)
                  .list());
      orders.sort(OLDEST_FIRST);
      return orders;
    } catch (JdbiException e) {
      throw StorageErrors.failure("lock orders of order_no " + orderNo, e);
    }
  }

  @Override
  public boolean markPaid(String outTradeNo, OrderStatus from, OrderRepository.PaidUpdate paid) {
    requireNonNull(from, "from == null");
    requireNonNull(paid, "paid == null");
    if (from != OrderStatus.UNPAID && from != OrderStatus.CLOSED) {
      throw new IllegalArgumentException("only UNPAID or CLOSED can become PAID, not " + from);
    }
    Checks.outTradeNo(outTradeNo);
    Checks.paid(paid);
    SettlementFlag flag = paid.flag() != null ? paid.flag() : SettlementFlag.NONE;
    try {
      return handle
              .createUpdate(MARK_PAID)
              .bind("transaction_id", paid.transactionId())
              .bind("pay_date", Times.arg(paid.payDate()))
              .bind("payer_id", paid.payerId())
              .bind("notify_date", Times.arg(paid.notifyDate()))
              .bind("original_data", paid.originalData())
              .bind("settle_flag", flag.name())
              .bind("out_trade_no", outTradeNo)
              .bind("from_status", from.code())
              .execute()
          == 1;
    } catch (JdbiException e) {
      throw StorageErrors.failure("mark order " + outTradeNo + " paid", e);
    }
  }

  @Override
  public void markUserOrderSuccess(String outTradeNo) {
    Checks.outTradeNo(outTradeNo);
    try {
      handle.createUpdate(MARK_USER_ORDER_SUCCESS).bind("out_trade_no", outTradeNo).execute();
    } catch (JdbiException e) {
      throw StorageErrors.failure("mark user order success of " + outTradeNo, e);
    }
  }

  /** Offers the transaction's {@link Handle} and its JDBC {@link Connection}. */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type == Handle.class) return Optional.of(type.cast(handle));
    if (type == Connection.class) return Optional.of(type.cast(handle.getConnection()));
    return Optional.empty();
  }
}
