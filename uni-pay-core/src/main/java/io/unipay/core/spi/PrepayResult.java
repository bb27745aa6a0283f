package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

/**
 * What the client (browser, app, mini program) needs to pay, one variant per kind of payload.
 * Match with {@code if (result instanceof PrepayResult.QrCode qr)}.
 */
public sealed interface PrepayResult {

  /**
   * WeChat JSAPI / mini-program parameters for {@code WeixinJSBridge} / {@code wx.requestPayment}.
   * {@code paySign} is SHA256withRSA over {@code appId\ntimeStamp\nnonceStr\npackage\n}.
   */
  record WechatJsapi(
      String appId,
      String timeStamp,
      String nonceStr,
      String packageValue,
      String signType,
      String paySign)
      implements PrepayResult {
    public WechatJsapi {
      requireNonNull(appId, "appId == null");
      requireNonNull(packageValue, "packageValue == null");
      requireNonNull(paySign, "paySign == null");
    }
  }

  /**
   * WeChat APP SDK parameters ({@code package} is {@code Sign=WXPay}); {@code sign} is
   * SHA256withRSA over {@code appid\ntimestamp\nnoncestr\nprepayid\n}.
   */
  record WechatApp(
      String appid,
      String partnerid,
      String prepayid,
      String packageValue,
      String noncestr,
      String timestamp,
      String sign)
      implements PrepayResult {
    public WechatApp {
      requireNonNull(prepayid, "prepayid == null");
      requireNonNull(sign, "sign == null");
    }
  }

  /** A QR code's content for the payer to scan: WeChat Native {@code code_url}, Alipay precreate {@code qr_code}. */
  record QrCode(String codeUrl) implements PrepayResult {
    public QrCode {
      requireNonNull(codeUrl, "codeUrl == null");
    }
  }

  /** A URL to open in the payer's browser: WeChat H5 {@code h5_url}, Alipay page/wap GET URL. */
  record RedirectUrl(String url) implements PrepayResult {
    public RedirectUrl {
      requireNonNull(url, "url == null");
    }
  }

  /** An auto-submitting HTML form to render (Alipay page/wap POST mode). */
  record HtmlForm(String html) implements PrepayResult {
    public HtmlForm {
      requireNonNull(html, "html == null");
    }
  }

  /** The signed order string for the Alipay APP SDK ({@code alipay.trade.app.pay}). */
  record AlipayOrderString(String orderStr) implements PrepayResult {
    public AlipayOrderString {
      requireNonNull(orderStr, "orderStr == null");
    }
  }

  /** The Alipay trade number for {@code my.tradePay} in a mini program ({@code alipay.trade.create}). */
  record AlipayTradeNo(String tradeNo) implements PrepayResult {
    public AlipayTradeNo {
      requireNonNull(tradeNo, "tradeNo == null");
    }
  }

  /**
   * What an app needs to buy an Apple in-app purchase with StoreKit 2: the product to buy and the
   * {@code appAccountToken} to pass as {@code Product.PurchaseOption.appAccountToken}, which binds
   * Apple's signed transaction to exactly this payment order.
   */
  record AppleInAppPurchase(String productId, java.util.UUID appAccountToken)
      implements PrepayResult {
    public AppleInAppPurchase {
      requireNonNull(productId, "productId == null");
      requireNonNull(appAccountToken, "appAccountToken == null");
    }
  }
}
