package io.unipay.apple;

import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.RefundSnapshot;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Apple's refunds as the engine records them. Apple refunds on the customer's request
 * (reportaproblem.apple.com), never on ours, and says so with a revoked transaction ({@code
 * revocationDate}) in a {@code REFUND} notification, the API or the app's own transaction. One
 * Apple transaction is refunded at most once, so its refund number is derived from the transaction
 * id: {@code appleiap-refund-{transactionId}}, the same for every delivery.
 *
 * <p>The amount: Apple states no refunded amount, only {@code revocationType} and {@code
 * revocationPercentage} (milli-percent, rounded by Apple to 0.001 %). {@code REFUND_FULL}, a
 * revocation without a type (older payloads) and a legacy receipt's {@code cancellation_date} are
 * the full price; {@code REFUND_PRORATED} (Apple may prorate by consumption or by the time left of
 * a subscription) is price × percentage, rounded half up to the fen — within a fen of what Apple
 * paid back for any price below ¥1,000. {@code FAMILY_REVOKE} moves no money: not a refund.
 */
final class AppleRefundFacts {
  static final String PREFIX = "appleiap-refund-";
  private static final Pattern NUMBER = Pattern.compile(Pattern.quote(PREFIX) + "([0-9]{1,32})");

  private AppleRefundFacts() {}

  /** The refund of a verified, revoked transaction bound to an order, or empty when none. */
  static Optional<RefundSnapshot> of(AppleTransaction t) {
    if (!t.revoked() || t.familyShared() || "FAMILY_REVOKE".equals(t.revocationType())) {
      return Optional.empty();
    }
    long price = t.priceFen();
    if (price <= 0 || t.transactionId() == null
        || !AppStoreServerApi.TRANSACTION_ID.matcher(t.transactionId()).matches()) {
      return Optional.empty();
    }
    long fen = price;
    if ("REFUND_PRORATED".equals(t.revocationType()) && t.revocationPercentage() >= 0
        && t.revocationPercentage() < 100_000) {
      fen = (price * t.revocationPercentage() + 50_000) / 100_000;
    }
    if (fen <= 0) return Optional.empty();
    return Optional.of(snapshot(t.outTradeNo(), t.transactionId(), fen, t));
  }

  /** The full refund a legacy receipt reports with {@code cancellation_date_ms}. */
  static RefundSnapshot ofReceipt(String outTradeNo, String transactionId, long fen,
      java.time.Instant cancelledAt, String raw) {
    return new RefundSnapshot(
        outTradeNo, PREFIX + transactionId, transactionId, RefundStatus.SUCCESS, fen, cancelledAt,
        raw);
  }

  /** The transaction id named by one of our refund numbers, or empty. */
  static Optional<String> transactionIdOf(String outRefundNo) {
    if (outRefundNo == null) return Optional.empty();
    java.util.regex.Matcher m = NUMBER.matcher(outRefundNo);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static RefundSnapshot snapshot(
      String outTradeNo, String transactionId, long fen, AppleTransaction t) {
    return new RefundSnapshot(
        outTradeNo, PREFIX + transactionId, transactionId, RefundStatus.SUCCESS, fen,
        t.revocationDate(), t.raw());
  }
}
