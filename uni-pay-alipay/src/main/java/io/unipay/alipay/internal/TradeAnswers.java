package io.unipay.alipay.internal;

import io.unipay.core.ProviderRejectedException;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.core.internal.LogSafe;
import java.time.Instant;

/**
 * Builds snapshots from verified answers, and only from the answers (design §14.4): every id the
 * answer carries is checked against the request it answers, and a signed answer about another
 * trade, refund or seller is {@code OUTCOME_UNKNOWN}, never a result.
 */
public final class TradeAnswers {
  private final String appId;
  private final String sellerId;

  /** @param sellerId the configured seller id, or null when not configured */
  public TradeAnswers(String appId, String sellerId) {
    this.appId = appId;
    this.sellerId = sellerId;
  }

  /**
   * An {@code alipay.trade.query} answer (code 10000). {@code TRADE_CLOSED} after a payment (a
   * {@code send_pay_date}) and {@code TRADE_SUCCESS} with a refund ({@code refund_fee > 0}) are
   * {@link TradeState#REFUNDED}: money was taken.
   */
  public TradeSnapshot trade(String outTradeNo, Answer answer) {
    String answered = answer.text("out_trade_no");
    if (!answered.equals(outTradeNo)) throw answer.mismatch("out_trade_no", outTradeNo, answered);
    String seller = answer.optionalText("seller_id");
    if (sellerId != null && seller != null && !seller.equals(sellerId)) {
      throw answer.mismatch("seller_id", sellerId, seller);
    }
    String status = answer.text("trade_status");
    long total = answer.positiveFen("total_amount");
    if (answer.optionalText("receipt_amount") != null) answer.fen("receipt_amount");
    if (answer.optionalText("buyer_pay_amount") != null) answer.fen("buyer_pay_amount");
    long refunded = answer.optionalFen("refund_fee");
    if (refunded > total) throw answer.malformed("refund_fee above total_amount");
    Instant paidAt = answer.time("send_pay_date");
    boolean refundShown = refunded > 0 || answer.time("gmt_refund") != null;
    TradeState state =
        switch (status) {
          case "WAIT_BUYER_PAY" -> TradeState.NOT_PAID;
          case "TRADE_SUCCESS", "TRADE_FINISHED" ->
              refundShown ? TradeState.REFUNDED : TradeState.PAID;
          case "TRADE_CLOSED" ->
              paidAt != null || refundShown ? TradeState.REFUNDED : TradeState.CLOSED;
          default -> throw answer.malformed("unknown trade_status " + LogSafe.quote(status));
        };
    String buyer = answer.optionalText("buyer_user_id");
    if (buyer == null) buyer = answer.optionalText("buyer_open_id");
    return new TradeSnapshot(
        answered,
        state,
        answer.optionalText("trade_no"),
        total,
        "CNY",
        appId,
        seller != null ? seller : sellerId,
        buyer,
        state.isPaid() ? paidAt : null,
        answer.content());
  }

  /**
   * An {@code alipay.trade.refund} answer (code 10000) with {@code fund_change=Y}: the refund of
   * {@code refundFee} was made. Alipay's {@code refund_fee} is the trade's cumulative refunded
   * sum, so it must be at least this refund.
   */
  public RefundSnapshot refunded(
      String outTradeNo, String outRefundNo, long refundFee, Answer answer) {
    String answered = answer.text("out_trade_no");
    if (!answered.equals(outTradeNo)) throw answer.mismatch("out_trade_no", outTradeNo, answered);
    checkRequestNo(outRefundNo, answer);
    long cumulative = answer.fen("refund_fee");
    if (answer.optionalText("send_back_fee") != null) answer.fen("send_back_fee");
    if (cumulative < refundFee) {
      throw answer.malformed(
          "refund_fee " + cumulative + " fen is less than this refund of " + refundFee + " fen");
    }
    return new RefundSnapshot(
        answered,
        outRefundNo,
        answer.optionalText("trade_no"),
        RefundStatus.SUCCESS,
        refundFee,
        answer.time("gmt_refund_pay"),
        answer.content());
  }

  /** Checks the ids of a refund answer that is not {@code fund_change=Y}, before any follow-up. */
  public void checkRefundAnswer(String outTradeNo, String outRefundNo, Answer answer) {
    String answered = answer.text("out_trade_no");
    if (!answered.equals(outTradeNo)) throw answer.mismatch("out_trade_no", outTradeNo, answered);
    checkRequestNo(outRefundNo, answer);
    answer.fen("refund_fee");
  }

  /**
   * An {@code alipay.trade.fastpay.refund.query} answer (code 10000). {@code REFUND_SUCCESS} →
   * {@code SUCCESS}; refund data without a status → {@code PROCESSING}; no status and no refund
   * data is Alipay's "this out_request_no was never received": a {@link ProviderRejectedException}
   * with verdict {@code NOT_FOUND}, so the engine re-sends the refund with the same number.
   */
  public RefundSnapshot refundQueried(String outTradeNo, String outRefundNo, Answer answer) {
    String status = answer.optionalText("refund_status");
    String amount = answer.optionalText("refund_amount");
    String tradeNo = answer.optionalText("out_trade_no");
    if (tradeNo != null && !tradeNo.equals(outTradeNo)) {
      throw answer.mismatch("out_trade_no", outTradeNo, tradeNo);
    }
    if (status == null && amount == null && answer.optionalText("out_request_no") == null) {
      throw new ProviderRejectedException(
          "REFUND_NOT_RECEIVED",
          "refund query answered 10000 without refund_status",
          200,
          "Alipay has no refund out_request_no " + LogSafe.quote(outRefundNo) + " for "
              + answer.where() + " (10000 without refund_status): re-send it with the same number",
          ProviderRejectedException.Verdict.NOT_FOUND);
    }
    String requestNo = answer.text("out_request_no");
    if (!requestNo.equals(outRefundNo)) throw answer.mismatch("out_request_no", outRefundNo, requestNo);
    long fee = answer.positiveFen("refund_amount");
    if (answer.optionalText("total_amount") != null) answer.positiveFen("total_amount");
    if (answer.optionalText("send_back_fee") != null) answer.fen("send_back_fee");
    boolean success;
    if (status == null) {
      success = false;
    } else if ("REFUND_SUCCESS".equals(status)) {
      success = true;
    } else {
      throw answer.malformed("unknown refund_status " + LogSafe.quote(status));
    }
    return new RefundSnapshot(
        tradeNo != null ? tradeNo : outTradeNo,
        requestNo,
        answer.optionalText("trade_no"),
        success ? RefundStatus.SUCCESS : RefundStatus.PROCESSING,
        fee,
        success ? answer.time("gmt_refund_pay") : null,
        answer.content());
  }

  private static void checkRequestNo(String outRefundNo, Answer answer) {
    String requestNo = answer.optionalText("out_request_no");
    if (requestNo != null && !requestNo.equals(outRefundNo)) {
      throw answer.mismatch("out_request_no", outRefundNo, requestNo);
    }
  }
}
