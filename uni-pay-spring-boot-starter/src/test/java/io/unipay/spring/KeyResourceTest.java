package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys given as {@code classpath:} and {@code file:} resources are loaded and work: the simulators
 * accept the requests they sign, and the answers verify with the loaded public keys.
 */
class KeyResourceTest {
  /** The private key both simulators expect by default, shipped in the testkit jar. */
  private static final String MERCHANT_KEY = "classpath:io/unipay/testkit/keys/merchant_private_key.pem";

  @TempDir Path dir;

  @Test
  void wechatKeysFromClasspathAndFileResourcesSignAndVerifyARealOrder() throws IOException {
    Path publicKey = write("pub_key.pem", Simulators.WECHAT.platformPublicKeyPem());

    TestContexts.runner()
        .withPropertyValues(
            "unipay.wechat.merchant-private-key=" + MERCHANT_KEY,
            "unipay.wechat.public-key=file:" + publicKey.toAbsolutePath())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              CreateOrderResult order = create(context.getBean(UniPay.class), Provider.WXPAY);
              assertThat(order.payload()).isNotNull();
            });
  }

  @Test
  void alipayKeysFromFileAndClasspathResourcesSignAndVerifyARealOrder() throws IOException {
    Path appKey = write("alipay_app_private_key.txt", Simulators.ALIPAY.appPrivateKeyPem());
    Path alipayKey = write("alipay_public_key.txt", Simulators.ALIPAY.alipayPublicKeyPem());

    TestContexts.runner()
        .withPropertyValues(
            "unipay.alipay.app-private-key=file:" + appKey.toAbsolutePath(),
            "unipay.alipay.alipay-public-key=file:" + alipayKey.toAbsolutePath(),
            "unipay.wechat.merchant-private-key=" + MERCHANT_KEY)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              CreateOrderResult order = create(context.getBean(UniPay.class), Provider.ALIPAY);
              assertThat(order.payload()).isNotNull();
            });
  }

  private Path write(String name, String pem) throws IOException {
    return Files.writeString(dir.resolve(name), pem);
  }

  private static CreateOrderResult create(UniPay pay, Provider provider) {
    return pay.createOrder(
        CreateOrderRequest.builder()
            .type("vip")
            .orderNo("vip-" + UUID.randomUUID())
            .provider(provider)
            .payType(PayType.NATIVE)
            .totalFee(1990)
            .description("VIP 30 days")
            .build());
  }
}
