package io.unipay.core.scenarios;

import io.unipay.core.NotifyResponse;
import io.unipay.core.NotifyRequest;
import io.unipay.core.fake.FakeTransfers;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.Payee;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferEvent;
import io.unipay.core.transfer.TransferHandler;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferRequest;
import io.unipay.core.transfer.TransferSettings;
import io.unipay.core.transfer.TransferStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An {@link EdgeEngine} with transfers: a transfer repository on the engine's database, the two
 * fake providers' bills, and a recording {@link TransferHandler} for type {@code withdraw}.
 */
public final class TransferRig {
  public static final String APP_ID = "wx-mini-app-1";
  public static final String OPENID = "o-payee-openid-1";

  public final EdgeEngine engine;
  public final TransferRepository transfers;
  public final Handler handler = new Handler();

  public TransferRig(OrderRepository orders, TransferRepository transfers) {
    this(orders, transfers, b -> b, b -> b);
  }

  public TransferRig(
      OrderRepository orders, TransferRepository transfers,
      UnaryOperator<TransferSettings.Builder> settings,
      UnaryOperator<io.unipay.core.UniPay.Builder> config) {
    this.transfers = transfers;
    TransferSettings built =
        settings.apply(TransferSettings.builder().repository(transfers).handler("withdraw", handler))
            .build();
    this.engine = new EdgeEngine(orders, b -> config.apply(b.transfers(built)));
  }

  /** A WeChat withdrawal of {@code amount} fen to the test payee, without a real name. */
  public TransferRequest.Builder wechat(String transferNo, long amount) {
    return TransferRequest.builder()
        .transferNo(transferNo)
        .type("withdraw")
        .provider(Provider.WXPAY)
        .wechatPayee(OPENID, null)
        .amount(amount)
        .remark("余额提现")
        .sceneId("1000")
        .sceneReportInfo("活动名称", "新年红包")
        .sceneReportInfo("奖励说明", "抽奖一等奖")
        .userRecvPerception("现金奖励")
        .appId(APP_ID);
  }

  /** An Alipay withdrawal of {@code amount} fen to an Alipay user id. */
  public TransferRequest.Builder alipay(String transferNo, long amount) {
    return TransferRequest.builder()
        .transferNo(transferNo)
        .type("withdraw")
        .provider(Provider.ALIPAY)
        .payee(new Payee("2088000000000001", Payee.IdType.ALIPAY_USER_ID, null))
        .amount(amount)
        .remark("余额提现")
        .title("提现");
  }

  public FakeTransfers fake(Provider provider) {
    return engine.client(provider).transfers();
  }

  public NotifyResponse deliver(NotifyRequest notification) {
    return engine.pay.handleNotify(notification);
  }

  public Transfer stored(String transferNo) {
    return transfers.find(transferNo).orElseThrow();
  }

  /** The outcomes of every ledger fact about a transfer's out_bill_no, oldest first. */
  public List<EventOutcome> facts(String outBillNo) {
    return engine.pay.ledger().events(outBillNo).stream().map(ProviderEvent::outcome).toList();
  }

  /** Counts handler runs per transfer; can be told to fail. */
  public static final class Handler implements TransferHandler {
    public final AtomicInteger failuresLeft = new AtomicInteger();
    public final AtomicInteger attempts = new AtomicInteger();
    public final Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
    public final List<TransferEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onTransferred(TransferEvent event) {
      run(event, succeeded);
    }

    @Override
    public void onTransferFailed(TransferEvent event) {
      run(event, failed);
    }

    private void run(TransferEvent event, Map<String, AtomicInteger> runs) {
      attempts.incrementAndGet();
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("wallet service down");
      }
      if (event.transfer().status() != TransferStatus.SUCCESS
          && runs == succeeded) {
        throw new AssertionError("onTransferred for " + event.transfer().status());
      }
      runs.computeIfAbsent(event.transfer().transferNo(), k -> new AtomicInteger()).incrementAndGet();
      events.add(event);
    }

    public int succeeded(String transferNo) {
      AtomicInteger n = succeeded.get(transferNo);
      return n == null ? 0 : n.get();
    }

    public int failed(String transferNo) {
      AtomicInteger n = failed.get(transferNo);
      return n == null ? 0 : n.get();
    }

    /** Every run of either method. */
    public int runs() {
      return succeeded.values().stream().mapToInt(AtomicInteger::get).sum()
          + failed.values().stream().mapToInt(AtomicInteger::get).sum();
    }
  }
}
