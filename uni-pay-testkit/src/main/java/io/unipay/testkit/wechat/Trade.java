package io.unipay.testkit.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Mutable trade state inside the simulator; guarded by the simulator's lock. */
final class Trade {
  final String outTradeNo;
  final String tradeType;
  final String appid;
  final String description;
  final String notifyUrl;
  final String openid;
  final String attach;
  final long total;
  final String currency;
  final JsonNode request;
  final String prepayId;
  final String codeUrl;
  final String h5Url;

  String state = "NOTPAY";
  String transactionId;
  Instant successTime;
  String payerOpenid;
  long refunded;
  int refundCount;
  SignedNotification lastPaymentNotification;
  String lastPaymentEventId;

  Trade(
      String outTradeNo,
      String tradeType,
      String appid,
      String description,
      String notifyUrl,
      String openid,
      String attach,
      long total,
      String currency,
      JsonNode request,
      String prepayId,
      String codeUrl,
      String h5Url) {
    this.outTradeNo = outTradeNo;
    this.tradeType = tradeType;
    this.appid = appid;
    this.description = description;
    this.notifyUrl = notifyUrl;
    this.openid = openid;
    this.attach = attach;
    this.total = total;
    this.currency = currency;
    this.request = request;
    this.prepayId = prepayId;
    this.codeUrl = codeUrl;
    this.h5Url = h5Url;
  }

  boolean paid() {
    return state.equals("SUCCESS") || state.equals("REFUND");
  }

  SimulatedTrade view() {
    return new SimulatedTrade(
        outTradeNo, tradeType, state, total, appid, transactionId, notifyUrl, refunded);
  }
}
