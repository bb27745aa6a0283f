package io.unipay.core.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import io.unipay.core.bill.TradeBill;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A provider in memory for engine tests: a real class, not a mock. It keeps trades, signs its
 * notifications with HMAC-SHA256 (so forged ones really fail verification), and can be told to
 * fail the next calls.
 */
public final class FakePayClient implements PayClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Provider provider;
  private final String merchantId;
  private final String appId;
  private final byte[] key = "fake-provider-notification-key!!".getBytes(StandardCharsets.UTF_8);
  private final Map<String, Trade> trades = new ConcurrentHashMap<>();
  private final Map<String, RefundSnapshot> refunds = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<UniPayException> prepayFailures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<RuntimeException> queryFailures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<UniPayException> closeFailures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<UniPayException> refundFailures = new ConcurrentLinkedQueue<>();
  private volatile RefundStatus refundAnswer = RefundStatus.SUCCESS;
  public final AtomicInteger prepayCalls = new AtomicInteger();
  public final AtomicInteger queryCalls = new AtomicInteger();
  public final AtomicInteger closeCalls = new AtomicInteger();
  public final AtomicInteger refundCalls = new AtomicInteger();
  public final AtomicInteger refundQueryCalls = new AtomicInteger();
  private final java.util.Queue<UniPayException> refundFailuresAfterApply =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.Queue<UniPayException> refundQueryFailures =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean requireScan;
  private final FakeTransfers transfers;
  private volatile Clock clock;
  private final FakeBills bills = new FakeBills(this);

  private static final class Trade {
    final PrepayRequest request;
    volatile TradeState state = TradeState.NOT_PAID;
    volatile String transactionId;
    volatile boolean scanned;
    volatile Instant paidAt;

    Trade(PrepayRequest request) {
      this.request = request;
    }
  }

  public FakePayClient(Provider provider) {
    this(provider, provider == Provider.WXPAY ? "1230000109" : "2088102119685838", "app-" + provider.code());
  }

  public FakePayClient(Provider provider, String merchantId, String appId) {
    this.provider = provider;
    this.merchantId = merchantId;
    this.appId = appId;
    this.transfers =
        new FakeTransfers(provider, merchantId, body -> signed(pathFor("transfer"), body));
  }

  /** The provider's transfers (payouts): bills, confirmations, faults. */
  public FakeTransfers transfers() {
    return transfers;
  }

  @Override
  public void checkTransfer(TransferCommand command) {
    transfers.check(command);
  }

  @Override
  public TransferSnapshot transfer(TransferCommand command) {
    return transfers.transfer(command);
  }

  @Override
  public TransferSnapshot queryTransfer(String outBillNo) {
    return transfers.query(outBillNo);
  }

  @Override
  public TransferSnapshot cancelTransfer(String outBillNo) {
    return transfers.cancel(outBillNo);
  }

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public String merchantId() {
    return merchantId;
  }

  @Override
  public Optional<String> appId(PayType payType) {
    return payType.supportedBy(provider) ? Optional.of(appId) : Optional.empty();
  }

  @Override
  public PrepayResult prepay(PrepayRequest request) {
    prepayCalls.incrementAndGet();
    UniPayException failure = prepayFailures.poll();
    if (failure != null) throw failure;
    Trade existing = trades.putIfAbsent(request.outTradeNo(), new Trade(request));
    if (existing != null && existing.request.totalFee() != request.totalFee()) {
      throw new ProviderRejectedException("OUT_TRADE_NO_USED", "used", 403, "reused out_trade_no");
    }
    return new PrepayResult.QrCode("fake://pay/" + request.outTradeNo());
  }

  /** The payer pays at the provider; returns the signed notification the provider would send. */
  public NotifyRequest pay(String outTradeNo) {
    Trade trade = trade(outTradeNo);
    trade.scanned = true;
    trade.state = TradeState.PAID;
    trade.transactionId = "T" + outTradeNo;
    if (trade.paidAt == null) trade.paidAt = now();
    return notification(outTradeNo, trade.request.totalFee(), merchantId);
  }

  /**
   * The provider's times come from {@code clock} from now on (payment success, refund success),
   * so its bills book them on the clock's day; without one they are fixed (2026-01-01T00:00Z).
   */
  public FakePayClient useClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** The provider's trade bills, with the faults a test can inject into them. */
  public FakeBills bills() {
    return bills;
  }

  @Override
  public TradeBill openTradeBill(LocalDate day) {
    return bills.open(day);
  }

  /**
   * A refund made in the provider's console (not through the engine): the provider refunds
   * {@code fee} of the paid trade under a number of its own, which it returns.
   */
  public String consoleRefund(String outTradeNo, long fee) {
    Trade trade = trade(outTradeNo);
    if (!trade.state.isPaid()) throw new IllegalStateException("trade " + outTradeNo + " is not paid");
    String outRefundNo = "console" + (refunds.size() + 1) + outTradeNo;
    refunds.put(outRefundNo,
        new RefundSnapshot(outTradeNo, outRefundNo, "R" + outRefundNo, RefundStatus.SUCCESS, fee,
            now(), ""));
    trade.state = TradeState.REFUNDED;
    return outRefundNo;
  }

  Instant now() {
    Clock c = clock;
    return c != null ? c.instant() : Instant.parse("2026-01-01T00:00:00Z");
  }

  /** Paid trades as the bill lists them: out_trade_no, amount, transaction id, paid at. */
  java.util.List<FakeBills.Paid> paidTrades() {
    java.util.List<FakeBills.Paid> paid = new java.util.ArrayList<>();
    trades.forEach((no, t) -> {
      if (t.state.isPaid() && t.paidAt != null) {
        paid.add(new FakeBills.Paid(no, t.request.totalFee(), t.transactionId, t.paidAt));
      }
    });
    return paid;
  }

  /** Every refund the provider has. */
  java.util.Collection<RefundSnapshot> refundsAtProvider() {
    return refunds.values();
  }

  /** A signed payment notification with chosen amount and merchant (for cross-check tests). */
  public NotifyRequest notification(String outTradeNo, long totalFee, String merchant) {
    return notification(outTradeNo, totalFee, merchant, TradeState.PAID);
  }

  /** A signed notification of a trade in {@code state}. */
  public NotifyRequest notification(
      String outTradeNo, long totalFee, String merchant, TradeState state) {
    ObjectNode body = JSON.createObjectNode();
    body.put("state", state.name());
    body.put("kind", "payment");
    body.put("out_trade_no", outTradeNo);
    body.put("transaction_id", "T" + outTradeNo);
    body.put("total", totalFee);
    body.put("mchid", merchant);
    body.put("appid", appId);
    Trade known = trades.get(outTradeNo);
    if (known != null && known.paidAt != null) body.put("paid_at", known.paidAt.toString());
    return signed(pathFor("native"), body);
  }

  /** A signed payment notification naming the payer (e.g. a hostile but genuine value). */
  public NotifyRequest notificationWithPayer(String outTradeNo, String payer) {
    Trade trade = trade(outTradeNo);
    ObjectNode body = JSON.createObjectNode();
    body.put("state", TradeState.PAID.name());
    body.put("kind", "payment");
    body.put("out_trade_no", outTradeNo);
    body.put("transaction_id", "T" + outTradeNo);
    body.put("total", trade.request.totalFee());
    body.put("mchid", merchantId);
    body.put("appid", appId);
    body.put("payer", payer);
    return signed(pathFor("native"), body);
  }

  /** A signed refund notification. */
  public NotifyRequest refundNotification(String outTradeNo, String outRefundNo, RefundStatus status, long fee) {
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "refund");
    body.put("out_trade_no", outTradeNo);
    body.put("out_refund_no", outRefundNo);
    body.put("status", status.name());
    body.put("refund", fee);
    return signed(pathFor("refund"), body);
  }

  /**
   * The provider refunds a paid trade on its own, like Apple's {@code REFUND}: the trade turns
   * REFUNDED and the returned notification reports the refund (number {@link
   * #providerRefundNo}); a refund query answers it from then on.
   */
  public NotifyRequest providerRefund(String outTradeNo, long fee) {
    Trade trade = trade(outTradeNo);
    trade.state = TradeState.REFUNDED;
    trade.transactionId = "T" + outTradeNo;
    refunds.put(
        providerRefundNo(outTradeNo),
        new RefundSnapshot(
            outTradeNo, providerRefundNo(outTradeNo), "PR" + outTradeNo, RefundStatus.SUCCESS, fee,
            Instant.now(), ""));
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "provider-refund");
    body.put("out_trade_no", outTradeNo);
    body.put("total", trade.request.totalFee());
    body.put("refund", fee);
    return signed(pathFor("native"), body);
  }

  /** The refund number this fake derives for its own refund of a trade. */
  public static String providerRefundNo(String outTradeNo) {
    return "P" + outTradeNo;
  }

  /**
   * A purchase the paying client reports: the proof is the provider transaction id, and the
   * client names the order (as with Apple's legacy receipts). A trade refunded at the provider
   * reports its refund through {@link #providerRefund(TradeSnapshot)}.
   */
  @Override
  public TradeSnapshot verifyPurchase(String outTradeNo, String clientProof) {
    Trade trade = trade(outTradeNo);
    if (!trade.state.isPaid()) {
      throw new UniPayException(ErrorCode.INVALID_ARGUMENT, "not paid at the fake provider");
    }
    return snapshot(outTradeNo, trade.request.totalFee(), merchantId, trade.state, clientProof);
  }

  @Override
  public Optional<RefundSnapshot> providerRefund(TradeSnapshot verified) {
    if (verified.state() != TradeState.REFUNDED) return Optional.empty();
    return Optional.ofNullable(refunds.get(providerRefundNo(verified.outTradeNo())));
  }

  /** A signed notification of an event type the engine does not know. */
  public NotifyRequest eventNotification(String eventType, String outTradeNo) {
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "other");
    body.put("event_type", eventType);
    body.put("out_trade_no", outTradeNo);
    return signed(pathFor("native"), body);
  }

  /**
   * Like Alipay's precreate: a trade exists at the provider only once the payer scans the code
   * ({@link #scan}); before that, query and close answer "no such trade".
   */
  public void requireScan(boolean on) {
    this.requireScan = on;
  }

  /** The payer scans the code: the trade now exists, unpaid. */
  public void scan(String outTradeNo) {
    Trade trade = trade(outTradeNo);
    trade.scanned = true;
    if (trade.state == TradeState.CLOSED) trade.state = TradeState.NOT_PAID;
  }

  /** The next refund is applied at the provider, but its answer is lost ({@code e} is thrown). */
  public void failNextRefundAfterApplying(UniPayException e) {
    refundFailuresAfterApply.add(e);
  }

  /** The next refund query fails with {@code e}. */
  public void failNextRefundQuery(UniPayException e) {
    refundQueryFailures.add(e);
  }

  /** The sum refunded at the provider (SUCCESS or PROCESSING refunds) for a trade. */
  public long refundedAtProvider(String outTradeNo) {
    return refunds.values().stream()
        .filter(r -> r.outTradeNo().equals(outTradeNo) && r.status() != RefundStatus.CLOSED)
        .mapToLong(RefundSnapshot::refundFee)
        .sum();
  }

  /** The provider's view of one refund, or null. */
  public RefundSnapshot refundAtProvider(String outRefundNo) {
    return refunds.get(outRefundNo);
  }

  public String pathFor(String last) {
    return "/notify/" + provider.code() + "/" + last;
  }

  private NotifyRequest signed(String path, ObjectNode body) {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    return NotifyRequest.post(path, Map.of("X-Fake-Signature", sign(bytes)), bytes);
  }

  public void setTradeState(String outTradeNo, TradeState state) {
    Trade trade = trade(outTradeNo);
    trade.state = state;
    if (state.isPaid()) {
      trade.transactionId = "T" + outTradeNo;
      if (trade.paidAt == null) trade.paidAt = now();
    }
  }

  public TradeState tradeState(String outTradeNo) {
    return trade(outTradeNo).state;
  }

  public void failNextPrepay(UniPayException e) {
    prepayFailures.add(e);
  }

  public void failNextQuery(UniPayException e) {
    queryFailures.add(e);
  }

  /** The next query throws {@code e}, which need not be a UniPayException (a client bug). */
  public void failNextQueryWith(RuntimeException e) {
    queryFailures.add(e);
  }

  public void failNextClose(UniPayException e) {
    closeFailures.add(e);
  }

  public void failNextRefund(UniPayException e) {
    refundFailures.add(e);
  }

  public void answerRefundsWith(RefundStatus status) {
    this.refundAnswer = status;
  }

  /** Settles a refund at the provider (what a later query will say). */
  public void setRefundStatus(String outRefundNo, RefundStatus status) {
    RefundSnapshot r = refunds.get(outRefundNo);
    refunds.put(outRefundNo, new RefundSnapshot(r.outTradeNo(), outRefundNo, r.refundId(), status, r.refundFee(), now(), ""));
  }

  private Trade trade(String outTradeNo) {
    Trade trade = trades.get(outTradeNo);
    if (trade == null) throw new IllegalStateException("no fake trade " + outTradeNo);
    return trade;
  }

  @Override
  public TradeSnapshot query(String outTradeNo) {
    queryCalls.incrementAndGet();
    RuntimeException failure = queryFailures.poll();
    if (failure != null) throw failure;
    Trade trade = trades.get(outTradeNo);
    if (trade == null || (requireScan && !trade.scanned)) return TradeSnapshot.notFound(outTradeNo);
    return snapshot(outTradeNo, trade.request.totalFee(), merchantId, trade.state, trade.transactionId,
        trade.paidAt);
  }

  private TradeSnapshot snapshot(
      String outTradeNo, long total, String merchant, TradeState state, String txId) {
    return snapshot(outTradeNo, total, merchant, state, txId, null);
  }

  private TradeSnapshot snapshot(
      String outTradeNo, long total, String merchant, TradeState state, String txId, Instant paidAt) {
    Instant at = paidAt != null ? paidAt : Instant.parse("2026-01-01T00:00:00Z");
    return new TradeSnapshot(
        outTradeNo, state, txId, total, "CNY", appId, merchant, "payer-1",
        state.isPaid() ? at : null, "{\"fake\":true}");
  }

  @Override
  public CloseResult close(String outTradeNo) {
    closeCalls.incrementAndGet();
    UniPayException failure = closeFailures.poll();
    if (failure != null) throw failure;
    Trade trade = trades.get(outTradeNo);
    if (trade == null || (requireScan && !trade.scanned)) return CloseResult.NOT_FOUND;
    if (trade.state.isPaid()) return CloseResult.ALREADY_PAID;
    trade.state = TradeState.CLOSED;
    return CloseResult.CLOSED;
  }

  @Override
  public RefundSnapshot refund(RefundCommand command) {
    refundCalls.incrementAndGet();
    UniPayException failure = refundFailures.poll();
    if (failure != null) throw failure;
    RefundSnapshot existing = refunds.get(command.outRefundNo());
    if (existing != null) return existing;
    RefundSnapshot result =
        new RefundSnapshot(
            command.outTradeNo(), command.outRefundNo(), "R" + command.outRefundNo(), refundAnswer,
            command.refundFee(), refundAnswer == RefundStatus.SUCCESS ? now() : null, "");
    refunds.put(command.outRefundNo(), result);
    UniPayException lost = refundFailuresAfterApply.poll();
    if (lost != null) throw lost;
    return result;
  }

  @Override
  public RefundSnapshot queryRefund(String outTradeNo, String outRefundNo) {
    refundQueryCalls.incrementAndGet();
    UniPayException failure = refundQueryFailures.poll();
    if (failure != null) throw failure;
    RefundSnapshot r = refunds.get(outRefundNo);
    if (r == null) {
      throw new ProviderRejectedException(
          "RESOURCE_NOT_EXISTS", "no such refund", 404, "refund query " + outRefundNo,
          ProviderRejectedException.Verdict.NOT_FOUND);
    }
    return r;
  }

  @Override
  public ProviderNotification parseNotification(NotifyRequest request) {
    String signature = request.header("x-fake-signature").orElseThrow(
        () -> new NotifyRejectedException(ErrorCode.NOTIFY_REJECTED, "MISSING_HEADER", "no signature"));
    if (!signature.equals(sign(request.body()))) {
      throw new NotifyRejectedException(ErrorCode.SIGNATURE_INVALID, "BAD_SIGNATURE", "signature mismatch");
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (java.io.IOException e) {
      throw new NotifyRejectedException(ErrorCode.NOTIFY_REJECTED, "MALFORMED", "not JSON");
    }
    if (body.path("kind").asText().equals("refund")) {
      return new ProviderNotification.RefundResult(
          new RefundSnapshot(
              body.path("out_trade_no").asText(), body.path("out_refund_no").asText(), null,
              RefundStatus.valueOf(body.path("status").asText()), body.path("refund").asLong(),
              now(), body.toString()));
    }
    if (body.path("kind").asText().equals("transfer")) return transfers.parse(body);
    String outTradeNo = body.path("out_trade_no").asText();
    if (body.path("kind").asText().equals("provider-refund")) {
      return new ProviderNotification.ProviderRefund(
          snapshot(outTradeNo, body.path("total").asLong(), merchantId, TradeState.REFUNDED,
              "T" + outTradeNo),
          new RefundSnapshot(
              outTradeNo, providerRefundNo(outTradeNo), "PR" + outTradeNo, RefundStatus.SUCCESS,
              body.path("refund").asLong(), Instant.now(), body.toString()));
    }
    if (body.path("kind").asText().equals("other")) {
      return new ProviderNotification.Unrecognized(
          body.path("event_type").asText(), outTradeNo, body.toString());
    }
    TradeSnapshot trade =
        snapshot(outTradeNo, body.path("total").asLong(), body.path("mchid").asText(),
            TradeState.valueOf(body.path("state").asText("PAID")),
            body.path("transaction_id").asText(),
            body.has("paid_at") ? Instant.parse(body.path("paid_at").asText()) : null);
    if (body.has("payer")) {
      trade = new TradeSnapshot(
          trade.outTradeNo(), trade.state(), trade.transactionId(), trade.totalFee(),
          trade.currency(), trade.appId(), trade.merchantId(), body.path("payer").asText(),
          trade.paidAt(), body.toString() + "\u0000" + body.path("payer").asText());
    }
    return new ProviderNotification.Payment(trade);
  }

  @Override
  public NotifyResponse acknowledge(boolean success, String message) {
    return success
        ? new NotifyResponse(204, "", "", true)
        : new NotifyResponse(500, "application/json", "{\"code\":\"FAIL\",\"message\":\"" + message + "\"}", false);
  }

  private String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
