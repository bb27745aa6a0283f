package io.unipay.core.spi;

import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository.PaidUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data for {@link OrderRepositoryContract}: payment orders, refunds and settlements with every
 * field filled and instants truncated to microseconds (the precision repositories keep).
 */
public final class TestOrders {
  /** A fixed instant with microseconds, the contract's "now". */
  public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

  /** Quotes, backslashes, SQL metacharacters, LIKE wildcards, Chinese text and an emoji. */
  public static final String NASTY =
      "it's \"quoted\" \\ back\\slash; DROP TABLE uni_pay_orders; -- %_ */ 中文描述：会员充值 😀";

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private TestOrders() {}

  /** A fresh out_trade_no: 32 chars at most, [0-9A-Za-z], unique within the JVM. */
  public static String newOutTradeNo() {
    return "OT" + Long.toString(System.nanoTime(), 36) + "x" + SEQUENCE.incrementAndGet();
  }

  /** A fresh business order number. */
  public static String newOrderNo() {
    return "order_" + SEQUENCE.incrementAndGet();
  }

  /** A fresh out_refund_no. */
  public static String newOutRefundNo() {
    return "RF" + Long.toString(System.nanoTime(), 36) + "x" + SEQUENCE.incrementAndGet();
  }

  /** An unpaid order of 100 fen created at {@link #T0}, with the optional fields set. */
  public static PayOrder.Builder unpaid() {
    return unpaid(newOrderNo());
  }

  /** An unpaid order of 100 fen for {@code orderNo} created at {@link #T0}. */
  public static PayOrder.Builder unpaid(String orderNo) {
    return PayOrder.builder()
        .outTradeNo(newOutTradeNo())
        .orderNo(orderNo)
        .type("vip")
        .provider(Provider.WXPAY)
        .payType(PayType.JSAPI)
        .totalFee(100)
        .currency("CNY")
        .description("VIP 1 month")
        .userId("user-1")
        .openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        .clientIp("203.0.113.7")
        .providerAppId("wxd678efh567hg6787")
        .mchId("1230000109")
        .custom("{\"packageId\":\"vip-1m\"}")
        .createDate(T0)
        .expireDate(T0.plus(Duration.ofMinutes(30)));
  }

  /** An order with only the required fields set (every nullable field null). */
  public static PayOrder.Builder minimal() {
    return PayOrder.builder()
        .outTradeNo(newOutTradeNo())
        .orderNo(newOrderNo())
        .type("goods")
        .provider(Provider.ALIPAY)
        .payType(PayType.PAGE)
        .totalFee(1)
        .description("x")
        .createDate(T0)
        .expireDate(T0.plusSeconds(60));
  }

  /** A settlement with every field set, paid at {@code T0 + 1 min}. */
  public static PaidUpdate paid(String transactionId) {
    return new PaidUpdate(
        transactionId,
        T0.plus(Duration.ofSeconds(61, 654_321_000)),
        "payer-openid-1",
        T0.plus(Duration.ofSeconds(62, 1_000)),
        "{\"trade_state\":\"SUCCESS\",\"transaction_id\":\"" + transactionId + "\"}",
        SettlementFlag.NONE, true);
  }

  /** A fresh ledger dedupe key (≤ 64 chars). */
  public static String newDedupeKey() {
    return "wxpay:PAYMENT:"
        + Long.toString(System.nanoTime(), 36)
        + ":"
        + SEQUENCE.incrementAndGet();
  }

  /** A verified WeChat payment fact about {@code outTradeNo} with every field set, not resolved. */
  public static ProviderEvent event(String dedupeKey, String outTradeNo, EventOutcome outcome) {
    return new ProviderEvent(
        0,
        dedupeKey,
        Provider.WXPAY,
        EventKind.PAYMENT,
        "notify",
        outTradeNo,
        null,
        "4200000000202601020000000001",
        100,
        "CNY",
        "PAID",
        "wxd678efh567hg6787",
        "1230000109",
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
        T0.plusSeconds(61),
        outcome,
        outcome.needsAttention() ? "amount 100 != order total 200" : null,
        "{\"trade_state\":\"SUCCESS\",\"out_trade_no\":\"" + outTradeNo + "\"}",
        T0.plusSeconds(62),
        null,
        null);
  }

  /** A PROCESSING refund of {@code fee} fen requested at {@code now}. */
  public static Refund refund(String outTradeNo, long fee, Instant now) {
    return Refund.processing(newOutRefundNo(), outTradeNo, fee, "用户申请退款", now);
  }
}
