package io.unipay.examples;

import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a payer who signed in with a login code maps to a user of the {@link VipStore}, and which
 * payer a payment is for.
 *
 * <p>The user id is derived from the payer: a prefix per flow ({@code wxmp-}, {@code wxoa-},
 * {@code alipay-}) and 32 hex digits of SHA-256 over flow, app id and openid. An openid is per
 * app and may be longer than the store's 64-character limit (Alipay's {@code open_id}s are 40+),
 * so it is hashed rather than used as the id; the same payer of the same app always gets the same
 * user. Ids with these prefixes are reserved: nobody can sign up by name as one (which would let
 * a name user squat a payer's account), and a payer account signs in only with its login code.
 */
final class PayerAccounts {
  private PayerAccounts() {}

  /** The store user of {@code payer}: at most 39 characters of {@code [a-z0-9-]}. */
  static String userId(PayerIdentity payer) {
    String key = payer.flow().name() + "\n" + payer.appId() + "\n" + payer.openid();
    return prefix(payer.flow()) + HexFormat.of().formatHex(sha256(key), 0, 16);
  }

  /** The nickname a new payer account gets (never the openid). */
  static String nickname(LoginFlow flow) {
    return switch (flow) {
      case WECHAT_MINI_PROGRAM -> "WeChat payer (mini program)";
      case WECHAT_OFFICIAL_ACCOUNT -> "WeChat payer (official account)";
      case ALIPAY -> "Alipay payer";
    };
  }

  /**
   * Whether {@code userId} is in the range reserved for payer accounts, compared without case
   * (MariaDB's default collation matches user ids so).
   */
  static boolean reserved(String userId) {
    String lower = userId.toLowerCase(Locale.ROOT);
    for (LoginFlow flow : LoginFlow.values()) {
      if (lower.startsWith(prefix(flow))) return true;
    }
    return false;
  }

  /**
   * The payer id a payment of {@code provider}/{@code payType} goes to: null when the pay type
   * needs none, else the openid of the payer signed in with the matching flow. The request body
   * never chooses it.
   *
   * @throws BadRequest 400 {@code PAYER_LOGIN_REQUIRED} when the session has no payer of that flow
   */
  static String openidFor(Caller caller, Provider provider, PayType payType) {
    if (!payType.needsPayerId()) return null;
    LoginFlow needed = flowFor(provider, payType);
    PayerIdentity payer = caller.payer();
    if (needed == null || payer == null || payer.flow() != needed) {
      throw new BadRequest(400, "PAYER_LOGIN_REQUIRED",
          "a " + provider.code() + " " + payType.code() + " payment needs the payer's openid: "
              + (needed == null
                  ? "no login flow gives it"
                  : "sign in with " + needed + " first (POST /api/login/code)"));
    }
    return payer.openid();
  }

  private static LoginFlow flowFor(Provider provider, PayType payType) {
    for (LoginFlow flow : LoginFlow.values()) {
      if (flow.provider() == provider && flow.payType() == payType) return flow;
    }
    return null;
  }

  private static String prefix(LoginFlow flow) {
    return switch (flow) {
      case WECHAT_MINI_PROGRAM -> "wxmp-";
      case WECHAT_OFFICIAL_ACCOUNT -> "wxoa-";
      case ALIPAY -> "alipay-";
    };
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
