package io.unipay.examples.boot;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.RefundEvent;
import io.unipay.spring.UniPayHandler;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code vip} handler. uni-pay runs it exactly once per payment, inside the Spring transaction
 * that moves the payment to PAID; {@link VipAccounts}' {@code JdbcTemplate} writes join that
 * transaction. If it throws (e.g. the amount does not match the package), the status change rolls
 * back with the VIP grant, the notification is answered as a failure and the provider delivers
 * again.
 */
@Component
@UniPayHandler("vip")
public class VipHandler implements NotifyHandler {
  private static final Logger log = LoggerFactory.getLogger(VipHandler.class);
  private final VipAccounts accounts;

  public VipHandler(VipAccounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public void onPaid(PaidEvent event) {
    Instant until =
        accounts.grant(
            event.order().orderNo(), event.order().outTradeNo(), event.order().totalFee());
    log.info(
        "VIP granted for order {} (user {}) until {}",
        event.order().orderNo(), event.order().userId(), until);
  }

  /** A full refund of a payment whose {@link #onPaid} ran takes back what it granted. */
  @Override
  public void onRefunded(RefundEvent event) {
    if (event.order().status() == OrderStatus.FULLY_REFUNDED) {
      accounts.revoke(event.order().outTradeNo());
    }
  }
}
