package io.unipay.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.UniPay;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.internal.Crypto;
import io.unipay.wechat.internal.Pem;
import io.unipay.wechat.internal.RequestSigner;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The outbound side, one thread, per provider: request signing alone; {@code createOrder} (WeChat
 * native, in-memory repository) against the simulator on loopback; and the same signed prepay
 * request sent by a bare OkHttp client ({@code simulatorRoundTrip}: signing + HTTP + the
 * simulator's own work, no library), so that createOrder − roundTrip − one RSA verify is what the
 * library adds.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CreateOrderBenchmarks {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final DateTimeFormatter EXPIRE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.ofHours(8));

  @Param({"jdk", "corretto"})
  public String provider;

  private WechatPaySimulator sim;
  private WechatPayClient client;
  private UniPay uniPay;
  private RequestSigner signer;
  private OkHttpClient bare;
  private byte[] signedBody;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    java.security.Provider jca = JcaChoice.named(provider);
    sim = WechatPaySimulator.start();
    client = Notifications.wechatClient(sim, jca);
    uniPay =
        UniPay.builder()
            .repository(new InMemoryOrderRepository())
            .payClient(client)
            .handler("vip", event -> {})
            .notifyBaseUrl("https://shop.example.com/pay/notify")
            .build();
    signer =
        new RequestSigner(
            sim.mchid(),
            sim.merchantSerialNumber(),
            Pem.privateKey(sim.merchantPrivateKeyPem(), "merchantPrivateKey"),
            new Crypto(jca));
    bare = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    signedBody = prepayBody("BENCHSIGN000000000000000000000001");
    if (createOrder().payload() == null || simulatorRoundTrip() != 200) {
      throw new IllegalStateException("the simulator refused the prepay");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    bare.dispatcher().executorService().shutdown();
    bare.connectionPool().evictAll();
    sim.close();
  }

  /** The Authorization header of a typical prepay request (about 300 body bytes). */
  @Benchmark
  public String requestSigning() {
    return signer.authorization(
        "POST",
        "/v3/pay/transactions/native",
        1767225600L,
        "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
        signedBody);
  }

  @Benchmark
  public CreateOrderResult createOrder() {
    return uniPay.createOrder(
        CreateOrderRequest.builder()
            .type("vip")
            .orderNo("bench-" + provider + "-" + (++sequence))
            .provider(Provider.WXPAY)
            .payType(PayType.NATIVE)
            .totalFee(100)
            .description("VIP 30 days")
            .build());
  }

  @Benchmark
  public int simulatorRoundTrip() throws IOException {
    String outTradeNo = "RT" + provider.charAt(0) + String.format("%029d", ++sequence);
    byte[] body = prepayBody(outTradeNo);
    long now = System.currentTimeMillis() / 1000;
    String nonce = Long.toHexString(Double.doubleToLongBits(Math.random()));
    Request request =
        new Request.Builder()
            .url(sim.baseUrl() + "/v3/pay/transactions/native")
            .header(
                "Authorization",
                signer.authorization("POST", "/v3/pay/transactions/native", now, nonce, body))
            .header("Accept", "application/json")
            .post(RequestBody.create(body, JSON))
            .build();
    try (Response response = bare.newCall(request).execute()) {
      response.body().bytes();
      return response.code();
    }
  }

  private byte[] prepayBody(String outTradeNo) {
    return ("{\"appid\":\""
            + sim.appId()
            + "\",\"mchid\":\""
            + sim.mchid()
            + "\","
            + "\"description\":\"VIP 30 days\",\"out_trade_no\":\""
            + outTradeNo
            + "\","
            + "\"time_expire\":\""
            + EXPIRE.format(Instant.now().plusSeconds(7200))
            + "\","
            + "\"notify_url\":\"https://shop.example.com/pay/notify/wxpay/native\","
            + "\"amount\":{\"total\":100,\"currency\":\"CNY\"}}")
        .getBytes(UTF_8);
  }
}
