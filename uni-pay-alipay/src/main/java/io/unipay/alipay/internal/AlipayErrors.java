package io.unipay.alipay.internal;

import static io.unipay.core.ProviderRejectedException.Verdict.INCONCLUSIVE;
import static io.unipay.core.ProviderRejectedException.Verdict.NOT_FOUND;
import static io.unipay.core.ProviderRejectedException.Verdict.REFUSED;

import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.util.Map;

/**
 * Maps an Alipay error answer to the exception the client throws, with the verdict of design
 * §14.3: a rejection is definite only when it is a <b>signed, verified</b> answer about the very
 * trade or refund asked about. An unsigned answer (the gateway does not sign {@code 40002}
 * signature/app-id errors) or one whose signature does not verify is never definite.
 *
 * <table>
 *   <caption>Alipay codes (protocols §B3) and what they say about the object</caption>
 *   <tr><th>code / sub_code</th><th>thrown</th><th>why</th></tr>
 *   <tr><td>{@code ACQ.TRADE_NOT_EXIST} (query, close, refund, refund query)</td>
 *       <td>{@code NOT_FOUND}</td><td>Alipay has no such trade (also an unscanned QR code)</td></tr>
 *   <tr><td>{@code 10000} without {@code refund_status} nor refund data (refund query)</td>
 *       <td>{@code NOT_FOUND} (mapped in {@link TradeAnswers})</td>
 *       <td>Alipay's way of saying it never received that {@code out_request_no}</td></tr>
 *   <tr><td>{@code ACQ.TRADE_HAS_CLOSE}</td><td>{@code REFUSED}</td>
 *       <td>the trade is closed: nothing will be paid or refunded on it</td></tr>
 *   <tr><td>{@code ACQ.TRADE_STATUS_ERROR}</td><td>{@code REFUSED}</td>
 *       <td>the trade's state does not allow the operation (e.g. refund of an unpaid trade)</td></tr>
 *   <tr><td>{@code ACQ.TRADE_HAS_FINISHED}, {@code ACQ.TRADE_NOT_ALLOW_REFUND}</td>
 *       <td>{@code REFUSED}</td><td>the trade is no longer refundable</td></tr>
 *   <tr><td>{@code ACQ.SELLER_BALANCE_NOT_ENOUGH}</td><td>{@code REFUSED}</td>
 *       <td>this refund was not carried out; a new attempt needs a new decision</td></tr>
 *   <tr><td>{@code ACQ.REFUND_AMT_NOT_EQUAL_TOTAL}, {@code ACQ.REFUND_FEE_ERROR}</td>
 *       <td>{@code REFUSED}</td><td>the refund amount exceeds what is left / is invalid</td></tr>
 *   <tr><td>{@code ACQ.TRADE_HAS_SUCCESS}, {@code ACQ.CONTEXT_INCONSISTENT}</td>
 *       <td>{@code REFUSED}</td><td>prepay of a trade already paid / created differently</td></tr>
 *   <tr><td>{@code ACQ.DISCORDANT_REPEAT_REQUEST}</td><td>{@code INCONCLUSIVE}</td>
 *       <td>the out_request_no was used with other content: that refund may well exist</td></tr>
 *   <tr><td>{@code ACQ.SYSTEM_ERROR}, {@code 20000}/{@code isp.unknow-error}</td>
 *       <td>{@code OUTCOME_UNKNOWN} (trade-changing calls) / {@code PROVIDER_UNAVAILABLE}
 *       (queries)</td><td>Alipay asks to retry; nothing is known</td></tr>
 *   <tr><td>{@code 20001} {@code aop.*} tokens, {@code 40001} missing parameters, {@code 40002}
 *       {@code isv.*} (incl. {@code isv.invalid-signature}, usually unsigned), {@code 40006}
 *       permissions, {@code ACQ.INVALID_PARAMETER}, any other or unknown code</td>
 *       <td>{@code INCONCLUSIVE}</td><td>about the request or the caller, not the object</td></tr>
 *   <tr><td>any code in an unsigned answer</td><td>{@code INCONCLUSIVE}</td>
 *       <td>anyone on the path could have written it</td></tr>
 * </table>
 */
public final class AlipayErrors {
  private static final Map<String, Verdict> DEFINITE =
      Map.ofEntries(
          Map.entry("ACQ.TRADE_NOT_EXIST", NOT_FOUND),
          Map.entry("ACQ.TRADE_HAS_CLOSE", REFUSED),
          Map.entry("ACQ.TRADE_STATUS_ERROR", REFUSED),
          Map.entry("ACQ.TRADE_HAS_FINISHED", REFUSED),
          Map.entry("ACQ.TRADE_NOT_ALLOW_REFUND", REFUSED),
          Map.entry("ACQ.SELLER_BALANCE_NOT_ENOUGH", REFUSED),
          Map.entry("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", REFUSED),
          Map.entry("ACQ.REFUND_FEE_ERROR", REFUSED),
          Map.entry("ACQ.TRADE_HAS_SUCCESS", REFUSED),
          Map.entry("ACQ.CONTEXT_INCONSISTENT", REFUSED));

  private AlipayErrors() {}

  /** The verdict of a {@code sub_code} in an answer that was ({@code verified}) or was not signed. */
  public static Verdict verdict(boolean verified, String code, String subCode) {
    if (!verified || !"40004".equals(code)) return INCONCLUSIVE;
    return DEFINITE.getOrDefault(subCode, INCONCLUSIVE);
  }

  /** The exception for a non-10000 answer. */
  static UniPayException failure(Answer answer) {
    String code = answer.code();
    String subCode = answer.subCode();
    String msg = answer.optionalText("msg");
    String subMsg = answer.optionalText("sub_msg");
    String shown =
        LogSafe.quote(code) + " " + LogSafe.quote(subCode) + " " + LogSafe.quote(subMsg)
            + (answer.verified() ? "" : " (unsigned)");
    if ("20000".equals(code)
        || "ACQ.SYSTEM_ERROR".equals(subCode)
        || "isp.unknow-error".equals(subCode)) {
      return Gateway.failure(
          answer.idempotent(), "Alipay asked to retry " + answer.where() + ": " + shown, null);
    }
    String providerCode = subCode.isEmpty() ? code : subCode;
    String providerMessage = subMsg == null ? (msg == null ? "" : msg) : subMsg;
    Verdict verdict = verdict(answer.verified(), code, subCode);
    return new ProviderRejectedException(
        providerCode,
        providerMessage,
        200,
        "Alipay rejected " + answer.where() + ": " + shown + ", verdict " + verdict,
        verdict);
  }
}
