package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.testkit.wechat.ApiReplies.BadRequest;
import io.unipay.testkit.wechat.ApiReplies.Reply;
import java.util.List;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;

/** The simulator's payment API: prepay (JSAPI, APP, NATIVE, H5), query and close a trade. */
final class TradeEndpoints {
  private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-*|]{6,32}");
  private static final Pattern RFC3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?[+-]\\d{2}:\\d{2}");

  private final WechatPaySimulator sim;
  private final ApiReplies replies;

  TradeEndpoints(WechatPaySimulator sim, ApiReplies replies) {
    this.sim = sim;
    this.replies = replies;
  }

  Reply prepay(String type, JsonNode req) {
    String appid = replies.requiredText(req, "appid", 32);
    String mchid = replies.requiredText(req, "mchid", 32);
    String description = replies.requiredText(req, "description", 1000);
    String outTradeNo = replies.requiredText(req, "out_trade_no", 1000);
    String notifyUrl = replies.requiredText(req, "notify_url", 256);
    if (!mchid.equals(sim.mchid)) {
      throw new BadRequest(replies.error(400, "MCH_NOT_EXISTS", "商户号不存在"));
    }
    if (!sim.appIds.contains(appid)) {
      throw new BadRequest(replies.error(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配"));
    }
    if (description.getBytes(UTF_8).length > 127)
      throw replies.paramError("/description", "longer than 127 bytes");
    if (!OUT_TRADE_NO.matcher(outTradeNo).matches()) {
      throw replies.paramError("/out_trade_no", "must be 6-32 characters of [0-9A-Za-z_-*|]");
    }
    replies.checkNotifyUrl(notifyUrl, "/notify_url");
    if (req.has("time_expire")) {
      String expire = req.path("time_expire").asText();
      if (!RFC3339.matcher(expire).matches()) {
        throw replies.paramError(
            "/time_expire",
            "must be RFC 3339 with a numeric offset, e.g. 2018-06-08T10:34:56+08:00");
      }
    }
    JsonNode amount = req.path("amount");
    if (!amount.path("total").isIntegralNumber() || amount.path("total").asLong() <= 0) {
      throw replies.paramError("/amount/total", "must be a positive integer (fen)");
    }
    String currency = amount.has("currency") ? amount.path("currency").asText() : "CNY";
    if (!currency.equals("CNY")) throw replies.paramError("/amount/currency", "must be CNY");
    String openid = null;
    if (type.equals("jsapi")) {
      openid = req.path("payer").path("openid").asText("");
      if (openid.isEmpty()) throw replies.paramError("/payer/openid", "required for JSAPI");
    }
    if (type.equals("h5")) {
      JsonNode scene = req.path("scene_info");
      if (scene.path("payer_client_ip").asText("").isEmpty()) {
        throw replies.paramError("/scene_info/payer_client_ip", "required for H5");
      }
      String h5Type = scene.path("h5_info").path("type").asText("");
      if (!List.of("iOS", "Android", "Wap").contains(h5Type)) {
        throw replies.paramError("/scene_info/h5_info/type", "must be iOS, Android or Wap");
      }
    }
    String tradeType =
        switch (type) {
          case "jsapi" -> "JSAPI";
          case "app" -> "APP";
          case "native" -> "NATIVE";
          default -> "MWEB";
        };
    Trade trade;
    synchronized (sim.lock) {
      Trade existing = sim.trades.get(outTradeNo);
      if (existing != null) {
        if (!existing.request.equals(req) || !existing.tradeType.equals(tradeType)) {
          throw new BadRequest(replies.error(403, "OUT_TRADE_NO_USED", "商户订单号重复"));
        }
        if (existing.paid()) throw new BadRequest(replies.error(400, "ORDERPAID", "该订单已支付"));
        if (existing.state.equals("CLOSED"))
          throw new BadRequest(replies.error(400, "ORDER_CLOSED", "订单已关闭"));
        trade = existing;
      } else {
        String prepayId = "wx" + System.currentTimeMillis() + SimCrypto.hex(8);
        trade =
            new Trade(
                outTradeNo,
                tradeType,
                appid,
                description,
                notifyUrl,
                openid,
                req.has("attach") ? req.path("attach").asText() : null,
                amount.path("total").asLong(),
                currency,
                req.deepCopy(),
                prepayId,
                "weixin://wxpay/bizpayurl?pr=" + SimCrypto.alnum(7),
                "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id="
                    + prepayId
                    + "&package="
                    + (1000000000L + sim.sequence.getAndIncrement()));
        sim.trades.put(outTradeNo, trade);
      }
    }
    ObjectNode answer = sim.mapper.createObjectNode();
    switch (type) {
      case "native" -> answer.put("code_url", trade.codeUrl);
      case "h5" -> answer.put("h5_url", trade.h5Url);
      default -> answer.put("prepay_id", trade.prepayId);
    }
    return Reply.json(200, sim.json(answer));
  }

  Reply query(String outTradeNo) {
    synchronized (sim.lock) {
      Trade trade = sim.trades.get(outTradeNo);
      if (trade == null) return replies.error(404, "ORDER_NOT_EXIST", "订单不存在");
      return Reply.json(200, sim.json(sim.wire.transaction(trade)));
    }
  }

  Reply queryByTransactionId(String transactionId) {
    synchronized (sim.lock) {
      for (Trade trade : sim.trades.values()) {
        if (transactionId.equals(trade.transactionId)) {
          return Reply.json(200, sim.json(sim.wire.transaction(trade)));
        }
      }
      return replies.error(404, "ORDER_NOT_EXIST", "订单不存在");
    }
  }

  Reply close(String outTradeNo, JsonNode req) {
    if (!replies.requiredText(req, "mchid", 32).equals(sim.mchid)) {
      throw new BadRequest(replies.error(400, "MCH_NOT_EXISTS", "商户号不存在"));
    }
    synchronized (sim.lock) {
      Trade trade = sim.trades.get(outTradeNo);
      if (trade == null) return replies.error(404, "ORDER_NOT_EXIST", "订单不存在");
      if (trade.paid()) return replies.error(400, "ORDERPAID", "订单已支付");
      if (trade.state.equals("USERPAYING")) return replies.error(400, "USERPAYING", "用户支付中");
      trade.state = "CLOSED";
      return new Reply(204, new byte[0]);
    }
  }

  void requireMchidQuery(RecordedRequest request) {
    String mchid = request.getUrl().queryParameter("mchid");
    if (mchid == null) throw replies.paramError("mchid", "query parameter mchid required", "query");
    if (!mchid.equals(sim.mchid)) {
      throw new BadRequest(replies.error(400, "MCH_NOT_EXISTS", "商户号不存在"));
    }
  }
}
