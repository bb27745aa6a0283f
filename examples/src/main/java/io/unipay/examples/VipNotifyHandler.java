package io.unipay.examples;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.RefundEvent;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vip} handler: runs inside the settlement transaction (through the Jdbi handle the
 * repository shares), re-checks the amount against the package price and extends the user's VIP.
 * If it throws, the payment's status change rolls back with it and the payment is redelivered.
 */
public final class VipNotifyHandler implements NotifyHandler {
  private static final Logger log = LoggerFactory.getLogger(VipNotifyHandler.class);
  private final VipStore store;

  public VipNotifyHandler(VipStore store) {
    this.store = store;
  }

  @Override
  public void onPaid(PaidEvent event) {
    Handle handle = event.unwrap(Handle.class);
    Instant expiry =
        store.grantVip(
            handle, event.order().orderNo(), event.order().outTradeNo(), event.order().totalFee());
    log.info(
        "VIP granted for order {} (user {}), expires {}{}",
        event.order().orderNo(), event.order().userId(), expiry,
        event.lateAfterClose() ? " (paid after close)" : "");
  }

  /**
   * Called only for refunds of a payment whose {@link #onPaid} ran, inside the refund's
   * transaction: revokes what exactly that payment granted. The automatic refund of a duplicate
   * payment goes to {@code onRefundWithoutGrant} instead, which keeps the primary's VIP.
   */
  @Override
  public void onRefunded(RefundEvent event) {
    if (event.order().status() == OrderStatus.FULLY_REFUNDED) {
      store.revokeVip(event.unwrap(Handle.class), event.order().outTradeNo());
    }
  }

  @Override
  public void onRefundWithoutGrant(RefundEvent event) {
    log.info(
        "payment {} of order {} refunded ({} fen); it granted nothing, nothing to revoke",
        event.order().outTradeNo(), event.order().orderNo(), event.refund().refundFee());
  }
}
