package io.unipay.core.internal;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand.SceneReportInfo;
import io.unipay.core.transfer.TransferRequest;
import io.unipay.core.transfer.TransferSettings;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The provider-neutral checks of a transfer request; every failure names the field (never a
 * payee's name). The provider's own rules (WeChat's scene report infos and real-name threshold,
 * Alipay's certificate mode) are its client's {@link PayClient#checkTransfer}.
 */
final class TransferValidation {
  /** Printable ASCII without spaces: openids, Alipay user ids and logon ids, app ids. */
  private static final Pattern ACCOUNT = Pattern.compile("[!-~]{1,128}");
  private static final Pattern APP_ID = Pattern.compile("[!-~]{1,64}");
  static final int MAX_REMARK = 32;
  private static final int MAX_SCENE_INFOS = 10;

  private TransferValidation() {}

  /** Validates {@code r} and returns the client of its provider. */
  static PayClient validate(
      TransferRequest r, TransferSettings settings, Map<Provider, PayClient> clients) {
    if (r.transferNo() == null || !Ids.ORDER_NO.matcher(r.transferNo()).matches()) {
      throw UniPayException.invalid(
          "transferNo " + LogSafe.quote(r.transferNo()) + " must be 1..64 chars of [0-9A-Za-z_-]");
    }
    if (r.type() == null || !Ids.TYPE.matcher(r.type()).matches()) {
      throw UniPayException.invalid(
          "type " + LogSafe.quote(r.type()) + " must be 1..32 chars of [0-9A-Za-z_-]");
    }
    if (!settings.handlers().containsKey(r.type())) {
      throw new UniPayException(
          ErrorCode.UNKNOWN_TYPE,
          "no TransferHandler registered for type '" + r.type() + "'; registered: "
              + settings.handlers().keySet());
    }
    if (r.provider() == null) throw UniPayException.invalid("provider is required (wxpay or alipay)");
    PayClient client = clients.get(r.provider());
    if (client == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "provider " + r.provider().code() + " is not configured; add its PayClient to the builder");
    }
    payee(r);
    if (r.amount() <= 0) throw UniPayException.invalid("amount must be > 0 fen, was " + r.amount());
    if (r.amount() > settings.maxAmount()) {
      throw UniPayException.invalid(
          "amount " + r.amount() + " fen exceeds the configured maximum of "
              + settings.maxAmount() + " fen per transfer");
    }
    if (r.remark() == null || r.remark().isBlank()) {
      throw UniPayException.invalid("remark is required (shown to the payee)");
    }
    text("remark", r.remark(), MAX_REMARK);
    text("sceneId", r.sceneId(), 32);
    text("userRecvPerception", r.userRecvPerception(), 64);
    text("title", r.title(), 128);
    if (r.sceneReportInfos().size() > MAX_SCENE_INFOS) {
      throw UniPayException.invalid(
          "sceneReportInfos has " + r.sceneReportInfos().size() + " entries; at most "
              + MAX_SCENE_INFOS + " are allowed");
    }
    for (SceneReportInfo info : r.sceneReportInfos()) {
      if (info.infoType().isBlank() || info.infoContent().isBlank()) {
        throw UniPayException.invalid("sceneReportInfos entries need an infoType and infoContent");
      }
      text("sceneReportInfos.infoType", info.infoType(), 32);
      text("sceneReportInfos.infoContent", info.infoContent(), 64);
    }
    return client;
  }

  private static void payee(TransferRequest r) {
    Payee payee = r.payee();
    if (payee == null) throw UniPayException.invalid("payee is required");
    if (!ACCOUNT.matcher(payee.account()).matches()) {
      throw UniPayException.invalid(
          "payee account must be 1..128 printable ASCII characters without spaces");
    }
    boolean wechat = payee.idType() == Payee.IdType.WECHAT_OPENID;
    if (wechat != (r.provider() == Provider.WXPAY)) {
      throw UniPayException.invalid(
          "payee id type " + payee.idType() + " does not fit provider " + r.provider().code());
    }
    if (wechat && r.appId() == null) {
      throw UniPayException.invalid(
          "appId is required for a WeChat payee: the app id the payee's openid belongs to");
    }
    if (r.appId() != null && !APP_ID.matcher(r.appId()).matches()) {
      throw UniPayException.invalid("appId must be 1..64 printable ASCII characters");
    }
    String name = payee.realName();
    if (name != null) {
      // The name itself never goes into a message.
      if (name.isBlank()) throw UniPayException.invalid("payee realName is blank; pass null or the name");
      if (hasControl(name)) throw UniPayException.invalid("payee realName has control characters");
      if (name.codePointCount(0, name.length()) > 64) {
        throw UniPayException.invalid("payee realName is longer than 64 characters");
      }
    }
  }

  private static void text(String field, String value, int maxChars) {
    if (value == null) return;
    int chars = value.codePointCount(0, value.length());
    if (chars > maxChars) {
      throw UniPayException.invalid(
          field + " is " + chars + " characters long; at most " + maxChars + " are allowed");
    }
    if (hasControl(value)) throw UniPayException.invalid(field + " has control characters");
  }

  private static boolean hasControl(String value) {
    return value.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0));
  }
}
