package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.unipay.alipay.internal.KeyMaterial;
import io.unipay.alipay.internal.Rsa2;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.internal.JcaProviders;
import io.unipay.core.spi.ProviderNotification;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** RSA2 gives the same bytes on the JDK and Corretto; a configured provider wins over Corretto. */
class AlipayCryptoProviderTest {

  /**
   * Corretto from the test classpath; the test is skipped (with the reason) where it cannot load.
   */
  private static Provider corretto() {
    JcaProviders.Choice choice =
        JcaProviders.detect(
            AlipayCryptoProviderTest.class.getClassLoader(), JcaProviders.CORRETTO_CLASS);
    assumeTrue(
        choice.source() == JcaProviders.Source.CORRETTO,
        () -> "Amazon Corretto Crypto Provider unusable on this platform: " + choice.reason());
    return choice.provider().orElseThrow();
  }

  @Test
  void vectorA1SignIsReproducedWithCorretto() {
    Rsa2 rsa = new Rsa2(corretto());

    String sign =
        rsa.sign(
            KeyMaterial.privateKey(TestKeys.appKeyPem(), "appPrivateKey"),
            AlipayVectorsTest.A1_CONTENT);

    assertThat(sign).isEqualTo(AlipayVectorsTest.A1_SIGN);
  }

  @Test
  void vectorA3NotificationVerifiesWithCorrettoAndATamperedAmountDoesNot() {
    AlipayConfig config =
        AlipayVectorsTest.a3Client(null).config().newBuilder().rsaProvider(corretto()).build();
    try (AlipayClient client = new AlipayClient(config)) {
      ProviderNotification n =
          client.parseNotification(NotifyRequest.post("/n", Map.of(), AlipayVectorsTest.a3Body()));
      assertThat(n).isInstanceOf(ProviderNotification.Payment.class);
      Assertions.assertThatThrownBy(
              () ->
                  client.parseNotification(
                      NotifyRequest.post(
                          "/n", Map.of(), AlipayVectorsTest.a3Body("total_amount", "0.01"))))
          .isInstanceOfSatisfying(
              NotifyRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo("BAD_SIGNATURE"));
    }
  }

  @Test
  void jdkAndCorrettoProduceTheSameSignatures() throws Exception {
    Rsa2 corretto = new Rsa2(corretto());
    Rsa2 jdk = new Rsa2(null);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    SecureRandom random = new SecureRandom();

    for (int i = 0; i < 20; i++) {
      String content = "out_trade_no=" + random.nextLong() + "&subject=商品" + i;
      String sign = jdk.sign(pair.getPrivate(), content);
      assertThat(corretto.sign(pair.getPrivate(), content)).isEqualTo(sign);
      assertThat(corretto.verify(pair.getPublic(), content, sign)).isTrue();
      assertThat(corretto.verify(pair.getPublic(), content + "x", sign)).isFalse();
      assertThat(jdk.verify(pair.getPublic(), content + "x", sign)).isFalse();
    }
  }

  @Test
  void aConfiguredProviderWinsOverCorretto() {
    RecordingProvider recording = new RecordingProvider();
    AlipayConfig config =
        AlipayVectorsTest.a3Client(null).config().newBuilder().rsaProvider(recording).build();

    try (AlipayClient client = new AlipayClient(config)) {
      assertThat(
              client.parseNotification(
                  NotifyRequest.post("/n", Map.of(), AlipayVectorsTest.a3Body())))
          .isInstanceOf(ProviderNotification.Payment.class);
    }
    assertThat(recording.requested).contains("Signature.SHA256withRSA");
    assertThat(JcaProviders.choose(recording).source()).isEqualTo(JcaProviders.Source.CONFIGURED);
  }

  /** Hands out the JDK's RSA and records what was asked of it. */
  static final class RecordingProvider extends Provider {
    private static final long serialVersionUID = 1L;
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingProvider() {
      super("Recording", "1", "the JDK's RSA, recording each lookup");
    }

    @Override
    public Service getService(String type, String algorithm) {
      requested.add(type + "." + algorithm);
      return Security.getProvider("SunRsaSign").getService(type, algorithm);
    }
  }
}
