package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.testkit.wechat.ApiReplies.BadRequest;
import io.unipay.testkit.wechat.ApiReplies.Reply;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;

/**
 * Routes and answers the simulator's API requests: faults, the merchant's signature, routing to
 * the endpoints ({@link TradeEndpoints}, {@link RefundEndpoints}, transfer bills, bills), the
 * platform certificates, and the signed answer.
 */
final class SimulatorDispatcher extends Dispatcher {
  private static final String SCHEME = "WECHATPAY2-SHA256-RSA2048 ";
  private static final long REQUEST_WINDOW_SECONDS = 300;

  private final WechatPaySimulator sim;
  private final ApiReplies replies;
  private final TradeEndpoints trades;
  private final RefundEndpoints refunds;

  SimulatorDispatcher(WechatPaySimulator sim) {
    this.sim = sim;
    this.replies = new ApiReplies(sim);
    this.trades = new TradeEndpoints(sim, replies);
    this.refunds = new RefundEndpoints(sim, replies);
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
      reply = replies.error(401, "SIGN_ERROR", authFailure);
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
      case RATE_LIMITED -> replies.error(429, "FREQUENCY_LIMITED", "频率超限");
      case SIGN_ERROR -> replies.error(401, "SIGN_ERROR", "签名错误");
      case NO_AUTH -> replies.error(403, "NO_AUTH", "商户无权限");
      case UNKNOWN_ERROR_CODE -> replies.error(400, "SIMULATED_UNKNOWN_CODE", "未知错误 (simulated)");
      default -> replies.error(500, "SYSTEM_ERROR", "系统错误");
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
          return trades.prepay(type, replies.parse(body));
      }
      if (segments.size() >= 5 && segments.get(3).equals("out-trade-no")) {
        String outTradeNo = segments.get(4);
        if (method.equals("GET") && segments.size() == 5) {
          trades.requireMchidQuery(request);
          return trades.query(outTradeNo);
        }
        if (method.equals("POST") && segments.size() == 6 && segments.get(5).equals("close")) {
          return trades.close(outTradeNo, replies.parse(body));
        }
      }
      if (method.equals("GET") && segments.size() == 5 && segments.get(3).equals("id")) {
        trades.requireMchidQuery(request);
        return trades.queryByTransactionId(segments.get(4));
      }
    }
    if (path.equals("/v3/refund/domestic/refunds") && method.equals("POST")) {
      return refunds.refund(replies.parse(body));
    }
    if (path.startsWith("/v3/refund/domestic/refunds/")
        && method.equals("GET")
        && segments.size() == 5) {
      return refunds.queryRefund(segments.get(4));
    }
    return replies.error(404, "NOT_FOUND", "no such API: " + method + " " + path);
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
}
