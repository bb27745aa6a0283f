package io.unipay.wechat.internal;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TransferSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * Binds verified answers to the requests they answer (design §14.4): a signed answer about another
 * order, refund, transfer, merchant or app is not an answer to this request, so the request's
 * outcome is unknown ({@code OUTCOME_UNKNOWN}); the message names both values, escaped.
 */
public final class AnswerChecks {
  private final String mchid;
  private final List<String> appIds;

  public AnswerChecks(String mchid, List<String> appIds) {
    this.mchid = mchid;
    this.appIds = List.copyOf(appIds);
  }

  /** A query answer: same out_trade_no; this merchant and one of its apps where stated. */
  public TradeSnapshot trade(String what, String outTradeNo, TradeSnapshot trade) {
    same(what, "out_trade_no", outTradeNo, trade.outTradeNo());
    if (trade.merchantId() != null) same(what, "mchid", mchid, trade.merchantId());
    if (trade.appId() != null && !appIds.contains(trade.appId())) {
      throw mismatch(what, "appid", "one of " + appIds, trade.appId());
    }
    return trade;
  }

  /** A refund or refund query answer: same out_refund_no and out_trade_no. */
  public RefundSnapshot refund(
      String what, String outTradeNo, String outRefundNo, RefundSnapshot refund) {
    same(what, "out_refund_no", outRefundNo, refund.outRefundNo());
    same(what, "out_trade_no", outTradeNo, refund.outTradeNo());
    return refund;
  }

  /**
   * A transfer-bill answer: same out_bill_no; this merchant ({@code mch_id}) and one of its apps
   * ({@code appid}, or exactly {@code appId} when the request named it) where stated.
   */
  public TransferSnapshot transfer(
      String what, String outBillNo, String appId, String answeredAppId, TransferSnapshot bill) {
    same(what, "out_bill_no", outBillNo, bill.outBillNo());
    if (bill.merchantId() != null) same(what, "mch_id", mchid, bill.merchantId());
    if (answeredAppId != null) {
      if (appId != null) {
        same(what, "appid", appId, answeredAppId);
      } else if (!appIds.contains(answeredAppId)) {
        throw mismatch(what, "appid", "one of " + appIds, answeredAppId);
      }
    }
    return bill;
  }

  private static void same(String what, String field, String asked, String answered) {
    if (!Objects.equals(asked, answered)) throw mismatch(what, field, asked, answered);
  }

  private static UniPayException mismatch(
      String what, String field, String asked, String answered) {
    return new UniPayException(
        ErrorCode.OUTCOME_UNKNOWN,
        what
            + ": WeChat Pay's signed answer is about another object: "
            + field
            + " "
            + LogSafe.quote(answered)
            + " in the answer, "
            + LogSafe.quote(asked)
            + " asked; the request's outcome is unknown, query before retrying");
  }
}
