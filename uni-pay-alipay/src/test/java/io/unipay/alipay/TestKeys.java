package io.unipay.alipay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/** The shipped test keys (uni-pay-testkit resources) in the forms the tests need. */
final class TestKeys {
  private TestKeys() {}

  static String resource(String name) {
    try (InputStream in = TestKeys.class.getResourceAsStream("/io/unipay/testkit/keys/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Vector app key (PKCS#8 PEM). */
  static String appKeyPem() {
    return resource("merchant_private_key.pem");
  }

  /** Vector Alipay public key (PEM). */
  static String alipayPublicKeyPem() {
    return resource("wechat_pay_public_key.pem");
  }

  static String alipayPrivateKeyPem() {
    return resource("wechat_pay_private_key.pem");
  }

  static String bare(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  /** The same key as PKCS#1 ({@code RSA PRIVATE KEY}) PEM. */
  static String pkcs1Pem(String pkcs8Pem) {
    byte[] der = Base64.getDecoder().decode(bare(pkcs8Pem));
    try {
      byte[] pkcs1 = PrivateKeyInfo.getInstance(der).parsePrivateKey().toASN1Primitive().getEncoded();
      return "-----BEGIN RSA PRIVATE KEY-----\n"
          + Base64.getMimeEncoder().encodeToString(pkcs1)
          + "\n-----END RSA PRIVATE KEY-----\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
