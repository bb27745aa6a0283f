package io.unipay.wechat.internal;

import io.unipay.core.ProviderRejectedException.Verdict;
import java.util.Map;
import java.util.Set;

/**
 * What a WeChat Pay error answer says about the object the request was about (design §14.3). Only a
 * <b>verified</b> answer (its {@code Wechatpay-Signature} checked) can be definite; an unsigned
 * error answer is always {@link Verdict#INCONCLUSIVE}. Codes are the canonical spellings of {@link
 * ErrorCodes}.
 *
 * <table>
 *   <caption>definite verdicts (everything else is INCONCLUSIVE)</caption>
 *   <tr><th>operation</th><th>HTTP</th><th>code</th><th>verdict</th><th>why</th></tr>
 *   <tr><td>query</td><td>404</td><td>ORDER_NOT_EXIST, RESOURCE_NOT_EXISTS</td>
 *       <td>NOT_FOUND</td><td>WeChat Pay has no trade with that out_trade_no</td></tr>
 *   <tr><td>close</td><td>404</td><td>ORDER_NOT_EXIST, RESOURCE_NOT_EXISTS</td>
 *       <td>NOT_FOUND</td><td>no such trade (not created yet, design §14.1)</td></tr>
 *   <tr><td>close</td><td>any 4xx</td><td>ORDER_PAID</td><td>REFUSED</td>
 *       <td>the trade is paid; it will not be closed</td></tr>
 *   <tr><td>close</td><td>any 4xx</td><td>ORDER_CLOSED</td><td>REFUSED</td>
 *       <td>the trade is already closed (the client answers CLOSED)</td></tr>
 *   <tr><td>refund query</td><td>404</td><td>RESOURCE_NOT_EXISTS, ORDER_NOT_EXIST</td>
 *       <td>NOT_FOUND</td><td>WeChat Pay has no refund with that out_refund_no</td></tr>
 *   <tr><td>refund</td><td>any 4xx</td><td>NOT_ENOUGH</td><td>REFUSED</td>
 *       <td>the refundable balance does not cover this refund</td></tr>
 *   <tr><td>refund</td><td>any 4xx</td><td>USER_ACCOUNT_ABNORMAL</td><td>REFUSED</td>
 *       <td>the payer's account cannot receive it; the refund is not made</td></tr>
 *   <tr><td>refund</td><td>404</td><td>RESOURCE_NOT_EXISTS, ORDER_NOT_EXIST</td>
 *       <td>REFUSED</td><td>no such payment, so this refund was not and will not be made</td></tr>
 *   <tr><td>prepay</td><td>any 4xx</td><td>ORDER_CLOSED, ORDER_PAID, OUT_TRADE_NO_USED</td>
 *       <td>REFUSED</td><td>this out_trade_no cannot be (re)ordered</td></tr>
 *   <tr><td>transfer</td><td>any 4xx</td><td>NOT_ENOUGH</td><td>REFUSED</td>
 *       <td>the merchant's balance does not cover this bill; it was not created</td></tr>
 *   <tr><td>transfer query, transfer cancel</td><td>404</td>
 *       <td>NOT_FOUND, ORDER_NOT_EXIST, RESOURCE_NOT_EXISTS</td><td>NOT_FOUND</td>
 *       <td>WeChat Pay has no bill with that out_bill_no (shortly after a lost answer: not
 *       yet)</td>
 *   </tr>
 *   <tr><td>bill</td><td>any 4xx</td><td>NO_STATEMENT_EXIST, STATEMENT_CREATING</td>
 *       <td>NOT_FOUND</td><td>there is no bill for that day (none, or not generated yet)</td></tr>
 * </table>
 *
 * <p>Deliberately INCONCLUSIVE: {@code SIGN_ERROR} (401), {@code NO_AUTH} (403), {@code
 * PARAM_ERROR}, {@code INVALID_REQUEST} (on refunds it also means "out_refund_no already used with
 * other parameters", i.e. the refund <i>does</i> exist), {@code APPID_MCHID_NOT_MATCH}, {@code
 * MCH_NOT_EXISTS}, {@code TRADE_ERROR}, {@code RULELIMIT}, {@code FREQUENCY_LIMITED} / {@code
 * RATELIMIT_EXCEEDED}, {@code SYSTEM_ERROR}, {@code BANK_ERROR}, {@code SERVICE_UNAVAILABLE},
 * {@code USER_PAYING}, any code not listed, and any answer that was not signed. None of them is
 * about the existence of the trade or refund. For transfers {@code INVALID_REQUEST} also means
 * "out_bill_no already used with other content" (the bill exists) and "the bill's state does not
 * allow a cancel": both say nothing about whether money moved.
 */
public final class ErrorVerdicts {
  /** The operation an answer belongs to. */
  public enum Operation {
    PREPAY,
    QUERY,
    CLOSE,
    REFUND,
    REFUND_QUERY,
    TRANSFER,
    TRANSFER_QUERY,
    TRANSFER_CANCEL,
    /** Asking for a trade or fund-flow bill's download URL. */
    BILL
  }

  private static final Set<String> NO_SUCH_BILL =
      Set.of(ErrorCodes.NOT_FOUND, ErrorCodes.ORDER_NOT_EXIST, ErrorCodes.RESOURCE_NOT_EXISTS);

  private static final Set<String> NO_SUCH =
      Set.of(ErrorCodes.ORDER_NOT_EXIST, ErrorCodes.RESOURCE_NOT_EXISTS);

  private static final Map<Operation, Set<String>> REFUSED =
      Map.of(
          Operation.PREPAY,
          Set.of(ErrorCodes.ORDER_CLOSED, ErrorCodes.ORDER_PAID, "OUT_TRADE_NO_USED"),
          Operation.CLOSE,
          Set.of(ErrorCodes.ORDER_PAID, ErrorCodes.ORDER_CLOSED),
          Operation.REFUND,
          Set.of("NOT_ENOUGH", "USER_ACCOUNT_ABNORMAL"),
          Operation.TRANSFER,
          Set.of(ErrorCodes.NOT_ENOUGH));

  private static final Set<String> NO_BILL = Set.of("NO_STATEMENT_EXIST", "STATEMENT_CREATING");

  private ErrorVerdicts() {}

  /**
   * The verdict of a 4xx answer.
   *
   * @param code the canonical error code
   * @param verified whether the answer's signature was present and verified
   */
  public static Verdict of(Operation operation, int status, String code, boolean verified) {
    if (!verified || operation == null || status < 400 || status >= 500) {
      return Verdict.INCONCLUSIVE;
    }
    if (operation == Operation.TRANSFER_QUERY || operation == Operation.TRANSFER_CANCEL) {
      boolean noSuchBill = status == 404 && NO_SUCH_BILL.contains(code);
      return noSuchBill ? Verdict.NOT_FOUND : Verdict.INCONCLUSIVE;
    }
    if (operation == Operation.BILL) {
      return NO_BILL.contains(code) ? Verdict.NOT_FOUND : Verdict.INCONCLUSIVE;
    }
    if (status == 404 && NO_SUCH.contains(code)) {
      return switch (operation) {
        case QUERY, CLOSE, REFUND_QUERY -> Verdict.NOT_FOUND;
        case REFUND -> Verdict.REFUSED;
        default -> Verdict.INCONCLUSIVE;
      };
    }
    return REFUSED.getOrDefault(operation, Set.of()).contains(code)
        ? Verdict.REFUSED
        : Verdict.INCONCLUSIVE;
  }
}
