package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

/**
 * Who receives a transfer.
 *
 * @param account the payee's provider-side id: a WeChat openid (of {@code appId}), or an Alipay
 *     user id / open id / logon id according to {@code idType}
 * @param idType how {@code account} identifies the payee
 * @param realName the payee's real name in plain text, or null; clients encrypt it where the
 *     provider requires (WeChat RSA-OAEP) and never log it
 */
public record Payee(String account, IdType idType, String realName) {

  /** How a payee account is identified. */
  public enum IdType {
    /** WeChat openid under the transfer's app id. */
    WECHAT_OPENID,
    /** Alipay {@code ALIPAY_USER_ID} (2088…, apps not on the openid standard). */
    ALIPAY_USER_ID,
    /** Alipay {@code ALIPAY_OPEN_ID} (apps on the openid standard). */
    ALIPAY_OPEN_ID,
    /** Alipay {@code ALIPAY_LOGON_ID} (phone or e-mail; requires {@code realName}). */
    ALIPAY_LOGON_ID
  }

  public Payee {
    requireNonNull(account, "account == null");
    requireNonNull(idType, "idType == null");
  }

  /** Never prints the real name. */
  @Override
  public String toString() {
    return "Payee[" + idType + " " + account + (realName == null ? "" : ", realName=***") + "]";
  }
}
