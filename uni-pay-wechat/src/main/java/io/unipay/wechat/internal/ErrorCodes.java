package io.unipay.wechat.internal;

import java.util.Locale;
import java.util.Map;

/**
 * Normalises WeChat Pay error codes, whose spelling differs between documentation pages and
 * endpoints ({@code SYSTEMERROR}/{@code SYSTEM_ERROR}, {@code NOTENOUGH}/{@code NOT_ENOUGH}, {@code
 * ORDERNOTEXIST}/{@code ORDER_NOT_EXIST}). The canonical spelling is the one with underscores
 * between words, as in the v3 general error table:
 *
 * <table>
 *   <caption>canonical codes</caption>
 *   <tr><th>as sent (either spelling)</th><th>canonical</th></tr>
 *   <tr><td>PARAMERROR</td><td>PARAM_ERROR</td></tr>
 *   <tr><td>SIGNERROR</td><td>SIGN_ERROR</td></tr>
 *   <tr><td>NOAUTH</td><td>NO_AUTH</td></tr>
 *   <tr><td>SYSTEMERROR</td><td>SYSTEM_ERROR</td></tr>
 *   <tr><td>BANKERROR</td><td>BANK_ERROR</td></tr>
 *   <tr><td>NOTENOUGH</td><td>NOT_ENOUGH</td></tr>
 *   <tr><td>ORDERNOTEXIST</td><td>ORDER_NOT_EXIST</td></tr>
 *   <tr><td>ORDERPAID</td><td>ORDER_PAID</td></tr>
 *   <tr><td>ORDERCLOSED</td><td>ORDER_CLOSED</td></tr>
 *   <tr><td>OUTTRADENOUSED</td><td>OUT_TRADE_NO_USED</td></tr>
 *   <tr><td>RESOURCENOTEXISTS</td><td>RESOURCE_NOT_EXISTS</td></tr>
 *   <tr><td>FREQUENCYLIMITED</td><td>FREQUENCY_LIMITED</td></tr>
 *   <tr><td>RATELIMITEXCEEDED</td><td>RATELIMIT_EXCEEDED</td></tr>
 *   <tr><td>SERVICEUNAVAILABLE</td><td>SERVICE_UNAVAILABLE</td></tr>
 *   <tr><td>INVALIDREQUEST</td><td>INVALID_REQUEST</td></tr>
 *   <tr><td>APPIDMCHIDNOTMATCH</td><td>APPID_MCHID_NOT_MATCH</td></tr>
 *   <tr><td>MCHNOTEXISTS</td><td>MCH_NOT_EXISTS</td></tr>
 *   <tr><td>TRADEERROR</td><td>TRADE_ERROR</td></tr>
 *   <tr><td>OPENIDMISMATCH</td><td>OPENID_MISMATCH</td></tr>
 *   <tr><td>USERPAYING</td><td>USER_PAYING</td></tr>
 *   <tr><td>USERACCOUNTABNORMAL</td><td>USER_ACCOUNT_ABNORMAL</td></tr>
 *   <tr><td>NOTFOUND</td><td>NOT_FOUND</td></tr>
 * </table>
 *
 * Codes not in the table are returned upper-cased, as sent.
 */
public final class ErrorCodes {
  public static final String PARAM_ERROR = "PARAM_ERROR";
  public static final String SYSTEM_ERROR = "SYSTEM_ERROR";
  public static final String ORDER_NOT_EXIST = "ORDER_NOT_EXIST";
  public static final String RESOURCE_NOT_EXISTS = "RESOURCE_NOT_EXISTS";
  public static final String ORDER_PAID = "ORDER_PAID";
  public static final String ORDER_CLOSED = "ORDER_CLOSED";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String NOT_ENOUGH = "NOT_ENOUGH";

  private static final Map<String, String> CANONICAL;

  static {
    String[] codes = {
      "PARAM_ERROR",
      "SIGN_ERROR",
      "NO_AUTH",
      "SYSTEM_ERROR",
      "BANK_ERROR",
      "NOT_ENOUGH",
      "ORDER_NOT_EXIST",
      "ORDER_PAID",
      "ORDER_CLOSED",
      "OUT_TRADE_NO_USED",
      "RESOURCE_NOT_EXISTS",
      "FREQUENCY_LIMITED",
      "RATELIMIT_EXCEEDED",
      "SERVICE_UNAVAILABLE",
      "INVALID_REQUEST",
      "APPID_MCHID_NOT_MATCH",
      "MCH_NOT_EXISTS",
      "TRADE_ERROR",
      "OPENID_MISMATCH",
      "USER_PAYING",
      "USER_ACCOUNT_ABNORMAL",
      "NOT_FOUND"
    };
    Map<String, String> map = new java.util.HashMap<>();
    for (String code : codes) map.put(code.replace("_", ""), code);
    CANONICAL = Map.copyOf(map);
  }

  private ErrorCodes() {}

  /** The canonical spelling of {@code code}; empty for null. */
  public static String normalise(String code) {
    if (code == null) return "";
    String upper = code.trim().toUpperCase(Locale.ROOT);
    return CANONICAL.getOrDefault(upper.replace("_", ""), upper);
  }
}
