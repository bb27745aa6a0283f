package io.unipay.testkit.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.testkit.wechat.ApiReplies.Reply;
import java.util.regex.Pattern;

/** The simulator's refund API: create a domestic refund and query it. */
final class RefundEndpoints {
  private static final Pattern OUT_REFUND_NO = Pattern.compile("[0-9A-Za-z_\\-*|@]{1,64}");

  private final WechatPaySimulator sim;
  private final ApiReplies replies;

  RefundEndpoints(WechatPaySimulator sim, ApiReplies replies) {
    this.sim = sim;
    this.replies = replies;
  }

  Reply refund(JsonNode req) {
    String outRefundNo = replies.requiredText(req, "out_refund_no", 64);
    if (!OUT_REFUND_NO.matcher(outRefundNo).matches()) {
      throw replies.paramError("/out_refund_no", "must be 1-64 characters of [0-9A-Za-z_-|*@]");
    }
    String outTradeNo = req.path("out_trade_no").asText("");
    String transactionId = req.path("transaction_id").asText("");
    if (outTradeNo.isEmpty() && transactionId.isEmpty()) {
      throw replies.paramError("/out_trade_no", "out_trade_no or transaction_id required");
    }
    JsonNode amount = req.path("amount");
    if (!amount.path("refund").isIntegralNumber() || amount.path("refund").asLong() <= 0) {
      throw replies.paramError("/amount/refund", "must be a positive integer (fen)");
    }
    if (!amount.path("total").isIntegralNumber() || amount.path("total").asLong() <= 0) {
      throw replies.paramError("/amount/total", "must be a positive integer (fen)");
    }
    if (!amount.path("currency").asText("").equals("CNY"))
      throw replies.paramError("/amount/currency", "must be CNY");
    String notifyUrl = req.has("notify_url") ? req.path("notify_url").asText() : null;
    if (notifyUrl != null) replies.checkNotifyUrl(notifyUrl, "/notify_url");
    long refund = amount.path("refund").asLong();
    long total = amount.path("total").asLong();
    synchronized (sim.lock) {
      Trade trade = null;
      for (Trade t : sim.trades.values()) {
        if ((!outTradeNo.isEmpty() && t.outTradeNo.equals(outTradeNo))
            || (!transactionId.isEmpty() && transactionId.equals(t.transactionId))) {
          trade = t;
          break;
        }
      }
      if (trade == null) return replies.error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
      RefundRecord existing = sim.refunds.get(outRefundNo);
      if (existing != null) {
        if (existing.trade != trade || existing.refund != refund || existing.total != total) {
          return replies.error(
              400, "INVALID_REQUEST", "out_refund_no already used with different parameters");
        }
        return Reply.json(200, sim.json(sim.wire.refund(existing)));
      }
      if (!trade.paid()) {
        return replies.error(400, "INVALID_REQUEST", "订单未支付, the trade is " + trade.state);
      }
      if (total != trade.total)
        return replies.error(400, "INVALID_REQUEST", "amount.total does not match the order total");
      if (trade.refundCount >= 50)
        return replies.error(400, "INVALID_REQUEST", "an order allows at most 50 refunds");
      if (trade.refunded + refund > trade.total) return replies.error(403, "NOT_ENOUGH", "可退余额不足");
      RefundRecord record =
          new RefundRecord(
              outRefundNo,
              "50" + String.format("%027d", sim.sequence.getAndIncrement()),
              trade,
              refund,
              total,
              "CNY",
              req.has("reason") ? req.path("reason").asText() : null,
              notifyUrl,
              sim.clock.instant());
      sim.refunds.put(outRefundNo, record);
      trade.refunded += refund;
      trade.refundCount++;
      trade.state = "REFUND";
      return Reply.json(200, sim.json(sim.wire.refund(record)));
    }
  }

  Reply queryRefund(String outRefundNo) {
    synchronized (sim.lock) {
      RefundRecord refund = sim.refunds.get(outRefundNo);
      if (refund == null) return replies.error(404, "RESOURCE_NOT_EXISTS", "退款单不存在");
      return Reply.json(200, sim.json(sim.wire.refund(refund)));
    }
  }
}
