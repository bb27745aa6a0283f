package io.unipay.testkit.alipay;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of the asynchronous notifications the simulator sends (protocols §B4). */
final class SimNotifications {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.ofHours(8));

  private SimNotifications() {}

  static Map<String, String> fields(AlipaySimulator sim, SimTrade trade, SimTrade.SimRefund refund) {
    Map<String, String> f = new LinkedHashMap<>();
    Instant now = sim.clock.instant();
    f.put("gmt_create", AlipaySimulator.TIME.format(trade.createdAt));
    f.put("charset", "utf-8");
    f.put("seller_email", "merchant@example.com");
    f.put("subject", trade.subject);
    f.put("buyer_id", trade.buyerId);
    f.put("invoice_amount", AlipaySimulator.yuan(trade.totalFen));
    f.put("notify_id", notifyId(trade, refund));
    f.put("fund_bill_list", "[{\"amount\":\"" + AlipaySimulator.yuan(trade.totalFen) + "\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
    f.put("notify_type", "trade_status_sync");
    f.put("trade_status", trade.status);
    f.put("receipt_amount", AlipaySimulator.yuan(trade.totalFen));
    f.put("app_id", sim.appId);
    f.put("buyer_pay_amount", AlipaySimulator.yuan(trade.totalFen));
    f.put("notify_time", AlipaySimulator.TIME.format(now));
    f.put("point_amount", "0.00");
    f.put("total_amount", AlipaySimulator.yuan(trade.totalFen));
    f.put("seller_id", sim.sellerId);
    f.put("trade_no", trade.tradeNo);
    f.put("auth_app_id", sim.appId);
    f.put("buyer_logon_id", "159****5620");
    f.put("out_trade_no", trade.outTradeNo);
    f.put("version", "1.0");
    if (trade.paidAt != null) f.put("gmt_payment", AlipaySimulator.TIME.format(trade.paidAt));
    if (refund != null) {
      f.put("refund_fee", AlipaySimulator.yuan(trade.refundedFen));
      f.put("out_biz_no", refund.outRequestNo);
      f.put("gmt_refund", MILLIS.format(refund.at));
    }
    if (trade.buyerId == null) f.remove("buyer_id");
    return f;
  }

  /** A paid trade the simulator does not keep, for a notification without HTTP. */
  static SimTrade paidTrade(AlipaySimulator sim, String outTradeNo, long totalFeeFen) {
    Instant now = sim.clock.instant();
    SimTrade trade =
        new SimTrade(outTradeNo, sim.newTradeNo(), totalFeeFen, "simulated",
            "alipay.trade.precreate", null, now, null, AlipaySimulator.DEFAULT_BUYER_ID, true);
    trade.status = "TRADE_SUCCESS";
    trade.paidAt = now;
    return trade;
  }

  /** Signs notification fields (V1 content) in {@code charset} and URL-encodes the body in it. */
  static SignedForm sign(Map<String, String> fields, Charset charset, PrivateKey key) {
    Map<String, String> form = new LinkedHashMap<>(fields);
    form.remove("sign");
    form.put(
        "charset",
        charset == StandardCharsets.UTF_8 ? form.getOrDefault("charset", "utf-8") : charset.name());
    form.putIfAbsent("sign_type", "RSA2");
    form.put("sign", SimCrypto.sign(key, SimForm.notifyContent(form), charset));
    return new SignedForm(
        SimForm.encode(form, charset).getBytes(StandardCharsets.US_ASCII),
        "application/x-www-form-urlencoded; charset=" + form.get("charset"),
        form);
  }

  private static String notifyId(SimTrade trade, SimTrade.SimRefund refund) {
    // Stable per event, so a redelivery or duplicate carries the same notify_id.
    String key = trade.tradeNo + trade.status + (refund == null ? "" : refund.outRequestNo);
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
