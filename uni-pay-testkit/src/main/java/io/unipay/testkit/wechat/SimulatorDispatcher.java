package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;

/** Routes and answers the simulator's API requests. */
final class SimulatorDispatcher extends Dispatcher {
  private static final String SCHEME = "WECHATPAY2-SHA256-RSA2048 ";
  private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-*|]{6,32}");
  private static final Pattern OUT_REFUND_NO = Pattern.compile("[0-9A-Za-z_\\-*|@]{1,64}");
  private static final Pattern RFC3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?[+-]\\d{2}:\\d{2}");
  private static final long REQUEST_WINDOW_SECONDS = 300;

  private final WechatPaySimulator sim;

  SimulatorDispatcher(WechatPaySimulator sim) {
    this.sim = sim;
  }

  /** An answer before signing: status and JSON body (empty for 204). */
  private record Reply(int status, byte[] body) {
    static Reply json(int status, String json) {
      return new Reply(status, json.getBytes(UTF_8));
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    FaultQueue.Taken taken = sim.takeApiFault(Endpoint.of(request.getMethod(), path));
    Fault fault = taken == null ? null : taken.fault();
    if (taken != null && taken.timing() == Fault.Timing.BEFORE_APPLYING) {
      return respond(faultReply(fault), fault);
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    String authFailure = verifyAuthorization(request, body);
    MockResponse file =
        authFailure == null && fault == null ? sim.billServer.download(request) : null;
    if (file != null) return file; // a bill file: not signed
    Reply reply;
    if (authFailure != null) {
      reply = error(401, "SIGN_ERROR", authFailure);
    } else {
      try {
        reply = route(request.getMethod(), path, request, body);
      } catch (BadRequest e) {
        reply = e.reply;
      }
    }
    if (fault != null && fault.kind == Fault.Kind.API_ERROR) reply = faultReply(fault);
    if (fault == Fault.FOREIGN_ANSWER) reply = foreign(reply);
    return respond(reply, fault);
  }

  /** The answer of an error fault (or of a transport fault striking before applying). */
  private Reply faultReply(Fault fault) {
    return switch (fault) {
      case RATE_LIMITED -> error(429, "FREQUENCY_LIMITED", "频率超限");
      case SIGN_ERROR -> error(401, "SIGN_ERROR", "签名错误");
      case NO_AUTH -> error(403, "NO_AUTH", "商户无权限");
      case UNKNOWN_ERROR_CODE -> error(400, "SIMULATED_UNKNOWN_CODE", "未知错误 (simulated)");
      default -> error(500, "SYSTEM_ERROR", "系统错误");
    };
  }

  /** The same answer about another object ({@link Fault#FOREIGN_ANSWER}). */
  private Reply foreign(Reply reply) {
    if (reply.status() / 100 != 2 || reply.body().length == 0) return reply;
    try {
      ObjectNode json = (ObjectNode) sim.mapper.readTree(reply.body());
      String field =
          json.has("out_bill_no")
              ? "out_bill_no"
              : json.has("out_refund_no") ? "out_refund_no" : "out_trade_no";
      String other = ("FOREIGN" + json.path(field).asText());
      json.put(field, other.substring(0, Math.min(32, other.length())));
      return Reply.json(reply.status(), sim.json(json));
    } catch (IOException | ClassCastException e) {
      return reply;
    }
  }

  // ---------------------------------------------------------------- authentication

  /** Null when the merchant's signature verifies, else why not. */
  private String verifyAuthorization(RecordedRequest request, byte[] body) {
    String auth = request.getHeaders().get("Authorization");
    if (auth == null || !auth.startsWith(SCHEME)) {
      return "Authorization is missing or not " + SCHEME.trim();
    }
    Map<String, String> params = new HashMap<>();
    for (String part : auth.substring(SCHEME.length()).split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) return "Authorization is malformed";
      String value = part.substring(eq + 1).trim();
      if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
        return "Authorization parameter " + part.substring(0, eq).trim() + " is not quoted";
      }
      params.put(part.substring(0, eq).trim(), value.substring(1, value.length() - 1));
    }
    for (String required : List.of("mchid", "nonce_str", "timestamp", "serial_no", "signature")) {
      if (!params.containsKey(required)) return "Authorization lacks " + required;
    }
    if (!params.get("mchid").equals(sim.mchid))
      return "mchid in Authorization is not this merchant";
    if (!params.get("serial_no").equalsIgnoreCase(sim.merchantSerial)) {
      return "serial_no is not the merchant API certificate serial";
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(params.get("timestamp"));
    } catch (NumberFormatException e) {
      return "timestamp is not a number";
    }
    if (Math.abs(sim.clock.instant().getEpochSecond() - timestamp) > REQUEST_WINDOW_SECONDS) {
      return "timestamp is outside the 5 minute window";
    }
    String head =
        request.getMethod()
            + "\n"
            + request.getTarget()
            + "\n"
            + timestamp
            + "\n"
            + params.get("nonce_str")
            + "\n";
    boolean valid =
        SimCrypto.verify(
            sim.merchantPublicKey,
            params.get("signature"),
            head.getBytes(UTF_8),
            body,
            new byte[] {'\n'});
    return valid ? null : "signature does not verify with the merchant certificate";
  }

  // ---------------------------------------------------------------- routing

  private Reply route(String method, String path, RecordedRequest request, byte[] body) {
    List<String> segments = request.getUrl().pathSegments();
    if (method.equals("GET") && path.equals("/v3/certificates")) return certificates();
    if (path.equals(TransferBills.PATH) || path.startsWith(TransferBills.PATH + "/")) {
      TransferRequests.Answer a = sim.transfers().requests.route(method, segments, request, body);
      return new Reply(a.status(), a.body());
    }
    if (WechatBillServer.serves(path)) {
      WechatBillServer.Answer bill = sim.billServer.answer(request);
      return new Reply(bill.status(), bill.body());
    }
    if (path.startsWith("/v3/pay/transactions/")) {
      if (method.equals("POST") && segments.size() == 4) {
        String type = segments.get(3);
        if (List.of("jsapi", "app", "native", "h5").contains(type))
          return prepay(type, parse(body));
      }
      if (segments.size() >= 5 && segments.get(3).equals("out-trade-no")) {
        String outTradeNo = segments.get(4);
        if (method.equals("GET") && segments.size() == 5) {
          requireMchidQuery(request);
          return query(outTradeNo);
        }
        if (method.equals("POST") && segments.size() == 6 && segments.get(5).equals("close")) {
          return close(outTradeNo, parse(body));
        }
      }
      if (method.equals("GET") && segments.size() == 5 && segments.get(3).equals("id")) {
        requireMchidQuery(request);
        return queryByTransactionId(segments.get(4));
      }
    }
    if (path.equals("/v3/refund/domestic/refunds") && method.equals("POST")) {
      return refund(parse(body));
    }
    if (path.startsWith("/v3/refund/domestic/refunds/")
        && method.equals("GET")
        && segments.size() == 5) {
      return queryRefund(segments.get(4));
    }
    return error(404, "NOT_FOUND", "no such API: " + method + " " + path);
  }

  // ---------------------------------------------------------------- payments

  private Reply prepay(String type, JsonNode req) {
    String appid = requiredText(req, "appid", 32);
    String mchid = requiredText(req, "mchid", 32);
    String description = requiredText(req, "description", 1000);
    String outTradeNo = requiredText(req, "out_trade_no", 1000);
    String notifyUrl = requiredText(req, "notify_url", 256);
    if (!mchid.equals(sim.mchid)) throw new BadRequest(error(400, "MCH_NOT_EXISTS", "商户号不存在"));
    if (!sim.appIds.contains(appid)) {
      throw new BadRequest(error(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配"));
    }
    if (description.getBytes(UTF_8).length > 127)
      throw paramError("/description", "longer than 127 bytes");
    if (!OUT_TRADE_NO.matcher(outTradeNo).matches()) {
      throw paramError("/out_trade_no", "must be 6-32 characters of [0-9A-Za-z_-*|]");
    }
    checkNotifyUrl(notifyUrl, "/notify_url");
    if (req.has("time_expire")) {
      String expire = req.path("time_expire").asText();
      if (!RFC3339.matcher(expire).matches()) {
        throw paramError(
            "/time_expire",
            "must be RFC 3339 with a numeric offset, e.g. 2018-06-08T10:34:56+08:00");
      }
    }
    JsonNode amount = req.path("amount");
    if (!amount.path("total").isIntegralNumber() || amount.path("total").asLong() <= 0) {
      throw paramError("/amount/total", "must be a positive integer (fen)");
    }
    String currency = amount.has("currency") ? amount.path("currency").asText() : "CNY";
    if (!currency.equals("CNY")) throw paramError("/amount/currency", "must be CNY");
    String openid = null;
    if (type.equals("jsapi")) {
      openid = req.path("payer").path("openid").asText("");
      if (openid.isEmpty()) throw paramError("/payer/openid", "required for JSAPI");
    }
    if (type.equals("h5")) {
      JsonNode scene = req.path("scene_info");
      if (scene.path("payer_client_ip").asText("").isEmpty()) {
        throw paramError("/scene_info/payer_client_ip", "required for H5");
      }
      String h5Type = scene.path("h5_info").path("type").asText("");
      if (!List.of("iOS", "Android", "Wap").contains(h5Type)) {
        throw paramError("/scene_info/h5_info/type", "must be iOS, Android or Wap");
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
          throw new BadRequest(error(403, "OUT_TRADE_NO_USED", "商户订单号重复"));
        }
        if (existing.paid()) throw new BadRequest(error(400, "ORDERPAID", "该订单已支付"));
        if (existing.state.equals("CLOSED"))
          throw new BadRequest(error(400, "ORDER_CLOSED", "订单已关闭"));
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

  private Reply query(String outTradeNo) {
    synchronized (sim.lock) {
      Trade trade = sim.trades.get(outTradeNo);
      if (trade == null) return error(404, "ORDER_NOT_EXIST", "订单不存在");
      return Reply.json(200, sim.json(sim.wire.transaction(trade)));
    }
  }

  private Reply queryByTransactionId(String transactionId) {
    synchronized (sim.lock) {
      for (Trade trade : sim.trades.values()) {
        if (transactionId.equals(trade.transactionId)) {
          return Reply.json(200, sim.json(sim.wire.transaction(trade)));
        }
      }
      return error(404, "ORDER_NOT_EXIST", "订单不存在");
    }
  }

  private Reply close(String outTradeNo, JsonNode req) {
    if (!requiredText(req, "mchid", 32).equals(sim.mchid)) {
      throw new BadRequest(error(400, "MCH_NOT_EXISTS", "商户号不存在"));
    }
    synchronized (sim.lock) {
      Trade trade = sim.trades.get(outTradeNo);
      if (trade == null) return error(404, "ORDER_NOT_EXIST", "订单不存在");
      if (trade.paid()) return error(400, "ORDERPAID", "订单已支付");
      if (trade.state.equals("USERPAYING")) return error(400, "USERPAYING", "用户支付中");
      trade.state = "CLOSED";
      return new Reply(204, new byte[0]);
    }
  }

  private void requireMchidQuery(RecordedRequest request) {
    String mchid = request.getUrl().queryParameter("mchid");
    if (mchid == null) throw paramError("mchid", "query parameter mchid required", "query");
    if (!mchid.equals(sim.mchid)) throw new BadRequest(error(400, "MCH_NOT_EXISTS", "商户号不存在"));
  }

  // ---------------------------------------------------------------- refunds

  private Reply refund(JsonNode req) {
    String outRefundNo = requiredText(req, "out_refund_no", 64);
    if (!OUT_REFUND_NO.matcher(outRefundNo).matches()) {
      throw paramError("/out_refund_no", "must be 1-64 characters of [0-9A-Za-z_-|*@]");
    }
    String outTradeNo = req.path("out_trade_no").asText("");
    String transactionId = req.path("transaction_id").asText("");
    if (outTradeNo.isEmpty() && transactionId.isEmpty()) {
      throw paramError("/out_trade_no", "out_trade_no or transaction_id required");
    }
    JsonNode amount = req.path("amount");
    if (!amount.path("refund").isIntegralNumber() || amount.path("refund").asLong() <= 0) {
      throw paramError("/amount/refund", "must be a positive integer (fen)");
    }
    if (!amount.path("total").isIntegralNumber() || amount.path("total").asLong() <= 0) {
      throw paramError("/amount/total", "must be a positive integer (fen)");
    }
    if (!amount.path("currency").asText("").equals("CNY"))
      throw paramError("/amount/currency", "must be CNY");
    String notifyUrl = req.has("notify_url") ? req.path("notify_url").asText() : null;
    if (notifyUrl != null) checkNotifyUrl(notifyUrl, "/notify_url");
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
      if (trade == null) return error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
      RefundRecord existing = sim.refunds.get(outRefundNo);
      if (existing != null) {
        if (existing.trade != trade || existing.refund != refund || existing.total != total) {
          return error(
              400, "INVALID_REQUEST", "out_refund_no already used with different parameters");
        }
        return Reply.json(200, sim.json(sim.wire.refund(existing)));
      }
      if (!trade.paid()) return error(400, "INVALID_REQUEST", "订单未支付, the trade is " + trade.state);
      if (total != trade.total)
        return error(400, "INVALID_REQUEST", "amount.total does not match the order total");
      if (trade.refundCount >= 50)
        return error(400, "INVALID_REQUEST", "an order allows at most 50 refunds");
      if (trade.refunded + refund > trade.total) return error(403, "NOT_ENOUGH", "可退余额不足");
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

  private Reply queryRefund(String outRefundNo) {
    synchronized (sim.lock) {
      RefundRecord refund = sim.refunds.get(outRefundNo);
      if (refund == null) return error(404, "RESOURCE_NOT_EXISTS", "退款单不存在");
      return Reply.json(200, sim.json(sim.wire.refund(refund)));
    }
  }

  // ---------------------------------------------------------------- certificates

  private Reply certificates() {
    ObjectNode answer = sim.mapper.createObjectNode();
    ArrayNode data = answer.putArray("data");
    for (SimCrypto.Identity identity : sim.servedCertificates()) {
      ObjectNode item = data.addObject();
      item.put("serial_no", identity.serial());
      item.put("effective_time", sim.wire.time(identity.certificate().getNotBefore().toInstant()));
      item.put("expire_time", sim.wire.time(identity.certificate().getNotAfter().toInstant()));
      ObjectNode encrypted = item.putObject("encrypt_certificate");
      String nonce = SimCrypto.alnum(12);
      encrypted.put("algorithm", "AEAD_AES_256_GCM");
      encrypted.put("nonce", nonce);
      encrypted.put("associated_data", "certificate");
      encrypted.put(
          "ciphertext",
          SimCrypto.encrypt(
              sim.apiV3Key,
              nonce,
              "certificate",
              SimCrypto.certificatePem(identity.certificate()).getBytes(UTF_8)));
    }
    return Reply.json(200, sim.json(answer));
  }

  // ---------------------------------------------------------------- answers

  private MockResponse respond(Reply reply, Fault fault) {
    MockResponse.Builder response = new MockResponse.Builder().code(reply.status());
    response.addHeader("Request-ID", "08" + SimCrypto.hex(14));
    if (reply.body().length > 0) {
      response.addHeader("Content-Type", "application/json; charset=utf-8");
      response.body(new Buffer().write(reply.body()));
    }
    if (fault != Fault.UNSIGNED_RESPONSE) {
      WechatPaySimulator.SigningKey key = sim.signingKey();
      long now = sim.clock.instant().getEpochSecond();
      long timestamp = fault == Fault.STALE_RESPONSE_TIMESTAMP ? now - 600 : now;
      String nonce = sim.nonces.get();
      byte[] head = (timestamp + "\n" + nonce + "\n").getBytes(UTF_8);
      byte[] signed = fault == Fault.BAD_RESPONSE_SIGNATURE ? "{}".getBytes(UTF_8) : reply.body();
      String signature = SimCrypto.sign(key.key(), head, signed, new byte[] {'\n'});
      response.addHeader("Wechatpay-Nonce", nonce);
      response.addHeader("Wechatpay-Signature", signature);
      response.addHeader("Wechatpay-Timestamp", Long.toString(timestamp));
      response.addHeader("Wechatpay-Serial", key.serial());
      response.addHeader("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
    }
    if (fault == Fault.SLOW_RESPONSE) {
      response.headersDelay(sim.slowResponseDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (fault == Fault.CONNECTION_RESET) {
      // Before or after applying, the merchant sees the same: no answer.
      response.onResponseStart(new SocketEffect.CloseSocket(true, false, false));
    }
    return response.build();
  }

  private Reply error(int status, String code, String message) {
    ObjectNode body = sim.mapper.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    return Reply.json(status, sim.json(body));
  }

  private BadRequest paramError(String field, String issue) {
    return paramError(field, issue, "body");
  }

  private BadRequest paramError(String field, String issue, String location) {
    ObjectNode body = sim.mapper.createObjectNode();
    body.put("code", "PARAM_ERROR");
    body.put("message", "参数错误: " + field + " " + issue);
    ObjectNode detail = body.putObject("detail");
    detail.put("field", field);
    detail.put("issue", issue);
    detail.put("location", location);
    return new BadRequest(Reply.json(400, sim.json(body)));
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : sim.mapper.readTree(body);
      if (node == null || !node.isObject()) throw paramError("/", "body must be a JSON object");
      return node;
    } catch (IOException e) {
      throw paramError("/", "body is not valid JSON");
    }
  }

  private String requiredText(JsonNode req, String field, int maxLength) {
    JsonNode value = req.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw paramError("/" + field, "required");
    }
    if (value.asText().length() > maxLength)
      throw paramError("/" + field, "longer than " + maxLength);
    return value.asText();
  }

  private void checkNotifyUrl(String url, String field) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw paramError(field, "not a URL");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw paramError(field, "must be an http(s) URL");
    }
    if (uri.getRawQuery() != null) throw paramError(field, "must not carry query parameters");
  }

  /** A 4xx answer raised from deep inside validation. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Reply reply;

    BadRequest(Reply reply) {
      super(null, null, false, false);
      this.reply = reply;
    }
  }
}
