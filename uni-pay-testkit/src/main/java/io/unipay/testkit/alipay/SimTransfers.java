package io.unipay.testkit.alipay;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The simulator's single transfers to Alipay accounts: {@code alipay.fund.trans.uni.transfer}
 * ({@code product_code} {@code TRANS_ACCOUNT_NO_PWD}, {@code biz_scene} {@code DIRECT_TRANSFER})
 * and {@code alipay.fund.trans.common.query}, in certificate mode only (a public-key-mode gateway
 * answers 40006). Obtain it from {@link AlipaySimulator#transfers()}.
 *
 * <p>A transfer succeeds at once ({@code SUCCESS}) unless {@link #keepDealing(boolean)} holds new
 * ones in {@code DEALING} until {@link #complete} or {@link #fail}. Creating is idempotent per
 * {@code out_biz_no}: the same content answers the existing transfer, other content is {@code
 * PAYMENT_INFO_INCONSISTENCY}. Amounts are checked as Alipay documents ([0.1, 100000000] yuan,
 * at most 2 decimals); the merchant's balance ({@link #balance(long)}) is debited by each
 * transfer and credited back when it fails. A query for a number the simulator does not hold is
 * {@code ORDER_NOT_EXIST}; {@link SimulatorFaults#transferNotVisibleFor(int)} gives the same for
 * a transfer that exists (Alipay's record may trail the answer). Faults go through {@link
 * AlipaySimulator#faults()} by method name ({@link #TRANSFER}, {@link #QUERY}); {@link
 * Fault#SYSTEM_ERROR} answers {@code sub_code} {@code SYSTEM_ERROR} here. Thread-safe.
 */
public final class SimTransfers {
  /** The transfer method. */
  public static final String TRANSFER = "alipay.fund.trans.uni.transfer";
  /** The query method. */
  public static final String QUERY = "alipay.fund.trans.common.query";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern USER_ID = Pattern.compile("2088[0-9]{12}");
  private static final long UNLIMITED = Long.MAX_VALUE / 4;

  private final AlipaySimulator sim;
  /** Guarded by {@code sim.lock}. */
  final Map<String, SimTransfer> transfers = new LinkedHashMap<>();

  private final Map<String, Integer> createRequests = new HashMap<>();
  private boolean keepDealing;
  private long balance = UNLIMITED;

  SimTransfers(AlipaySimulator sim) {
    this.sim = sim;
  }

  // ---------------------------------------------------------------- controls

  /** Whether new transfers stay {@code DEALING} until completed or failed (default false). */
  public SimTransfers keepDealing(boolean keep) {
    synchronized (sim.lock) {
      keepDealing = keep;
    }
    return this;
  }

  /** A DEALING transfer succeeds. */
  public void complete(String outBizNo) {
    synchronized (sim.lock) {
      SimTransfer t = require(outBizNo, "DEALING", "complete");
      t.status = "SUCCESS";
      t.paidAt = sim.clock.instant();
    }
  }

  /** A DEALING transfer fails with {@code errorCode} and {@code reason}; the money is returned. */
  public void fail(String outBizNo, String errorCode, String reason) {
    requireNonNull(errorCode, "errorCode == null");
    requireNonNull(reason, "reason == null");
    synchronized (sim.lock) {
      SimTransfer t = require(outBizNo, "DEALING", "fail");
      t.status = "FAIL";
      t.errorCode = errorCode;
      t.failReason = reason;
      balance += t.fen;
    }
  }

  /** A transfer that succeeded is returned (退票, {@code REFUND}); the money comes back. */
  public void bounce(String outBizNo, String reason) {
    requireNonNull(reason, "reason == null");
    synchronized (sim.lock) {
      SimTransfer t = require(outBizNo, "SUCCESS", "bounce");
      t.status = "REFUND";
      t.errorCode = "REFUND";
      t.failReason = reason;
      balance += t.fen;
    }
  }

  /** Sets the payer's available balance in fen (default: practically unlimited). */
  public SimTransfers balance(long fen) {
    if (fen < 0) throw new IllegalArgumentException("balance < 0: " + fen);
    synchronized (sim.lock) {
      balance = fen;
    }
    return this;
  }

  /** The payer's available balance in fen. */
  public long balance() {
    synchronized (sim.lock) {
      return balance;
    }
  }

  // ---------------------------------------------------------------- what the simulator holds

  /** The transfer with this out_biz_no, if the simulator holds one. */
  public Optional<SimulatedTransfer> transfer(String outBizNo) {
    synchronized (sim.lock) {
      SimTransfer t = transfers.get(outBizNo);
      return t == null ? Optional.empty() : Optional.of(t.view());
    }
  }

  /** Every transfer the simulator holds, oldest first. */
  public List<SimulatedTransfer> all() {
    synchronized (sim.lock) {
      List<SimulatedTransfer> all = new ArrayList<>();
      for (SimTransfer t : transfers.values()) all.add(t.view());
      return List.copyOf(all);
    }
  }

  /** How many transfers (money movements) the simulator holds for {@code outBizNo}: 0 or 1. */
  public int count(String outBizNo) {
    synchronized (sim.lock) {
      return (int) transfers.values().stream().filter(t -> t.outBizNo.equals(outBizNo)).count();
    }
  }

  /** How many transfer calls naming {@code outBizNo} the gateway handled (faults before excluded). */
  public int createRequests(String outBizNo) {
    synchronized (sim.lock) {
      return createRequests.getOrDefault(outBizNo, 0);
    }
  }

  // ---------------------------------------------------------------- gateway methods

  /** {@code alipay.fund.trans.uni.transfer}. */
  Map<String, Object> create(Map<String, String> params) {
    if (!sim.certificateMode) return publicKeyMode();
    Map<String, String> biz = SimGateway.biz(params);
    String outBizNo = biz.get("out_biz_no");
    if (outBizNo == null || outBizNo.isEmpty() || outBizNo.length() > 64) {
      return invalid("out_biz_no不能为空且不超过64位");
    }
    synchronized (sim.lock) {
      createRequests.merge(outBizNo, 1, Integer::sum);
    }
    if (!"TRANS_ACCOUNT_NO_PWD".equals(biz.get("product_code"))) {
      return invalid("product_code必须为TRANS_ACCOUNT_NO_PWD");
    }
    if (!"DIRECT_TRANSFER".equals(biz.get("biz_scene"))) return invalid("biz_scene必须为DIRECT_TRANSFER");
    long fen;
    try {
      BigDecimal yuan = new BigDecimal(biz.getOrDefault("trans_amount", ""));
      if (yuan.scale() > 2 || yuan.compareTo(new BigDecimal("100000000")) > 0) {
        return invalid("trans_amount格式错误");
      }
      if (yuan.compareTo(new BigDecimal("0.1")) < 0) {
        return SimGateway.error("40004", "Business Failed", "EXCEED_LIMIT_SM_MIN_AMOUNT", "单笔最低转账金额0.1元");
      }
      fen = yuan.movePointRight(2).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return invalid("trans_amount格式错误");
    }
    String title = biz.get("order_title");
    String remark = biz.get("remark");
    if (title != null && title.length() > 128) return invalid("order_title超长");
    if (remark != null && remark.length() > 200) return invalid("remark超长");
    JsonNode payee;
    try {
      payee = JSON.readTree(biz.getOrDefault("payee_info", "null"));
    } catch (IOException e) {
      return invalid("payee_info格式错误");
    }
    String identity = payee == null ? "" : payee.path("identity").asText("");
    String type = payee == null ? "" : payee.path("identity_type").asText("");
    String name = payee == null || payee.path("name").asText("").isEmpty() ? null : payee.path("name").asText();
    if (identity.isEmpty()) return invalid("收款方账号不能为空");
    if (!List.of("ALIPAY_USER_ID", "ALIPAY_OPEN_ID", "ALIPAY_LOGON_ID").contains(type)) {
      return invalid("identity_type不支持: " + type);
    }
    if (type.equals("ALIPAY_LOGON_ID") && name == null) return invalid("收款方为登录号时姓名必填");
    if (type.equals("ALIPAY_USER_ID") && !USER_ID.matcher(identity).matches()) {
      return SimGateway.error("40004", "Business Failed", "PAYEE_NOT_EXIST", "收款账号不存在");
    }
    synchronized (sim.lock) {
      SimTransfer t = transfers.get(outBizNo);
      if (t != null) {
        if (!t.request.equals(biz)) {
          return SimGateway.error("40004", "Business Failed", "PAYMENT_INFO_INCONSISTENCY", "两次请求商户单号一样，但是参数不一致");
        }
      } else {
        if (fen > balance) {
          return SimGateway.error("40004", "Business Failed", "PAYER_BALANCE_NOT_ENOUGH", "付款方余额不足");
        }
        balance -= fen;
        t = new SimTransfer(outBizNo, sim.newTradeNo(), sim.newTradeNo(), fen, identity, type, name,
            title, remark, Map.copyOf(biz), sim.clock.instant(), keepDealing ? "DEALING" : "SUCCESS");
        transfers.put(outBizNo, t);
      }
      Map<String, Object> r = ok();
      r.put("out_biz_no", t.outBizNo);
      r.put("order_id", t.orderId);
      r.put("pay_fund_order_id", t.payFundOrderId);
      r.put("status", t.status);
      r.put("trans_date", AlipaySimulator.TIME.format(t.createdAt));
      return r;
    }
  }

  /** {@code alipay.fund.trans.common.query} by {@code out_biz_no} (or {@code order_id}). */
  Map<String, Object> query(Map<String, String> params) {
    if (!sim.certificateMode) return publicKeyMode();
    Map<String, String> biz = SimGateway.biz(params);
    String outBizNo = biz.get("out_biz_no");
    String orderId = biz.get("order_id");
    if (outBizNo != null && (!"TRANS_ACCOUNT_NO_PWD".equals(biz.get("product_code"))
        || !"DIRECT_TRANSFER".equals(biz.get("biz_scene")))) {
      return invalid("传入out_biz_no时product_code和biz_scene必填");
    }
    synchronized (sim.lock) {
      SimTransfer t = null;
      for (SimTransfer x : transfers.values()) {
        if (x.outBizNo.equals(outBizNo) || x.orderId.equals(orderId)) t = x;
      }
      if (t == null) return SimGateway.error("40004", "Business Failed", "ORDER_NOT_EXIST", "转账订单不存在");
      Map<String, Object> r = ok();
      r.put("order_id", t.orderId);
      r.put("pay_fund_order_id", t.payFundOrderId);
      r.put("out_biz_no", t.outBizNo);
      r.put("status", t.status);
      if (t.status.equals("SUCCESS")) {
        r.put("trans_amount", AlipaySimulator.yuan(t.fen));
        r.put("pay_date", AlipaySimulator.TIME.format(t.paidAt));
      }
      if (t.errorCode != null) r.put("error_code", t.errorCode);
      if (t.failReason != null) r.put("fail_reason", t.failReason);
      return r;
    }
  }

  /** The most recent transfer other than {@code outBizNo} (for {@link Fault#ANOTHER_ORDER}). */
  String latestOther(String outBizNo) {
    synchronized (sim.lock) {
      String found = null;
      for (String no : transfers.keySet()) {
        if (!no.equals(outBizNo)) found = no;
      }
      if (found == null) {
        throw new IllegalStateException("ANOTHER_ORDER: the simulator holds no other transfer than " + outBizNo);
      }
      return found;
    }
  }

  private SimTransfer require(String outBizNo, String status, String verb) {
    SimTransfer t = transfers.get(outBizNo);
    if (t == null) throw new IllegalStateException("the simulator has no transfer " + outBizNo);
    if (!t.status.equals(status)) {
      throw new IllegalStateException("transfer " + outBizNo + " is " + t.status + ", cannot " + verb);
    }
    return t;
  }

  private static Map<String, Object> publicKeyMode() {
    return SimGateway.error("40006", "Insufficient Permissions", "isv.insufficient-isv-permissions",
        "资金支出类接口须使用公钥证书模式加签");
  }

  private static Map<String, Object> invalid(String message) {
    return SimGateway.error("40004", "Business Failed", "INVALID_PARAMETER", message);
  }

  private static Map<String, Object> ok() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", "10000");
    m.put("msg", "Success");
    return m;
  }
}
