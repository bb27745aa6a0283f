package io.unipay.wechat;

import static io.unipay.wechat.Fixtures.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.unipay.core.NotifyRequest;
import io.unipay.core.internal.JcaProviders;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.wechat.internal.Crypto;
import io.unipay.wechat.internal.Pem;
import io.unipay.wechat.internal.PlatformKeys;
import io.unipay.wechat.internal.RequestSigner;
import io.unipay.wechat.internal.SignatureVerifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Provider selection: configured wins, else the Amazon Corretto Crypto Provider when it loads here,
 * else the JDK; and every vector holds byte for byte on Corretto (PKCS#1 v1.5 is deterministic).
 */
class CryptoProviderTest {
  private static final String W3_MESSAGE_PREPAY = "prepay_id=wx201410272009395522657a690389285100";

  /**
   * Corretto from the test classpath; the test is skipped (with the reason) where it cannot load.
   */
  private static Provider corretto() {
    JcaProviders.Choice choice =
        JcaProviders.detect(CryptoProviderTest.class.getClassLoader(), JcaProviders.CORRETTO_CLASS);
    assumeTrue(
        choice.source() == JcaProviders.Source.CORRETTO,
        () -> "Amazon Corretto Crypto Provider unusable on this platform: " + choice.reason());
    return choice.provider().orElseThrow();
  }

  @Test
  void correttoIsChosenWhenNothingIsConfiguredAndItLoads() {
    Provider corretto = corretto();

    JcaProviders.Choice choice = JcaProviders.choose(null);

    assertThat(choice.source()).isEqualTo(JcaProviders.Source.CORRETTO);
    assertThat(choice.provider()).containsSame(corretto);
    assertThat(choice.toString()).startsWith("AmazonCorrettoCryptoProvider ");
    assertThat(Security.getProvider(corretto.getName()))
        .as("a library never installs a provider globally")
        .isNull();
  }

  @Test
  void publishedVectorsW1W3AndW5HoldWithCorretto() {
    Crypto crypto = new Crypto(corretto());
    RequestSigner signer =
        new RequestSigner(
            MCHID, MERCHANT_SERIAL, Pem.privateKey(key("merchant_private_key.pem"), "key"), crypto);

    assertThat(
            signer.authorization(
                "POST",
                "/v3/pay/transactions/jsapi",
                1554208460,
                "593BEC0C930BF1AFEB40B4A08C8FB242",
                W1_BODY.getBytes(UTF_8)))
        .endsWith("signature=\"" + W1_SIGNATURE + "\"");
    assertThat(
            signer.signLines(
                APPID, "1414561699", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS", W3_MESSAGE_PREPAY))
        .isEqualTo(W3_SIGNATURE);

    PlatformKeys keys =
        new PlatformKeys(
            MCHID,
            Pem.publicKey(key("wechat_pay_public_key.pem"), "pk"),
            PUBLIC_KEY_ID,
            List.of(),
            at(1554209980),
            Duration.ofMinutes(1));
    SignatureVerifier verifier =
        new SignatureVerifier(keys, crypto, at(1554209980), Duration.ofMinutes(5));
    assertThat(
            verifier.check(
                W56_TIMESTAMP, W56_NONCE, W5_SIGNATURE, PUBLIC_KEY_ID, new byte[0], false))
        .isEmpty();
    assertThat(
            verifier.check(
                W56_TIMESTAMP, W56_NONCE, W5_SIGNATURE, PUBLIC_KEY_ID, new byte[] {'x'}, false))
        .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo("BAD_SIGNATURE"));
  }

  @Test
  void notificationW6VerifiesAndDecryptsWithCorrettoAndRejectsATamperedResource() {
    WechatPayConfig config =
        publicKeyMode().clock(at(1554209980)).securityProvider(corretto()).build();
    try (WechatPayClient client = new WechatPayClient(config)) {
      ProviderNotification notification = client.parseNotification(w6Request());

      assertThat(notification).isInstanceOf(ProviderNotification.Payment.class);
      assertThat(((ProviderNotification.Payment) notification).trade().outTradeNo())
          .isEqualTo("1217752501201407033233368018");
      WechatVectorsTest.assertRejected(
          client,
          WechatVectorsTest.with(w6Request(), "Wechatpay-Timestamp", "1554209981"),
          "BAD_SIGNATURE",
          io.unipay.core.ErrorCode.SIGNATURE_INVALID);
    }
  }

  @Test
  void jdkAndCorrettoProduceTheSameSignaturesAndPlaintexts() throws Exception {
    Crypto corretto = new Crypto(corretto());
    Crypto jdk = new Crypto(null);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    SecureRandom random = new SecureRandom();
    SecretKeySpec aes = new SecretKeySpec(randomBytes(random, 32), "AES");

    for (int i = 0; i < 20; i++) {
      byte[] message = randomBytes(random, 1 + random.nextInt(2000));
      byte[] jdkSignature = jdk.sign(pair.getPrivate(), message);
      assertThat(corretto.sign(pair.getPrivate(), message)).isEqualTo(jdkSignature);
      assertThat(corretto.verify(pair.getPublic(), jdkSignature, message)).isTrue();
      message[0] ^= 1;
      assertThat(corretto.verify(pair.getPublic(), jdkSignature, message)).isFalse();
      assertThat(jdk.verify(pair.getPublic(), jdkSignature, message)).isFalse();

      byte[] nonce = randomBytes(random, 12);
      byte[] aad = "transaction".getBytes(UTF_8);
      byte[] sealed = seal(aes, nonce, aad, message);
      assertThat(corretto.decrypt(aes, nonce, aad, sealed))
          .isEqualTo(jdk.decrypt(aes, nonce, aad, sealed))
          .isEqualTo(message);
      sealed[sealed.length - 1] ^= 1;
      assertThatThrownBy(() -> corretto.decrypt(aes, nonce, aad, sealed))
          .isInstanceOf(AEADBadTagException.class);
    }
  }

  @Test
  void aConfiguredProviderWinsOverCorretto() {
    RecordingProvider recording = new RecordingProvider();

    assertThat(JcaProviders.choose(recording).provider()).containsSame(recording);
    assertThat(JcaProviders.choose(recording).source()).isEqualTo(JcaProviders.Source.CONFIGURED);
    WechatPayConfig config =
        publicKeyMode().clock(at(1554209980)).securityProvider(recording).build();
    try (WechatPayClient client = new WechatPayClient(config)) {
      assertThat(client.parseNotification(w6Request()))
          .isInstanceOf(ProviderNotification.Payment.class);
    }
    assertThat(recording.requested).contains("Signature.SHA256withRSA", "Cipher.AES/GCM/NoPadding");
  }

  @Test
  void withoutCorrettoOnTheClasspathTheJdkProvidersAreUsed() throws Exception {
    try (URLClassLoader withoutCorretto =
        new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      JcaProviders.Choice choice =
          JcaProviders.detect(withoutCorretto, JcaProviders.CORRETTO_CLASS);

      assertThat(choice.source()).isEqualTo(JcaProviders.Source.JDK_DEFAULT);
      assertThat(choice.provider()).isEmpty();
      assertThat(choice.orNull()).isNull();
      assertThat(choice.toString())
          .startsWith("the JDK providers (SunRsaSign, SunJCE)")
          .contains("not on the classpath");
    }
  }

  @Test
  void aCorrettoWhoseNativeLibraryFailedToLoadFallsBackToTheJdk() {
    JcaProviders.Choice choice =
        JcaProviders.detect(getClass().getClassLoader(), FailedToLoad.class.getName());

    assertThat(choice.source()).isEqualTo(JcaProviders.Source.JDK_DEFAULT);
    assertThat(choice.reason()).contains("unavailable here").contains("no libamazonCorretto");
  }

  @Test
  void aCorrettoFailingItsSelfTestsFallsBackToTheJdk() {
    JcaProviders.Choice choice =
        JcaProviders.detect(getClass().getClassLoader(), Unhealthy.class.getName());

    assertThat(choice.source()).isEqualTo(JcaProviders.Source.JDK_DEFAULT);
    assertThat(choice.reason()).contains("not healthy").contains("self-test failed");
  }

  private static NotifyRequest w6Request() {
    return new NotifyRequest(
        "POST",
        "/notify/wxpay",
        Map.of(
            "Wechatpay-Timestamp", List.of(W56_TIMESTAMP),
            "Wechatpay-Nonce", List.of(W56_NONCE),
            "Wechatpay-Signature", List.of(W6_SIGNATURE),
            "Wechatpay-Serial", List.of(PUBLIC_KEY_ID)),
        W6_BODY.getBytes(UTF_8));
  }

  private static byte[] seal(SecretKeySpec key, byte[] nonce, byte[] aad, byte[] plaintext)
      throws Exception {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad);
    return cipher.doFinal(plaintext);
  }

  private static byte[] randomBytes(SecureRandom random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Hands out the JDK's implementations and records what was asked of it. */
  static final class RecordingProvider extends Provider {
    private static final long serialVersionUID = 1L;
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingProvider() {
      super("Recording", "1", "the JDK's RSA and AES-GCM, recording each lookup");
    }

    @Override
    public Service getService(String type, String algorithm) {
      requested.add(type + "." + algorithm);
      Provider jdk = Security.getProvider(type.equals("Cipher") ? "SunJCE" : "SunRsaSign");
      return jdk.getService(type, algorithm);
    }
  }

  /** Shaped like Corretto on a platform where its native library did not load. */
  public static final class FailedToLoad extends Provider {
    private static final long serialVersionUID = 1L;
    public static final FailedToLoad INSTANCE = new FailedToLoad();

    private FailedToLoad() {
      super("FailedToLoad", "1", "test double");
    }

    public Throwable getLoadingError() {
      return new UnsatisfiedLinkError("no libamazonCorrettoCryptoProvider in java.library.path");
    }

    public void assertHealthy() {}
  }

  /** Shaped like Corretto loaded but failing its self-tests. */
  public static final class Unhealthy extends Provider {
    private static final long serialVersionUID = 1L;
    public static final Unhealthy INSTANCE = new Unhealthy();

    private Unhealthy() {
      super("Unhealthy", "1", "test double");
    }

    public Throwable getLoadingError() {
      return null;
    }

    public void assertHealthy() {
      throw new IllegalStateException("self-test failed: SHA256withRSA");
    }
  }
}
