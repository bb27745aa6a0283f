package io.unipay.alipay.internal;

import static io.unipay.core.ProviderRejectedException.Verdict.INCONCLUSIVE;
import static io.unipay.core.ProviderRejectedException.Verdict.REFUSED;

import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.util.Set;

/**
 * What an Alipay error answer to a transfer call says about that transfer (design §14.3). Only a
 * signed, verified {@code 40004} answer to {@code alipay.fund.trans.uni.transfer} with one of the
 * codes below is definite; everything else leaves the transfer's existence open.
 *
 * <table>
 *   <caption>transfer error codes</caption>
 *   <tr><th>code / sub_code</th><th>thrown</th><th>why</th></tr>
 *   <tr><td>{@code SYSTEM_ERROR}, {@code ACQ.SYSTEM_ERROR}, {@code 20000} /
 *       {@code isp.unknow-error}</td>
 *       <td>{@code OUTCOME_UNKNOWN} (transfer) / {@code PROVIDER_UNAVAILABLE} (query)</td>
 *       <td>Alipay asks to retry; the transfer may or may not exist: query, re-send the same
 *       number, never fail it</td></tr>
 *   <tr><td>{@code PAYER_BALANCE_NOT_ENOUGH}, {@code PAYEE_NOT_EXIST}, {@code
 *       PAYEE_USER_INFO_ERROR}, {@code PAYEE_ACC_OCUPIED}, {@code EXCEED_LIMIT_SM_MIN_AMOUNT}
 *       (transfer)</td><td>{@code REFUSED}</td>
 *       <td>this transfer was refused and not made: no balance, no such payee, name and account
 *       do not match, a logon id shared by several accounts, below 0.1 yuan</td></tr>
 *   <tr><td>{@code ORDER_NOT_EXIST} (query)</td><td>{@code TransferSnapshot.notFound}
 *       (mapped by the caller)</td><td>no such transfer yet; shortly after a send it may still
 *       appear</td></tr>
 *   <tr><td>{@code PAYMENT_INFO_INCONSISTENCY}</td><td>{@code INCONCLUSIVE}</td>
 *       <td>the number was used with other content: that transfer exists</td></tr>
 *   <tr><td>{@code INVALID_PARAMETER}, {@code 40001}, {@code 40002} {@code isv.*} (signature,
 *       app id, certificate SNs), {@code 40006} permissions, {@code 20001} tokens, any other
 *       code, any unsigned answer</td><td>{@code INCONCLUSIVE}</td>
 *       <td>about the request or the caller, not the transfer</td></tr>
 * </table>
 */
public final class TransferErrors {
  /** The transfer method. */
  public static final String TRANSFER = "alipay.fund.trans.uni.transfer";

  private static final Set<String> REFUSALS =
      Set.of(
          "PAYER_BALANCE_NOT_ENOUGH",
          "PAYEE_NOT_EXIST",
          "PAYEE_USER_INFO_ERROR",
          "PAYEE_ACC_OCUPIED",
          "EXCEED_LIMIT_SM_MIN_AMOUNT");

  private TransferErrors() {}

  /** The verdict of an error answer to {@code method}. */
  public static Verdict verdict(String method, boolean verified, String code, String subCode) {
    if (!verified || !"40004".equals(code) || !TRANSFER.equals(method)) return INCONCLUSIVE;
    return REFUSALS.contains(subCode) ? REFUSED : INCONCLUSIVE;
  }

  /** The exception for a non-10000 answer to a transfer call. */
  public static UniPayException failure(Answer answer) {
    String code = answer.code();
    String subCode = answer.subCode();
    String subMsg = answer.optionalText("sub_msg");
    String msg = answer.optionalText("msg");
    String shown =
        LogSafe.quote(code) + " " + LogSafe.quote(subCode) + " " + LogSafe.quote(subMsg)
            + (answer.verified() ? "" : " (unsigned)");
    if ("20000".equals(code)
        || "SYSTEM_ERROR".equals(subCode)
        || "ACQ.SYSTEM_ERROR".equals(subCode)
        || "isp.unknow-error".equals(subCode)) {
      return Gateway.failure(
          answer.idempotent(), "Alipay asked to retry " + answer.where() + ": " + shown, null);
    }
    Verdict verdict = verdict(answer.method(), answer.verified(), code, subCode);
    return new ProviderRejectedException(
        subCode.isEmpty() ? code : subCode,
        subMsg == null ? (msg == null ? "" : msg) : subMsg,
        200,
        "Alipay rejected " + answer.where() + ": " + shown + ", verdict " + verdict,
        verdict);
  }
}
