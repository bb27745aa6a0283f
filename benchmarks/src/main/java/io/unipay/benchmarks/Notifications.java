package io.unipay.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.unipay.alipay.AlipayClient;
import io.unipay.alipay.AlipayConfig;
import io.unipay.core.NotifyRequest;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SignedForm;
import io.unipay.testkit.wechat.SignedNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPayConfig;
import java.security.Provider;

/** Signed notifications from the testkit simulators and clients configured to verify them. */
final class Notifications {
  static final String WECHAT_PATH = "/pay/notify/wxpay/native";
  static final String ALIPAY_PATH = "/pay/notify/alipay/native";

  private Notifications() {}

  /** A WeChat TRANSACTION.SUCCESS for {@code outTradeNo}, signed now by {@code sim}. */
  static NotifyRequest wechat(WechatPaySimulator sim, String outTradeNo, long totalFen) {
    String transaction =
        "{\"mchid\":\""
            + sim.mchid()
            + "\",\"appid\":\""
            + sim.appId()
            + "\","
            + "\"out_trade_no\":\""
            + outTradeNo
            + "\","
            + "\"transaction_id\":\"42000000002026"
            + outTradeNo.hashCode()
            + "\","
            + "\"trade_type\":\"NATIVE\",\"trade_state\":\"SUCCESS\","
            + "\"trade_state_desc\":\"支付成功\",\"bank_type\":\"CMC\",\"attach\":\"\","
            + "\"success_time\":\"2026-01-01T10:34:56+08:00\","
            + "\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"},"
            + "\"amount\":{\"total\":"
            + totalFen
            + ",\"payer_total\":"
            + totalFen
            + ",\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
    SignedNotification signed = sim.transactionNotification(transaction);
    return NotifyRequest.post(WECHAT_PATH, signed.headers(), signed.body());
  }

  /** An Alipay TRADE_SUCCESS form for {@code outTradeNo}, signed by {@code sim}. */
  static SignedForm alipayForm(AlipaySimulator sim, String outTradeNo, long totalFen) {
    return sim.paymentNotification(outTradeNo, totalFen);
  }

  static NotifyRequest alipay(SignedForm form) {
    return NotifyRequest.post(
        ALIPAY_PATH, java.util.Map.of("Content-Type", form.contentType()), form.body());
  }

  /** A client for {@code sim} in public-key mode with {@code provider} for RSA and AES-GCM. */
  static WechatPayClient wechatClient(WechatPaySimulator sim, Provider provider) {
    return new WechatPayClient(
        WechatPayConfig.builder()
            .properties(sim.clientProperties())
            .securityProvider(provider)
            .build());
  }

  static AlipayClient alipayClient(AlipaySimulator sim, Provider provider) {
    return new AlipayClient(
        AlipayConfig.builder()
            .appId(sim.appId())
            .appPrivateKey(sim.appPrivateKeyPem())
            .alipayPublicKey(sim.alipayPublicKeyPem())
            .gatewayUrl(sim.gatewayUrl())
            .rsaProvider(provider)
            .build());
  }

  /** The Base64 body of a PEM block. */
  static String pemBody(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }
}
