package io.unipay.examples;

import io.unipay.alipay.AlipayClient;
import io.unipay.alipay.AlipayConfig;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayResult;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.WechatLoginSimulator;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPayConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds the app's {@link PayClient}s and payer logins ({@link PayerLoginSetup}): in sandbox mode
 * against the in-process simulators from {@code uni-pay-testkit} (real crypto, real HTTP on
 * loopback), in live mode from the configuration.
 */
final class Providers implements AutoCloseable {
  /** The sandbox's mini program: a second app of the merchant, for {@code mp} payments. */
  static final String SANDBOX_MINI_PROGRAM_APPID = WechatLoginSimulator.DEFAULT_MINI_PROGRAM_APPID;

  final List<PayClient> clients = new ArrayList<>();
  final Sandbox sandbox; // null in live mode
  /** The sandbox's simulators (tests reach their bills and faults); null in live mode. */
  WechatPaySimulator wechatSimulator;
  AlipaySimulator alipaySimulator;
  PayerLoginSetup logins;
  private final List<AutoCloseable> resources = new ArrayList<>();

  private Providers(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /**
   * Starts the simulators and clients configured against them (the App Store sells packages);
   * the WeChat Pay and Alipay simulators and clients run on {@code clock}.
   */
  static Providers sandbox(List<VipPackage> packages, Clock clock) {
    // The official account pays with the merchant's default app id (jsapi), the mini program
    // with its own (mp); the login simulator knows both apps, with secrets of this run only.
    WechatPaySimulator wechat = WechatPaySimulator.builder()
        .appIds(WechatPaySimulator.DEFAULT_APPID, SANDBOX_MINI_PROGRAM_APPID)
        .clock(clock)
        .start();
    WechatLoginSimulator wechatLogin = WechatLoginSimulator.builder()
        .officialAccount(wechat.appId(), randomSecret())
        .miniProgram(SANDBOX_MINI_PROGRAM_APPID, randomSecret())
        .start();
    AlipaySimulator alipay = AlipaySimulator.builder().clock(clock).start();
    AppleSandbox apple = new AppleSandbox(packages);
    Providers providers = new Providers(new Sandbox() {
      @Override
      public void opened(Provider provider, PrepayResult payload) {
        if (provider != Provider.ALIPAY) return;
        if (payload instanceof PrepayResult.RedirectUrl r) alipay.acceptPageUrl(r.url());
        else if (payload instanceof PrepayResult.HtmlForm f) alipay.acceptPageForm(f.html());
        else if (payload instanceof PrepayResult.AlipayOrderString s) alipay.acceptOrderString(s.orderStr());
      }

      @Override
      public String storeKitPurchase(String outTradeNo, String productId, String notifyUrl) {
        return apple.purchase(outTradeNo, productId, notifyUrl);
      }

      @Override
      public void pay(Provider provider, String outTradeNo) {
        if (provider == Provider.APPLEIAP) {
          throw new IllegalStateException("Apple orders are paid with the StoreKit purchase");
        }
        if (provider == Provider.WXPAY) wechat.pay(outTradeNo);
        else alipay.pay(outTradeNo);
      }

      @Override
      public void completeRefund(Provider provider, String outTradeNo, String outRefundNo) {
        if (provider == Provider.WXPAY) wechat.completeRefund(outRefundNo, "SUCCESS");
        else alipay.notifyRefund(outTradeNo, outRefundNo);
      }

      @Override
      public void redeliver(Provider provider, String outTradeNo) {
        if (provider == Provider.WXPAY) wechat.duplicateNotify(outTradeNo);
        else alipay.duplicateNotify(outTradeNo);
      }

      @Override
      public long acknowledgedNotifications(Provider provider, String outTradeNo) {
        if (provider == Provider.APPLEIAP) return apple.acknowledged(outTradeNo);
        if (provider == Provider.WXPAY) {
          return wechat.deliveries().stream()
              .filter(d -> d.outTradeNo().equals(outTradeNo) && d.acknowledged())
              .count();
        }
        return alipay.truth().notifyAttempts(outTradeNo).stream().filter(a -> a.acknowledged()).count();
      }
    });
    providers.wechatSimulator = wechat;
    providers.alipaySimulator = alipay;
    providers.resources.add(wechat);
    providers.resources.add(wechatLogin);
    providers.resources.add(alipay);
    providers.resources.add(apple);
    providers.clients.add(apple.client); // closed with the AppleSandbox
    providers.add(new WechatPayClient(WechatPayConfig.builder()
        .mchid(wechat.mchid())
        .privateKey(wechat.merchantPrivateKeyPem())
        .merchantSerialNumber(wechat.merchantSerialNumber())
        .apiV3Key(wechat.apiV3Key())
        .defaultAppId(wechat.appId())
        .appId(PayType.MP, SANDBOX_MINI_PROGRAM_APPID)
        .wechatPayPublicKey(wechat.platformPublicKeyPem(), wechat.publicKeyId())
        .baseUrl(wechat.baseUrl())
        .clock(clock)
        .build()));
    AlipayClient alipayClient = new AlipayClient(AlipayConfig.builder()
        .appId(alipay.appId())
        .appPrivateKey(alipay.appPrivateKeyPem())
        .alipayPublicKey(alipay.alipayPublicKeyPem())
        .sellerId(alipay.sellerId())
        .gatewayUrl(alipay.gatewayUrl())
        .clock(clock)
        .build());
    providers.add(alipayClient);
    providers.logins = PayerLoginSetup.sandbox(
        wechatLogin, wechat.appId(), SANDBOX_MINI_PROGRAM_APPID, alipay, alipayClient,
        providers::own);
    return providers;
  }

  /** Clients for the real providers, for each one whose settings are present. */
  static Providers live(AppConfig config) {
    Providers providers = new Providers(null);
    if (config.get("wechat.mchid").isPresent()) {
      WechatPayConfig.Builder b = WechatPayConfig.builder()
          .mchid(config.require("wechat.mchid"))
          .privateKey(config.material("wechat.private.key").orElseThrow(
              () -> new IllegalArgumentException("missing setting 'wechat.private.key'")))
          .merchantSerialNumber(config.require("wechat.merchant.serial"))
          .apiV3Key(config.require("wechat.apiv3.key"))
          .defaultAppId(config.require("wechat.appid"));
      config.get("wechat.mp.appid").ifPresent(id -> b.appId(PayType.MP, id));
      config.get("wechat.app.appid").ifPresent(id -> b.appId(PayType.APP, id));
      config.get("wechat.base.url").ifPresent(b::baseUrl);
      config.material("wechat.public.key").ifPresent(
          pem -> b.wechatPayPublicKey(pem, config.require("wechat.public.key.id")));
      if (Boolean.parseBoolean(config.get("wechat.download.certificates", "false"))) {
        b.downloadPlatformCertificates();
      }
      providers.add(new WechatPayClient(b.build()));
    }
    AlipayClient alipayClient = null;
    if (config.get("alipay.app.id").isPresent()) {
      AlipayConfig.Builder b = AlipayConfig.builder()
          .appId(config.require("alipay.app.id"))
          .appPrivateKey(config.material("alipay.private.key").orElseThrow(
              () -> new IllegalArgumentException("missing setting 'alipay.private.key'")));
      config.get("alipay.seller.id").ifPresent(b::sellerId);
      config.get("alipay.gateway.url").ifPresent(b::gatewayUrl);
      config.get("alipay.return.url").ifPresent(b::returnUrl);
      if (config.get("alipay.app.cert").isPresent()) {
        b.appCert(config.material("alipay.app.cert").orElseThrow())
            .alipayPublicCert(config.material("alipay.public.cert").orElseThrow(
                () -> new IllegalArgumentException("missing setting 'alipay.public.cert'")))
            .alipayRootCert(config.material("alipay.root.cert").orElseThrow(
                () -> new IllegalArgumentException("missing setting 'alipay.root.cert'")));
      } else {
        b.alipayPublicKey(config.material("alipay.public.key").orElseThrow(
            () -> new IllegalArgumentException(
                "missing setting 'alipay.public.key' (or alipay.app.cert for certificate mode)")));
      }
      alipayClient = new AlipayClient(b.build());
      providers.add(alipayClient);
    }
    if (providers.clients.isEmpty()) {
      throw new IllegalArgumentException(
          "live mode needs wechat.* and/or alipay.* settings; see README 'Live mode'");
    }
    try {
      providers.logins = PayerLoginSetup.live(config, alipayClient, providers::own);
    } catch (RuntimeException e) {
      providers.close();
      throw e;
    }
    return providers;
  }

  private void add(PayClient client) {
    clients.add(client);
    if (client instanceof AutoCloseable c) own(c);
  }

  /** Closes {@code resource} on shutdown, before the simulators it may talk to. */
  private void own(AutoCloseable resource) {
    resources.add(0, resource);
  }

  private static String randomSecret() {
    byte[] raw = new byte[16];
    new SecureRandom().nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception ignored) {
        // shutting down: nothing left to do with the failure
      }
    }
  }
}
