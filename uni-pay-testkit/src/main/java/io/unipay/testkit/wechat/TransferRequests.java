package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.security.PrivateKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;

/** Validates and answers the transfer-bill API calls of {@link TransferBills}. */
final class TransferRequests {
  /** Scene ids WeChat Pay documents for 商家转账 (cash marketing, subsidies, insurance, ...). */
  private static final Set<String> SCENES =
      Set.of("1000", "1002", "1004", "1005", "1009", "1010", "1011", "1013");

  private static final Set<String> FIELDS =
      Set.of(
          "appid",
          "out_bill_no",
          "transfer_scene_id",
          "openid",
          "user_name",
          "transfer_amount",
          "transfer_remark",
          "notify_url",
          "user_recv_perception",
          "transfer_scene_report_infos",
          "user_recv_style");

  private static final Pattern OUT_BILL_NO = Pattern.compile("[0-9A-Za-z]{1,32}");

  /** 2000 yuan: from this amount on the payee's real name is required. */
  private static final long NAME_REQUIRED_FROM = 200_000;

  /** An answer before signing: status and JSON body. */
  record Answer(int status, byte[] body) {}

  private final WechatPaySimulator sim;
  private final TransferBills bills;

  TransferRequests(WechatPaySimulator sim, TransferBills bills) {
    this.sim = sim;
    this.bills = bills;
  }

  /** Routes a call under {@link TransferBills#PATH}; segments as OkHttp splits the path. */
  Answer route(String method, List<String> segments, RecordedRequest request, byte[] body) {
    try {
      int n = segments.size();
      if (method.equals("POST") && n == 4) return create(request, parse(body));
      if (n >= 6 && segments.get(4).equals("out-bill-no")) {
        String outBillNo = segments.get(5);
        if (method.equals("GET") && n == 6) return query(outBillNo, null);
        if (method.equals("POST") && n == 7 && segments.get(6).equals("cancel")) {
          return cancel(outBillNo);
        }
      }
      if (method.equals("GET") && n == 6 && segments.get(4).equals("transfer-bill-no")) {
        return query(null, segments.get(5));
      }
      return error(404, "NOT_FOUND", "no such API: " + method + " " + String.join("/", segments));
    } catch (Refused e) {
      return e.answer;
    }
  }

  private Answer create(RecordedRequest request, JsonNode req) {
    for (var it = req.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) throw param("/" + field, "请求中含有未在API文档中定义的参数");
    }
    String appid = text(req, "appid", 32, true);
    String outBillNo = text(req, "out_bill_no", 32, true);
    synchronized (sim.lock) {
      bills.createRequests.merge(outBillNo, 1, Integer::sum);
    }
    if (!OUT_BILL_NO.matcher(outBillNo).matches()) {
      throw param("/out_bill_no", "只能由数字、大小写字母组成 (1-32)");
    }
    String sceneId = text(req, "transfer_scene_id", 36, true);
    String openid = text(req, "openid", 64, true);
    String remark = text(req, "transfer_remark", 1000, true);
    if (remark.codePointCount(0, remark.length()) > 32) {
      throw param("/transfer_remark", "longer than 32 characters");
    }
    JsonNode amountNode = req.get("transfer_amount");
    if (amountNode == null || !amountNode.isIntegralNumber() || amountNode.asLong() <= 0) {
      throw param("/transfer_amount", "must be a positive integer (fen)");
    }
    long amount = amountNode.asLong();
    String notifyUrl = text(req, "notify_url", 256, false);
    if (notifyUrl != null) checkNotifyUrl(notifyUrl);
    text(req, "user_recv_perception", 64, false);
    checkReportInfos(req.get("transfer_scene_report_infos"));
    String cipherName = text(req, "user_name", 2048, false);
    String userName = cipherName == null ? null : decryptName(request, cipherName);
    if (userName == null && amount >= NAME_REQUIRED_FROM) {
      throw param("/user_name", "转账金额大于等于2000元时，收款用户姓名必填");
    }
    if (!sim.appIds.contains(appid)) throw refused(400, "INVALID_REQUEST", "APPID不存在");
    if (!SCENES.contains(sceneId)) throw refused(400, "INVALID_REQUEST", "你尚未获取该转账场景");

    ObjectNode comparable = req.deepCopy();
    if (userName != null) comparable.put("user_name", userName);
    TransferBill bill;
    synchronized (sim.lock) {
      bill = bills.bills.get(outBillNo);
      if (bill != null) {
        if (!bill.request.equals(comparable)) {
          throw refused(400, "INVALID_REQUEST", "商户单号重复，请求参数与原单据不一致");
        }
      } else {
        if (amount > bills.balance) throw refused(403, "NOT_ENOUGH", "资金不足");
        bills.balance -= amount;
        bill =
            new TransferBill(
                outBillNo,
                "1330000" + String.format("%033d", sim.sequence.getAndIncrement()),
                appid,
                openid,
                amount,
                remark,
                sceneId,
                userName,
                notifyUrl,
                comparable,
                "ABBQO+oYAAABAAAAAAA" + SimCrypto.alnum(40) + "==",
                sim.clock.instant());
        bills.bills.put(outBillNo, bill);
      }
      ObjectNode answer = sim.mapper.createObjectNode();
      answer.put("out_bill_no", bill.outBillNo);
      answer.put("transfer_bill_no", bill.transferBillNo);
      answer.put("create_time", sim.wire.time(bill.createTime));
      answer.put("state", bill.state);
      if (bill.failReason != null) answer.put("fail_reason", bill.failReason);
      if (bill.state.equals("WAIT_USER_CONFIRM")) answer.put("package_info", bill.packageInfo);
      return json(200, answer);
    }
  }

  private Answer query(String outBillNo, String transferBillNo) {
    synchronized (sim.lock) {
      TransferBill found = null;
      for (TransferBill b : bills.bills.values()) {
        if (b.outBillNo.equals(outBillNo) || b.transferBillNo.equals(transferBillNo)) {
          found = b;
          break;
        }
      }
      if (found == null) return error(404, "NOT_FOUND", "记录不存在");
      ObjectNode n = sim.mapper.createObjectNode();
      n.put("mch_id", sim.mchid);
      n.put("out_bill_no", found.outBillNo);
      n.put("transfer_bill_no", found.transferBillNo);
      n.put("appid", found.appid);
      n.put("state", found.state);
      n.put("transfer_amount", found.amount);
      n.put("transfer_remark", found.remark);
      if (found.failReason != null) n.put("fail_reason", found.failReason);
      n.put("openid", found.openid);
      n.put("create_time", sim.wire.time(found.createTime));
      n.put("update_time", sim.wire.time(found.updateTime));
      if (found.state.equals("WAIT_USER_CONFIRM")) n.put("package_info", found.packageInfo);
      return json(200, n);
    }
  }

  /**
   * Cancels a bill the payee has not confirmed: answered CANCELING; the simulator then completes
   * the cancel at once (CANCELLED, money released, notification sent). A bill already cancelling
   * or cancelled answers its state again; any other is refused.
   */
  private Answer cancel(String outBillNo) {
    TransferBill cancelled = null;
    ObjectNode answer = sim.mapper.createObjectNode();
    synchronized (sim.lock) {
      TransferBill bill = bills.bills.get(outBillNo);
      if (bill == null) return error(404, "NOT_FOUND", "记录不存在");
      if (bill.cancellable()) {
        bill.state = "CANCELING";
        bill.updateTime = sim.clock.instant();
        cancelled = bill;
      } else if (!bill.state.equals("CANCELING") && !bill.state.equals("CANCELLED")) {
        return error(400, "INVALID_REQUEST", "当前单据状态不支持撤销 (" + bill.state + ")");
      }
      answer.put("out_bill_no", bill.outBillNo);
      answer.put("transfer_bill_no", bill.transferBillNo);
      answer.put("state", bill.state);
      answer.put("update_time", sim.wire.time(bill.updateTime));
      if (cancelled != null) {
        bill.state = "CANCELLED";
        bills.balance += bill.amount;
      }
    }
    if (cancelled != null) bills.notifyFinished(cancelled);
    return json(200, answer);
  }

  // ---------------------------------------------------------------- checks

  /**
   * The payee's name: {@code Wechatpay-Serial} must name a key the simulator published, and the
   * ciphertext must decrypt with its private key (RSA/ECB/OAEPWithSHA-1AndMGF1Padding).
   */
  private String decryptName(RecordedRequest request, String base64) {
    String serial = request.getHeaders().get("Wechatpay-Serial");
    Optional<PrivateKey> key = serial == null ? Optional.empty() : sim.privacyKey(serial);
    if (key.isEmpty()) throw refused(400, "PARAM_ERROR", "平台证书序列号Wechatpay-Serial错误");
    byte[] plain = SimCrypto.decryptOaep(key.get(), base64);
    if (plain == null) throw refused(400, "PARAM_ERROR", "请确认待处理的消息是否为加密后的密文");
    return new String(plain, UTF_8);
  }

  private void checkReportInfos(JsonNode infos) {
    if (infos == null || !infos.isArray() || infos.isEmpty()) {
      throw param("/transfer_scene_report_infos", "需传入转账场景报备信息");
    }
    for (JsonNode info : infos) {
      if (!info.path("info_type").isTextual() || info.path("info_type").asText().isEmpty()
          || !info.path("info_content").isTextual()
          || info.path("info_content").asText().isEmpty()) {
        throw param("/transfer_scene_report_infos", "info_type and info_content are required");
      }
    }
  }

  private void checkNotifyUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw param("/notify_url", "not a URL");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw param("/notify_url", "must be an http(s) URL");
    }
    if (uri.getRawQuery() != null) throw param("/notify_url", "must not carry query parameters");
  }

  private String text(JsonNode req, String field, int maxLength, boolean required) {
    JsonNode value = req.get(field);
    if (value == null || value.isNull()) {
      if (required) throw param("/" + field, "required");
      return null;
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw param("/" + field, "must be a non-empty string");
    }
    if (value.asText().length() > maxLength) throw param("/" + field, "longer than " + maxLength);
    return value.asText();
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : sim.mapper.readTree(body);
      if (node == null || !node.isObject()) throw param("/", "body must be a JSON object");
      return node;
    } catch (IOException e) {
      throw param("/", "body is not valid JSON");
    }
  }

  // ---------------------------------------------------------------- answers

  private Answer json(int status, ObjectNode node) {
    return new Answer(status, sim.json(node).getBytes(UTF_8));
  }

  private Answer error(int status, String code, String message) {
    ObjectNode body = sim.mapper.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    return json(status, body);
  }

  private Refused refused(int status, String code, String message) {
    return new Refused(error(status, code, message));
  }

  private Refused param(String field, String issue) {
    ObjectNode body = sim.mapper.createObjectNode();
    body.put("code", "PARAM_ERROR");
    body.put("message", "参数错误: " + field + " " + issue);
    ObjectNode detail = body.putObject("detail");
    detail.put("field", field);
    detail.put("issue", issue);
    detail.put("location", "body");
    return new Refused(json(400, body));
  }

  /** A 4xx answer raised from inside validation. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Answer answer;

    Refused(Answer answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }
}
