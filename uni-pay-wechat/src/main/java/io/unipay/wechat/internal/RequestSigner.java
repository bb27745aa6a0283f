package io.unipay.wechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.PrivateKey;
import java.util.Base64;

/**
 * Signs with the merchant API private key: the {@code Authorization} header of API requests and the
 * client payment parameters ({@code paySign}, APP {@code sign}). Thread-safe.
 */
public final class RequestSigner {
  /** The Authorization scheme: {@code WECHATPAY2-} plus the signer algorithm. */
  public static final String SCHEME = "WECHATPAY2-SHA256-RSA2048";

  private static final byte[] NEWLINE = {'\n'};

  private final String mchid;
  private final String serialNumber;
  private final PrivateKey privateKey;
  private final Crypto crypto;

  public RequestSigner(String mchid, String serialNumber, PrivateKey privateKey, Crypto crypto) {
    this.mchid = mchid;
    this.serialNumber = serialNumber;
    this.privateKey = privateKey;
    this.crypto = crypto;
  }

  /**
   * The {@code Authorization} value for {@code METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n}.
   *
   * @param canonicalUrl raw path plus {@code ?query} when there is one, exactly as sent
   * @param body the exact body bytes sent; empty when there is none
   */
  public String authorization(
      String method, String canonicalUrl, long timestamp, String nonce, byte[] body) {
    String head = method + "\n" + canonicalUrl + "\n" + timestamp + "\n" + nonce + "\n";
    byte[] signature = crypto.sign(privateKey, head.getBytes(UTF_8), body, NEWLINE);
    return SCHEME
        + " mchid=\""
        + mchid
        + "\",nonce_str=\""
        + nonce
        + "\",timestamp=\""
        + timestamp
        + "\",serial_no=\""
        + serialNumber
        + "\",signature=\""
        + Base64.getEncoder().encodeToString(signature)
        + "\"";
  }

  /** Base64 SHA256withRSA over the lines, each followed by {@code \n}. */
  public String signLines(String... lines) {
    StringBuilder message = new StringBuilder();
    for (String line : lines) message.append(line).append('\n');
    return Base64.getEncoder()
        .encodeToString(crypto.sign(privateKey, message.toString().getBytes(UTF_8)));
  }
}
