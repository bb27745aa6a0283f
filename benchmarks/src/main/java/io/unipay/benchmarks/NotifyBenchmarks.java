package io.unipay.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.alipay.AlipayClient;
import io.unipay.core.NotifyRequest;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SignedForm;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * Notification verification, one thread, per provider: the crypto floor (nothing but RSA verify and
 * AES-GCM decrypt on pre-extracted bytes, {@code Signature}/{@code Cipher} reused) and our {@code
 * parseNotification} on the very same notification bytes and keys.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Thread)
public class NotifyBenchmarks {
  @Param({"jdk", "corretto"})
  public String provider;

  // WeChat: what the floor needs, extracted once from the notification.
  private Signature wechatVerifier;
  private PublicKey wechatKey;
  private byte[] wechatMessage;
  private byte[] wechatSignature;
  private Cipher gcm;
  private SecretKeySpec apiV3Key;
  private byte[] gcmNonce;
  private byte[] gcmAad;
  private byte[] gcmCiphertext;

  // Alipay: the sorted V1 content and signature.
  private Signature alipayVerifier;
  private PublicKey alipayKey;
  private byte[] alipayContent;
  private byte[] alipaySignature;

  private WechatPaySimulator wechatSim;
  private AlipaySimulator alipaySim;
  private WechatPayClient wechatClient;
  private AlipayClient alipayClient;
  private NotifyRequest wechatRequest;
  private NotifyRequest alipayRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Provider jca = JcaChoice.named(provider);
    wechatSim = WechatPaySimulator.start();
    alipaySim = AlipaySimulator.start();
    wechatRequest = Notifications.wechat(wechatSim, "BENCH0000000000000000000000000001", 100);
    SignedForm form =
        Notifications.alipayForm(alipaySim, "BENCH0000000000000000000000000001", 8888);
    alipayRequest = Notifications.alipay(form);
    wechatClient = Notifications.wechatClient(wechatSim, jca);
    alipayClient = Notifications.alipayClient(alipaySim, jca);

    String body = new String(wechatRequest.body(), UTF_8);
    wechatMessage =
        (header(wechatRequest, "Wechatpay-Timestamp")
                + "\n"
                + header(wechatRequest, "Wechatpay-Nonce")
                + "\n"
                + body
                + "\n")
            .getBytes(UTF_8);
    wechatSignature = Base64.getDecoder().decode(header(wechatRequest, "Wechatpay-Signature"));
    wechatKey = publicKey(wechatSim.platformPublicKeyPem());
    wechatVerifier = Signature.getInstance("SHA256withRSA", jca);
    JsonNode resource = new ObjectMapper().readTree(body).get("resource");
    gcm = Cipher.getInstance("AES/GCM/NoPadding", jca);
    apiV3Key = new SecretKeySpec(wechatSim.apiV3Key().getBytes(UTF_8), "AES");
    gcmNonce = resource.get("nonce").asText().getBytes(UTF_8);
    gcmAad = resource.get("associated_data").asText().getBytes(UTF_8);
    gcmCiphertext = Base64.getDecoder().decode(resource.get("ciphertext").asText());

    Map<String, String> sorted = new TreeMap<>(form.fields());
    alipaySignature = Base64.getDecoder().decode(sorted.remove("sign"));
    sorted.remove("sign_type");
    StringBuilder content = new StringBuilder();
    sorted.forEach(
        (k, v) -> {
          if (v != null && !v.isEmpty()) {
            content.append(content.length() == 0 ? "" : "&").append(k).append('=').append(v);
          }
        });
    alipayContent = content.toString().getBytes(UTF_8);
    alipayKey = publicKey(alipaySim.alipayPublicKeyPem());
    alipayVerifier = Signature.getInstance("SHA256withRSA", jca);

    // The four paths must succeed on these bytes, or the figures mean nothing.
    if (floorWechat().length == 0 || !floorAlipay()) {
      throw new IllegalStateException("floor does not verify the notifications");
    }
    if (!(oursWechat() instanceof ProviderNotification.Payment)
        || !(oursAlipay() instanceof ProviderNotification.Payment)) {
      throw new IllegalStateException("parseNotification did not yield a payment");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wechatClient.close();
    alipayClient.close();
    wechatSim.close();
    alipaySim.close();
  }

  /** The floor of a WeChat notification: RSA-2048 verify + AES-256-GCM decrypt. */
  @Benchmark
  public byte[] floorWechat() throws GeneralSecurityException {
    wechatVerifier.initVerify(wechatKey);
    wechatVerifier.update(wechatMessage);
    if (!wechatVerifier.verify(wechatSignature)) throw new IllegalStateException("bad signature");
    gcm.init(Cipher.DECRYPT_MODE, apiV3Key, new GCMParameterSpec(128, gcmNonce));
    gcm.updateAAD(gcmAad);
    return gcm.doFinal(gcmCiphertext);
  }

  /** The floor of an Alipay notification: RSA-2048 verify of the sorted content. */
  @Benchmark
  public boolean floorAlipay() throws GeneralSecurityException {
    alipayVerifier.initVerify(alipayKey);
    alipayVerifier.update(alipayContent);
    return alipayVerifier.verify(alipaySignature);
  }

  @Benchmark
  public ProviderNotification oursWechat() {
    return wechatClient.parseNotification(wechatRequest);
  }

  @Benchmark
  public ProviderNotification oursAlipay() {
    return alipayClient.parseNotification(alipayRequest);
  }

  private static String header(NotifyRequest request, String name) {
    return request.header(name).orElseThrow();
  }

  static PublicKey publicKey(String pem) throws GeneralSecurityException {
    byte[] der = Base64.getDecoder().decode(Notifications.pemBody(pem));
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
  }
}
