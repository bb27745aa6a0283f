package io.unipay.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.service.payments.model.Transaction;
import io.unipay.core.NotifyRequest;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SignedForm;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The official SDKs on the notifications of {@link NotifyBenchmarks}, used as their documentation
 * shows, on the JDK's providers (they take no provider): wechatpay-java {@code
 * NotificationParser.parse} and alipay-sdk-java {@code AlipaySignature.rsaCheckV1(…, "RSA2")}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SdkBenchmarks {
  private WechatPaySimulator wechatSim;
  private AlipaySimulator alipaySim;
  private NotificationParser parser;
  private NotifyRequest wechatRequest;
  private Map<String, String> alipayFields;
  private String alipayPublicKey;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    wechatSim = WechatPaySimulator.start();
    alipaySim = AlipaySimulator.start();
    wechatRequest = Notifications.wechat(wechatSim, "BENCH0000000000000000000000000001", 100);
    SignedForm form =
        Notifications.alipayForm(alipaySim, "BENCH0000000000000000000000000001", 8888);
    alipayFields = Map.copyOf(form.fields());
    alipayPublicKey = Notifications.pemBody(alipaySim.alipayPublicKeyPem());
    parser =
        new NotificationParser(
            new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(NotifyBenchmarks.publicKey(wechatSim.platformPublicKeyPem()))
                .publicKeyId(wechatSim.publicKeyId())
                .apiV3Key(wechatSim.apiV3Key())
                .build());
    if (!"SUCCESS".equals(sdkWechat().getTradeState().name()) || !sdkAlipay()) {
      throw new IllegalStateException("the official SDKs do not accept the notifications");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wechatSim.close();
    alipaySim.close();
  }

  /** wechatpay-java: headers and body in, Transaction out (String body, as its API takes). */
  @Benchmark
  public Transaction sdkWechat() {
    RequestParam param =
        new RequestParam.Builder()
            .serialNumber(wechatRequest.header("Wechatpay-Serial").orElseThrow())
            .nonce(wechatRequest.header("Wechatpay-Nonce").orElseThrow())
            .signature(wechatRequest.header("Wechatpay-Signature").orElseThrow())
            .timestamp(wechatRequest.header("Wechatpay-Timestamp").orElseThrow())
            .signType("WECHATPAY2-SHA256-RSA2048")
            .body(new String(wechatRequest.body(), UTF_8))
            .build();
    return parser.parse(param, Transaction.class);
  }

  /** alipay-sdk-java: the decoded form fields in (it mutates the map, so a copy per call). */
  @Benchmark
  public boolean sdkAlipay() throws AlipayApiException {
    return AlipaySignature.rsaCheckV1(
        new HashMap<>(alipayFields), alipayPublicKey, "utf-8", "RSA2");
  }
}
