package io.unipay.testkit.alipay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** The simulated {@code /gateway.do}: request checks, the trade methods and signed answers. */
final class SimGateway extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AlipaySimulator sim;
  private final SimAnswers answers;

  SimGateway(AlipaySimulator sim) {
    this.sim = sim;
    this.answers = new SimAnswers(sim);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return handle(request);
    } catch (RuntimeException e) {
      // A simulator bug or an input it cannot read: make it visible in the test that caused it.
      return new MockResponse.Builder().code(500).body("Alipay simulator failed: " + e).build();
    }
  }

  private MockResponse handle(RecordedRequest request) {
    if (AlipayLogins.AUTHORIZE_PATH.equals(request.getUrl().encodedPath())) {
      return sim.logins().authorizePage(request);
    }
    if (AlipayBillServer.PATH.equals(request.getUrl().encodedPath())) {
      return sim.billServer.download(request);
    }
    if (!"/gateway.do".equals(request.getUrl().encodedPath())) {
      return new MockResponse.Builder().code(404).body("not found").build();
    }
    Map<String, String> params = SimForm.decode(request.getUrl().encodedQuery(), new LinkedHashMap<>());
    if (request.getBody() != null) {
      SimForm.decode(request.getBody().string(StandardCharsets.UTF_8), params);
    }
    String method = params.get("method");
    SimFaults.Injected injected = sim.nextFault(method);
    Fault fault = injected == null ? null : injected.fault();
    String root = method == null ? "error_response" : method.replace('.', '_') + "_response";
    boolean before =
        injected != null
            && injected.point() == FaultPoint.BEFORE_APPLY
            && fault != Fault.ANOTHER_ORDER;
    if (before && (fault == Fault.HTTP_502 || fault == Fault.RATE_LIMITED)) {
      return answers.before(root, fault);
    }
    Map<String, Object> rejected = checkRequest(sim, params);
    if (rejected != null) {
      return answers.answer("error_response", rejected, false, false); // the gateway does not sign these
    }
    if (before) return answers.before(root, fault);
    if (AlipayLogins.METHOD.equals(method)) return sim.logins().answer(params, answers, fault);
    if (fault == Fault.ANOTHER_ORDER) {
      params = SimAnotherOrder.rewrite(sim, params, injected.otherOutTradeNo());
    }
    Map<String, Object> result;
    try {
      result =
          switch (method) {
            case "alipay.trade.precreate" -> register(sim, params, method, false);
            case "alipay.trade.create" -> register(sim, params, method, true);
            case "alipay.trade.query" -> query(params);
            case "alipay.trade.close" -> close(params);
            case "alipay.trade.refund" -> refund(params);
            case "alipay.trade.fastpay.refund.query" -> refundQuery(params);
            case "alipay.open.app.alipaycert.download" -> certificateDownload(params);
            case SimTransfers.TRANSFER -> sim.transfers().create(params);
            case SimTransfers.QUERY -> sim.transfers().query(params);
            case AlipayBillServer.METHOD -> sim.billServer.downloadUrl(params);
            default -> null;
          };
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      result = error("40004", "Business Failed", "ACQ.INVALID_PARAMETER", e.getMessage());
    }
    if (result == null) {
      return answers.answer("error_response",
          error("40002", "Invalid Arguments", "isv.invalid-method", "不存在的方法名"), false, false);
    }
    return answers.after(root, result, fault == Fault.ANOTHER_ORDER ? null : fault);
  }

  /** Gateway-level checks; null when the request may proceed, else the {@code error_response}. */
  static Map<String, Object> checkRequest(AlipaySimulator sim, Map<String, String> params) {
    String sign = params.get("sign");
    if (params.get("method") == null) {
      return error("40001", "Missing Required Arguments", "isv.missing-method", "缺少方法名参数");
    }
    if (sign == null || sign.isEmpty()) {
      return error("40001", "Missing Required Arguments", "isv.missing-signature", "缺少签名参数");
    }
    if (!"RSA2".equals(params.get("sign_type"))) {
      return error("40002", "Invalid Arguments", "isv.invalid-signature-type", "无效的签名类型");
    }
    if (!sim.appId.equals(params.get("app_id"))) {
      return error("40002", "Invalid Arguments", "isv.invalid-app-id", "无效的AppID参数");
    }
    if (sim.certificateMode) {
      if (!sim.certificates.appCertSn().equals(params.get("app_cert_sn"))) {
        return error("40002", "Invalid Arguments", "isv.app-cert-sn-not-match", "应用公钥证书序列号不匹配");
      }
      if (!sim.certificates.alipayRootCertSn().equals(params.get("alipay_root_cert_sn"))) {
        return error("40002", "Invalid Arguments", "isv.alipay-root-cert-sn-not-match", "支付宝根证书序列号不匹配");
      }
    }
    if (!SimCrypto.verify(sim.appPublicKey, SimForm.requestContent(params), sign)) {
      Map<String, Object> e = error("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错");
      return e;
    }
    return null;
  }

  static Map<String, Object> error(String code, String msg, String subCode, String subMsg) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", code);
    m.put("msg", msg);
    m.put("sub_code", subCode);
    m.put("sub_msg", subMsg);
    return m;
  }

  private static Map<String, Object> ok() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", "10000");
    m.put("msg", "Success");
    return m;
  }

  static Map<String, String> biz(Map<String, String> params) {
    String text = params.get("biz_content");
    if (text == null || text.isEmpty()) throw new IllegalArgumentException("缺少biz_content");
    try {
      JsonNode node = JSON.readTree(text);
      Map<String, String> m = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
      }
      return m;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("biz_content is not JSON");
    }
  }

  private static long fen(String yuan, String field) {
    try {
      BigDecimal v = new BigDecimal(yuan);
      if (v.scale() > 2 || v.signum() <= 0 || v.compareTo(new BigDecimal("100000000")) > 0) {
        throw new IllegalArgumentException(field + "格式错误: " + yuan);
      }
      return v.movePointRight(2).longValueExact();
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(field + "格式错误: " + yuan);
    }
  }

  /** precreate / create / app / page / wap: creates the trade or answers for the existing one. */
  static Map<String, Object> register(
      AlipaySimulator sim, Map<String, String> params, String method, boolean visibleAtOnce) {
    Map<String, String> biz = biz(params);
    String outTradeNo = biz.get("out_trade_no");
    if (outTradeNo == null || outTradeNo.isEmpty()) throw new IllegalArgumentException("缺少out_trade_no");
    if (biz.get("subject") == null || biz.get("subject").isEmpty()) {
      throw new IllegalArgumentException("缺少subject");
    }
    long total = fen(biz.get("total_amount"), "total_amount");
    String buyer = biz.get("buyer_id") != null ? biz.get("buyer_id") : biz.get("buyer_open_id");
    if ("alipay.trade.create".equals(method) && buyer == null) {
      return error("40004", "Business Failed", "ACQ.INVALID_PARAMETER", "buyer_id和buyer_open_id不能同时为空");
    }
    Instant expireAt = null;
    if (biz.get("time_expire") != null) {
      expireAt = LocalDateTime.parse(biz.get("time_expire"), AlipaySimulator.TIME.withZone(null))
          .toInstant(ZoneOffset.ofHours(8));
    }
    synchronized (sim.lock) {
      SimTrade trade = sim.trades.get(outTradeNo);
      if (trade != null) {
        if (trade.isPaid()) return error("40004", "Business Failed", "ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
        if ("TRADE_CLOSED".equals(trade.status)) {
          return error("40004", "Business Failed", "ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
        }
        if (trade.totalFen != total) {
          return error("40004", "Business Failed", "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
        }
      } else {
        trade = new SimTrade(outTradeNo, sim.newTradeNo(), total, biz.get("subject"), method,
            params.get("notify_url"), sim.clock.instant(), expireAt, buyer, visibleAtOnce);
        sim.trades.put(outTradeNo, trade);
      }
      Map<String, Object> r = ok();
      r.put("out_trade_no", outTradeNo);
      if ("alipay.trade.precreate".equals(method)) {
        r.put("qr_code", "https://qr.alipay.com/" + "bax0" + trade.tradeNo.substring(trade.tradeNo.length() - 12));
      } else {
        r.put("trade_no", trade.tradeNo);
      }
      return r;
    }
  }

  private SimTrade find(Map<String, String> biz) {
    SimTrade t = null;
    if (biz.get("out_trade_no") != null) {
      t = sim.trades.get(biz.get("out_trade_no"));
    } else if (biz.get("trade_no") != null) {
      t = sim.trades.values().stream().filter(x -> x.tradeNo.equals(biz.get("trade_no"))).findFirst().orElse(null);
    } else {
      throw new IllegalArgumentException("out_trade_no和trade_no不能同时为空");
    }
    if (t == null || !t.visible) return null;
    // Alipay closes unpaid trades once time_expire passes.
    if ("WAIT_BUYER_PAY".equals(t.status) && t.expireAt != null && !sim.clock.instant().isBefore(t.expireAt)) {
      t.status = "TRADE_CLOSED";
    }
    return t;
  }

  private static Map<String, Object> notExist() {
    return error("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在");
  }

  private Map<String, Object> query(Map<String, String> params) {
    Map<String, String> biz = biz(params);
    synchronized (sim.lock) {
      SimTrade t = find(biz);
      if (t == null) return notExist();
      Map<String, Object> r = ok();
      r.put("trade_no", t.tradeNo);
      r.put("out_trade_no", t.outTradeNo);
      r.put("buyer_logon_id", t.buyerId == null ? null : "159****5620");
      r.put("trade_status", t.status);
      r.put("total_amount", AlipaySimulator.yuan(t.totalFen));
      if (t.isPaid()) {
        r.put("buyer_pay_amount", AlipaySimulator.yuan(t.totalFen));
        r.put("receipt_amount", AlipaySimulator.yuan(t.totalFen));
        r.put("send_pay_date", AlipaySimulator.TIME.format(t.paidAt));
      }
      r.put("buyer_user_id", t.buyerId);
      return r;
    }
  }

  private Map<String, Object> close(Map<String, String> params) {
    Map<String, String> biz = biz(params);
    synchronized (sim.lock) {
      SimTrade t = find(biz);
      if (t == null) return notExist();
      if (!"WAIT_BUYER_PAY".equals(t.status)) {
        return error("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
      }
      t.status = "TRADE_CLOSED";
      Map<String, Object> r = ok();
      r.put("trade_no", t.tradeNo);
      r.put("out_trade_no", t.outTradeNo);
      return r;
    }
  }

  private Map<String, Object> refund(Map<String, String> params) {
    Map<String, String> biz = biz(params);
    long amount = fen(biz.get("refund_amount"), "refund_amount");
    SimTrade notifyTrade = null;
    SimTrade.SimRefund notifyRefund = null;
    Map<String, Object> r;
    synchronized (sim.lock) {
      SimTrade t = find(biz);
      if (t == null) return notExist();
      if ("TRADE_FINISHED".equals(t.status)) {
        return error("40004", "Business Failed", "ACQ.TRADE_HAS_FINISHED", "交易已完结");
      }
      if (!t.isPaid()) {
        return "TRADE_CLOSED".equals(t.status)
            ? error("40004", "Business Failed", "ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
            : error("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
      }
      String outRequestNo = biz.getOrDefault("out_request_no", t.outTradeNo);
      SimTrade.SimRefund existing = t.refunds.get(outRequestNo);
      boolean fundChange;
      if (existing != null) {
        if (existing.fen != amount) {
          return error("40004", "Business Failed", "ACQ.INVALID_PARAMETER",
              "out_request_no " + outRequestNo + " was used with another refund_amount");
        }
        fundChange = false; // a repeated request moves no money
      } else {
        if (t.refundedFen + amount > t.totalFen) {
          return error("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
        }
        existing = new SimTrade.SimRefund(outRequestNo, amount, sim.clock.instant(), !sim.deferRefundSettlement);
        t.refunds.put(outRequestNo, existing);
        t.refundedFen += amount;
        if (t.refundedFen == t.totalFen) t.status = "TRADE_CLOSED";
        fundChange = existing.settled;
        if (sim.notifyRefunds) {
          notifyTrade = t;
          notifyRefund = existing;
        }
      }
      r = ok();
      r.put("trade_no", t.tradeNo);
      r.put("out_trade_no", t.outTradeNo);
      r.put("buyer_logon_id", "159****5620");
      r.put("fund_change", fundChange ? "Y" : "N");
      r.put("refund_fee", AlipaySimulator.yuan(t.refundedFen));
      r.put("gmt_refund_pay", AlipaySimulator.TIME.format(existing.at));
      r.put("buyer_user_id", t.buyerId);
    }
    if (notifyTrade != null) {
      SignedForm form;
      synchronized (sim.lock) {
        form = sim.notificationFor(notifyTrade, notifyRefund);
      }
      sim.notifier.deliver(notifyTrade.outTradeNo, notifyTrade.notifyUrl, form);
    }
    return r;
  }

  /**
   * {@code alipay.open.app.alipaycert.download}: {@code alipay_cert_content} is Base64 of the
   * certificate file (PEM) with the requested {@code alipay_cert_sn} (or, after {@link
   * SimulatorFaults#serveAnotherCertificateOnDownload}, of another one).
   */
  private Map<String, Object> certificateDownload(Map<String, String> params) {
    if (sim.certificates == null) {
      return error("40006", "Insufficient Permissions", "isv.insufficient-isv-permissions",
          "公钥模式的应用无需下载支付宝公钥证书");
    }
    String sn = biz(params).get("alipay_cert_sn");
    if (sn == null || sn.isEmpty()) throw new IllegalArgumentException("缺少alipay_cert_sn");
    SimulatorCertificates.Issued served = sim.certificates.download(sn);
    if (served == null) {
      return error("40004", "Business Failed", "ALIPAY_CERT_NOT_EXIST", "支付宝公钥证书不存在");
    }
    Map<String, Object> r = ok();
    r.put("alipay_cert_content", served.content());
    return r;
  }

  private Map<String, Object> refundQuery(Map<String, String> params) {
    Map<String, String> biz = biz(params);
    synchronized (sim.lock) {
      SimTrade t = find(biz);
      if (t == null) return notExist();
      Map<String, Object> r = ok();
      SimTrade.SimRefund refund = t.refunds.get(biz.getOrDefault("out_request_no", t.outTradeNo));
      if (refund == null) return r; // Alipay answers 10000 with nothing else for an unknown refund
      r.put("trade_no", t.tradeNo);
      r.put("out_trade_no", t.outTradeNo);
      r.put("out_request_no", refund.outRequestNo);
      r.put("total_amount", AlipaySimulator.yuan(t.totalFen));
      r.put("refund_amount", AlipaySimulator.yuan(refund.fen));
      if (refund.settled) {
        r.put("refund_status", "REFUND_SUCCESS");
        String options = biz.getOrDefault("query_options", "");
        if (options.contains("gmt_refund_pay")) {
          r.put("gmt_refund_pay", AlipaySimulator.TIME.format(refund.at));
        }
      }
      return r;
    }
  }
}
