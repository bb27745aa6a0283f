package io.unipay.testkit.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator against the byte-exact vectors of protocols §D2/§D3. */
class AlipaySimulatorVectorsTest {
  static final String A1_SIGN =
      "K02nmqZrt8So7hsXBymNqeQalACCFuHNHqAy/CijPWcTYynqOwwBRjL7BnHuDr79hDJrxDIyZ6xqIJQrVRR5D1Fsf/fl8VRBo/An6cdm6mEs/rc6CEuktjRuDp3OESErkTwF43L9XdinHusrbZhi1I/uWmA7rpwDNIWSLJgvDQ2/J6DNGa+jRUupdMP1CCd2fl38ILWj8RxZPfOfG/825QjdsZQ4F8Eu2hQv4QcVvIO9x/0t8AgoXT/PpOqgdAETSxs1NUKdB8f3vqp6e39dQk+Rw1DaIf2UpJub7jXOpHm0UYyftfEVDVsPDbFALGEOAPtgz8pNNwMDDI1fWD2N0Q==";
  static final String A2_CONTENT =
      "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"20150320010101001\",\"qr_code\":\"https:\\/\\/qr.alipay.com\\/bax03206ug0kulveltqc80a8\"}";
  static final String A2_SIGN =
      "caY9VoehjdO9DA0fLkwS33B3YVxWJpgRYNtzPhO1dYmKVnMDEXuuT2zI6APGrKyMBItS4sw9KT1F4FKZQoStjm0cQRObZIlSX/AndaXoWaDjUVri2SwEth88PUhEAIei5u5NnAHv3Z1TBUSe2Yhr37uqsmg3BsPp1/c7MRf4ZylA8yjRrFM4yvSo9yqt0i2lu/1FEbFACgFTSolUctMrh5pZaNrTwOgu5kUB2CN+41rVwmanX9Dioqym62y5nSJKVpoY028l5PNfUBf8vZa8XPUt/w9EOci2Gcd7trqNt/frzcap+YV34FKbuCZSyyP2CdN2qzWuUzdLFs5l9zjLDA==";
  static final String A3_SIGN =
      "hLzQxdxeRLqnmK/l0hea1iJYHL473OE07OoxebU1dVQX1G9bsyJPH6KEobPhVL6sW3iyM7wkundzBCtfmN2WOMK41cW7XNUMFvYVlcr7wYljZ60iGB59kENHxIp5tjGw1vZMwZ1XFIFB1lsOTVwaThlB+PJsDMN48pOjX8JXhf95O11v54TLFCHzyFFBZzv4OebcYhkU+Lo45kJSVR2mPvzql/ljbZYJaCBwdmsw8LbYAOYcGJypCG41KE47dTBMVdlaVy/1l8dPsqOcPXDtywm48pdLPYM4lCi2tAzQ5+acFSsXLZPgovYgaKJN4Laen+qPGLfHTyoQaggQ3vvduA==";

  private final AlipaySimulator alipay = AlipaySimulator.start();

  @AfterEach
  void close() {
    alipay.close();
  }

  static Map<String, String> a1Params() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("app_id", "2014072300007148");
    p.put("method", "alipay.trade.precreate");
    p.put("format", "JSON");
    p.put("charset", "utf-8");
    p.put("sign_type", "RSA2");
    p.put("timestamp", "2014-07-24 03:07:50");
    p.put("version", "1.0");
    p.put("notify_url", "https://api.example.com/alipay/notify");
    p.put("app_auth_token", "");
    p.put(
        "biz_content",
        "{\"out_trade_no\":\"20150320010101001\",\"total_amount\":\"88.88\",\"subject\":\"Iphone6 16G\"}");
    p.put("sign", A1_SIGN);
    return p;
  }

  static Map<String, String> a3Fields() {
    Map<String, String> f = new LinkedHashMap<>();
    for (String pair :
        ("app_id=2014072300007148&auth_app_id=2014072300007148&buyer_id=2088102122524333"
                + "&buyer_logon_id=159****5620&buyer_pay_amount=88.88&charset=utf-8"
                + "&fund_bill_list=[{\"amount\":\"88.88\",\"fundChannel\":\"ALIPAYACCOUNT\"}]"
                + "&gmt_create=2015-11-27 15:45:58&gmt_payment=2015-11-27 15:45:59"
                + "&invoice_amount=88.88&notify_id=4a91b7a78a503640467525113fb7d8bg8e"
                + "&notify_time=2015-11-27 15:45:59&notify_type=trade_status_sync"
                + "&out_trade_no=20150320010101001&point_amount=0.00&receipt_amount=88.88"
                + "&seller_email=merchant@example.com&seller_id=2088102119685838"
                + "&subject=Iphone6 16G&total_amount=88.88&trade_no=2015112721001004330000121536"
                + "&trade_status=TRADE_SUCCESS&version=1.0")
            .split("&")) {
      int eq = pair.indexOf('=');
      f.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return f;
  }

  @Test
  void gatewayAcceptsTheA1RequestSignature() throws Exception {
    GatewayCall.Result result = GatewayCall.post(alipay.gatewayUrl(), a1Params());

    assertThat(result.body()).contains("\"alipay_trade_precreate_response\":{\"code\":\"10000\"");
    assertThat(result.body()).contains("\"out_trade_no\":\"20150320010101001\"");
    assertThat(alipay.truth().calls()).containsExactly("alipay.trade.precreate");
  }

  @Test
  void gatewayRejectsTheA1RequestWithAChangedAmount() throws Exception {
    Map<String, String> params = a1Params();
    params.put("biz_content", params.get("biz_content").replace("88.88", "0.01"));

    GatewayCall.Result result = GatewayCall.post(alipay.gatewayUrl(), params);

    assertThat(result.body())
        .startsWith("{\"error_response\":{\"code\":\"40002\",\"msg\":\"Invalid Arguments\"")
        .contains("\"sub_code\":\"isv.invalid-signature\"")
        .doesNotContain("\"sign\"");
  }

  @Test
  void responseSigningReproducesTheA2Sign() {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("code", "10000");
    content.put("msg", "Success");
    content.put("out_trade_no", "20150320010101001");
    content.put("qr_code", "https://qr.alipay.com/bax03206ug0kulveltqc80a8");

    String written = SimJson.write(content);

    assertThat(written).isEqualTo(A2_CONTENT);
    assertThat(SimAnswers.signContent(alipay, written)).isEqualTo(A2_SIGN);
  }

  @Test
  void notificationSigningReproducesTheA3Sign() {
    SignedForm form = alipay.signNotification(a3Fields());

    assertThat(form.fields()).containsEntry("sign", A3_SIGN).containsEntry("sign_type", "RSA2");
    assertThat(form.bodyAsString()).contains("sign_type=RSA2").contains("total_amount=88.88");
    assertThat(form.contentType()).startsWith("application/x-www-form-urlencoded");
  }

  @Test
  void certificateSnsOfTheShippedCertificatesMatchThePublishedValues() {
    assertThat(SimCrypto.rootCertSn(SimCrypto.resource("alipayRootCert.crt")))
        .isEqualTo("687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6");
    assertThat(
            SimCrypto.certSn(
                SimCrypto.certificates(SimCrypto.resource("appCertPublicKey_2019091767145019.crt"))
                    .get(0)))
        .isEqualTo("11b1abe5035f1498e334be6fc2d4943a");
  }
}
