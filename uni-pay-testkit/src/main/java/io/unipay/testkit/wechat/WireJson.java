package io.unipay.testkit.wechat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The simulator's JSON objects (transactions, refunds) as WeChat Pay writes them. */
final class WireJson {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private final ObjectMapper mapper;
  private final String mchid;

  WireJson(ObjectMapper mapper, String mchid) {
    this.mapper = mapper;
    this.mchid = mchid;
  }

  /** RFC 3339 in China time, as WeChat Pay writes times. */
  String time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(8)).format(RFC3339);
  }

  /** The transaction object of query answers and payment notifications. */
  ObjectNode transaction(Trade t) {
    ObjectNode n = mapper.createObjectNode();
    n.put("mchid", mchid);
    n.put("appid", t.appid);
    n.put("out_trade_no", t.outTradeNo);
    if (t.transactionId != null) n.put("transaction_id", t.transactionId);
    n.put("trade_type", t.tradeType);
    n.put("trade_state", t.state);
    n.put("trade_state_desc", describe(t.state));
    if (t.paid()) n.put("bank_type", "OTHERS");
    if (t.attach != null) n.put("attach", t.attach);
    if (t.successTime != null) n.put("success_time", time(t.successTime));
    if (t.payerOpenid != null) n.putObject("payer").put("openid", t.payerOpenid);
    ObjectNode amount = n.putObject("amount");
    amount.put("total", t.total);
    if (t.paid()) amount.put("payer_total", t.total);
    amount.put("currency", t.currency);
    amount.put("payer_currency", t.currency);
    return n;
  }

  /** The refund object of refund answers and queries. */
  ObjectNode refund(RefundRecord r) {
    ObjectNode n = mapper.createObjectNode();
    n.put("refund_id", r.refundId);
    n.put("out_refund_no", r.outRefundNo);
    n.put("transaction_id", r.trade.transactionId);
    n.put("out_trade_no", r.trade.outTradeNo);
    n.put("channel", "ORIGINAL");
    n.put("user_received_account", "支付用户零钱");
    if (r.successTime != null) n.put("success_time", time(r.successTime));
    n.put("create_time", time(r.createTime));
    n.put("status", r.status);
    n.put("funds_account", "AVAILABLE");
    ObjectNode amount = n.putObject("amount");
    amount.put("total", r.total);
    amount.put("refund", r.refund);
    amount.put("payer_total", r.total);
    amount.put("payer_refund", r.refund);
    amount.put("settlement_refund", r.refund);
    amount.put("settlement_total", r.total);
    amount.put("discount_refund", 0);
    amount.put("currency", r.currency);
    return n;
  }

  ObjectNode refundNotification(RefundRecord r) {
    ObjectNode n = mapper.createObjectNode();
    n.put("mchid", mchid);
    n.put("out_trade_no", r.trade.outTradeNo);
    n.put("transaction_id", r.trade.transactionId);
    n.put("out_refund_no", r.outRefundNo);
    n.put("refund_id", r.refundId);
    n.put("refund_status", r.status);
    if (r.successTime != null) n.put("success_time", time(r.successTime));
    n.put("user_received_account", "支付用户零钱");
    ObjectNode amount = n.putObject("amount");
    amount.put("total", r.total);
    amount.put("refund", r.refund);
    amount.put("payer_total", r.total);
    amount.put("payer_refund", r.refund);
    return n;
  }

  private static String describe(String state) {
    return switch (state) {
      case "SUCCESS" -> "支付成功";
      case "REFUND" -> "转入退款";
      case "NOTPAY" -> "未支付";
      case "CLOSED" -> "已关闭";
      case "USERPAYING" -> "用户支付中";
      default -> state;
    };
  }
}
