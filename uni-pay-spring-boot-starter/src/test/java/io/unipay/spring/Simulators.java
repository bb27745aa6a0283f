package io.unipay.spring;

import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.WechatPaySimulator;
import org.springframework.test.context.DynamicPropertyRegistry;

/** One WeChat Pay and one Alipay simulator per JVM, and the properties that point uni-pay at them. */
final class Simulators {
  static final WechatPaySimulator WECHAT =
      WechatPaySimulator.builder().redeliveryCompression(1000).start();
  static final AlipaySimulator ALIPAY = AlipaySimulator.start();

  private Simulators() {}

  static void register(DynamicPropertyRegistry registry) {
    registry.add("unipay.wechat.mchid", WECHAT::mchid);
    registry.add("unipay.wechat.merchant-private-key", WECHAT::merchantPrivateKeyPem);
    registry.add("unipay.wechat.merchant-serial-number", WECHAT::merchantSerialNumber);
    registry.add("unipay.wechat.api-v3-key", WECHAT::apiV3Key);
    registry.add("unipay.wechat.app-id", WECHAT::appId);
    registry.add("unipay.wechat.base-url", WECHAT::baseUrl);
    registry.add("unipay.wechat.public-key", WECHAT::platformPublicKeyPem);
    registry.add("unipay.wechat.public-key-id", WECHAT::publicKeyId);
    registry.add("unipay.alipay.app-id", ALIPAY::appId);
    registry.add("unipay.alipay.app-private-key", ALIPAY::appPrivateKeyPem);
    registry.add("unipay.alipay.alipay-public-key", ALIPAY::alipayPublicKeyPem);
    registry.add("unipay.alipay.seller-id", ALIPAY::sellerId);
    registry.add("unipay.alipay.gateway-url", ALIPAY::gatewayUrl);
  }
}
