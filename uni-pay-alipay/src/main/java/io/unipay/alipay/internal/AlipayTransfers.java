package io.unipay.alipay.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import java.util.regex.Pattern;

/**
 * Single transfers to Alipay accounts for one app: {@code alipay.fund.trans.uni.transfer} with
 * {@code product_code=TRANS_ACCOUNT_NO_PWD}, {@code biz_scene=DIRECT_TRANSFER}, and {@code
 * alipay.fund.trans.common.query} with the same product and scene. Alipay's fund-out APIs need
 * certificate mode; a public-key-mode client refuses them before anything is sent.
 *
 * <p>Statuses map onto {@link TransferState}: SUCCESS → SUCCESS; FAIL, REFUND (退票: returned
 * after a bank transfer) and CLOSED → FAIL; DEALING and WAIT_PAY → ACCEPTED. Answers are bound
 * to the request ({@code out_biz_no}); errors carry the verdicts of {@link TransferErrors}.
 * Thread-safe.
 */
public final class AlipayTransfers {
  private static final String QUERY = "alipay.fund.trans.common.query";
  private static final String PRODUCT = "TRANS_ACCOUNT_NO_PWD";
  private static final String SCENE = "DIRECT_TRANSFER";
  private static final Pattern OUT_BIZ_NO = Pattern.compile("[0-9A-Za-z_\\-]{1,64}");
  private static final Pattern USER_ID = Pattern.compile("2088[0-9]{12}");

  /** Alipay's smallest single transfer to an account: 0.10 yuan. */
  public static final long MIN_FEN = 10;

  /** {@code remark} limit, in characters. */
  public static final int MAX_REMARK_CHARS = 200;

  /** {@code order_title} limit, in characters. */
  public static final int MAX_TITLE_CHARS = 128;

  private final boolean certificateMode;
  private final String appId;
  private final Gateway gateway;
  private final ObjectMapper json;

  public AlipayTransfers(
      boolean certificateMode, String appId, Gateway gateway, ObjectMapper json) {
    this.certificateMode = certificateMode;
    this.appId = appId;
    this.gateway = gateway;
    this.json = json;
  }

  /** Alipay's rules for a transfer, checked without calling it. */
  public void check(TransferCommand command) {
    requireCertificateMode();
    if (command == null) throw UniPayException.invalid("transfer: command is required");
    if (!OUT_BIZ_NO.matcher(command.outBillNo()).matches()) {
      throw UniPayException.invalid(
          "transfer: outBillNo must be 1-64 characters of [0-9A-Za-z_-] for Alipay's out_biz_no");
    }
    String what = "transfer out_biz_no " + command.outBillNo();
    Payee payee = command.payee();
    String account = payee.account();
    switch (payee.idType()) {
      case ALIPAY_USER_ID -> {
        if (!USER_ID.matcher(account).matches()) {
          throw UniPayException.invalid(what + ": an ALIPAY_USER_ID payee is 2088 and 12 digits");
        }
      }
      case ALIPAY_OPEN_ID, ALIPAY_LOGON_ID -> {
        if (account.isBlank() || account.length() > 128) {
          throw UniPayException.invalid(what + ": the payee's account must be 1-128 characters");
        }
      }
      default ->
          throw UniPayException.invalid(
              what + ": Alipay transfers go to an ALIPAY_* payee, not " + payee.idType());
    }
    if (payee.realName() != null && payee.realName().isBlank()) {
      throw UniPayException.invalid(what + ": the payee's realName is blank; pass null for none");
    }
    if (payee.idType() == Payee.IdType.ALIPAY_LOGON_ID && payee.realName() == null) {
      throw UniPayException.invalid(
          what + ": an ALIPAY_LOGON_ID payee (phone or e-mail) needs the payee's realName");
    }
    if (command.amount() < MIN_FEN || command.amount() > Yuan.MAX_FEN) {
      throw UniPayException.invalid(
          what
              + ": amount must be 10 fen (0.10 yuan) to "
              + Yuan.MAX_FEN
              + " fen for TRANS_ACCOUNT_NO_PWD; is "
              + command.amount());
    }
    String remark = command.remark();
    if (remark.codePointCount(0, remark.length()) > MAX_REMARK_CHARS) {
      throw UniPayException.invalid(
          what + ": remark must be at most " + MAX_REMARK_CHARS + " characters");
    }
    String title = title(command);
    if (title.isBlank() || title.codePointCount(0, title.length()) > MAX_TITLE_CHARS) {
      throw UniPayException.invalid(
          what
              + ": the title (order_title; the remark when no title is given) must be 1-"
              + MAX_TITLE_CHARS
              + " characters");
    }
  }

  /** Sends the transfer; the same {@code outBillNo} answers the transfer Alipay already has. */
  public TransferSnapshot transfer(TransferCommand command) {
    check(command);
    String no = command.outBillNo();
    ObjectNode biz = json.createObjectNode();
    biz.put("out_biz_no", no);
    biz.put("trans_amount", Yuan.fromFen(command.amount()));
    biz.put("product_code", PRODUCT);
    biz.put("biz_scene", SCENE);
    biz.put("order_title", title(command));
    if (!command.remark().isBlank()) biz.put("remark", command.remark());
    ObjectNode payee = biz.putObject("payee_info");
    payee.put("identity", command.payee().account());
    payee.put("identity_type", command.payee().idType().name());
    if (command.payee().realName() != null) payee.put("name", command.payee().realName());
    Answer answer = gateway.callAbout(TransferErrors.TRANSFER, biz, false, subject(no));
    if (!answer.isOk()) throw TransferErrors.failure(answer);
    return snapshot(no, answer, "trans_date");
  }

  /** The transfer by {@code out_biz_no}; a signed {@code ORDER_NOT_EXIST} is not found. */
  public TransferSnapshot query(String outBillNo) {
    requireCertificateMode();
    if (outBillNo == null || outBillNo.isEmpty()) {
      throw UniPayException.invalid("transfer query: outBillNo is required");
    }
    ObjectNode biz = json.createObjectNode();
    biz.put("out_biz_no", outBillNo);
    biz.put("product_code", PRODUCT);
    biz.put("biz_scene", SCENE);
    Answer answer = gateway.callAbout(QUERY, biz, true, subject(outBillNo));
    if (answer.verifiedSubCode("ORDER_NOT_EXIST")) return TransferSnapshot.notFound(outBillNo);
    if (!answer.isOk()) throw TransferErrors.failure(answer);
    return snapshot(outBillNo, answer, "pay_date");
  }

  private TransferSnapshot snapshot(String outBillNo, Answer answer, String timeField) {
    String answered = answer.text("out_biz_no");
    if (!answered.equals(outBillNo)) throw answer.mismatch("out_biz_no", outBillNo, answered);
    String status = answer.text("status");
    TransferState state =
        switch (status) {
          case "SUCCESS" -> TransferState.SUCCESS;
          case "FAIL", "REFUND", "CLOSED" -> TransferState.FAIL;
          case "DEALING", "WAIT_PAY" -> TransferState.ACCEPTED;
          default -> throw answer.malformed("unknown transfer status " + LogSafe.quote(status));
        };
    long amount = answer.optionalFen("trans_amount");
    if (amount == 0) throw answer.malformed("trans_amount is 0");
    String errorCode = answer.optionalText("error_code");
    String reason = answer.optionalText("fail_reason");
    String failReason =
        reason == null ? errorCode : errorCode == null ? reason : errorCode + " " + reason;
    return new TransferSnapshot(
        answered,
        answer.optionalText("order_id"),
        state,
        amount,
        null,
        null,
        failReason,
        answer.time(timeField),
        answer.content());
  }

  private static String title(TransferCommand command) {
    return command.title() != null ? command.title() : command.remark();
  }

  private static String subject(String outBillNo) {
    return "out_biz_no " + LogSafe.quote(outBillNo);
  }

  private void requireCertificateMode() {
    if (!certificateMode) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "Alipay transfers (alipay.fund.trans.uni.transfer) require certificate mode, and the"
              + " client for app "
              + appId
              + " is in public-key mode: configure appCert, alipayPublicCert and alipayRootCert"
              + " (AlipayConfig.Builder.certificateMode) to transfer");
    }
  }
}
