package io.unipay.wechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.wechat.internal.ApiCaller.ApiResponse;
import io.unipay.wechat.internal.ErrorVerdicts.Operation;
import java.net.URI;
import java.net.URLEncoder;
import java.util.List;
import java.util.regex.Pattern;

/**
 * 商家转账 (the 2025 transfer bills, with the payee's confirmation) for one merchant: {@code POST
 * /v3/fund-app/mch-transfer/transfer-bills}, the query by {@code out_bill_no} and the cancel.
 *
 * <p>The payee's real name goes out as {@code user_name}, RSA-OAEP encrypted ({@link
 * PrivacyEncryptor}) for the key {@link PlatformKeys#encryptionKey()} picks, and the request then
 * names that key in {@code Wechatpay-Serial}. Every answer is verified by {@link ApiCaller} and
 * bound to its request by {@link AnswerChecks} (another {@code out_bill_no}, merchant or app →
 * {@code OUTCOME_UNKNOWN}); refusals carry the verdicts of {@link ErrorVerdicts}. Thread-safe.
 */
public final class WechatTransfers {
  private static final String BILLS = "/v3/fund-app/mch-transfer/transfer-bills";
  private static final Pattern OUT_BILL_NO = Pattern.compile("[0-9A-Za-z]{1,32}");

  /** 2000 yuan: from this amount on WeChat Pay requires the payee's real name. */
  public static final long NAME_REQUIRED_FROM_FEN = 200_000;

  /** {@code transfer_remark} limit, in characters. */
  public static final int MAX_REMARK_CHARS = 32;

  /** {@code transfer_scene_id} when the command names none: 1000, 现金营销 (cash marketing). */
  public static final String DEFAULT_SCENE_ID = "1000";

  private final List<String> appIds;
  private final ApiCaller api;
  private final PlatformKeys keys;
  private final PrivacyEncryptor encryptor;
  private final AnswerChecks answers;
  private final ObjectMapper mapper;

  public WechatTransfers(
      List<String> appIds,
      ApiCaller api,
      PlatformKeys keys,
      PrivacyEncryptor encryptor,
      AnswerChecks answers,
      ObjectMapper mapper) {
    this.appIds = List.copyOf(appIds);
    this.api = api;
    this.keys = keys;
    this.encryptor = encryptor;
    this.answers = answers;
    this.mapper = mapper;
  }

  /** WeChat Pay's rules for a transfer, checked without calling it; see the client's Javadoc. */
  public void check(TransferCommand command) {
    if (command == null) throw UniPayException.invalid("transfer: command is required");
    String what = "transfer out_bill_no=" + command.outBillNo();
    if (!OUT_BILL_NO.matcher(command.outBillNo()).matches()) {
      throw UniPayException.invalid(
          "transfer: outBillNo must be 1-32 characters of [0-9A-Za-z] for WeChat Pay's"
              + " out_bill_no");
    }
    Payee payee = command.payee();
    if (payee.idType() != Payee.IdType.WECHAT_OPENID) {
      throw UniPayException.invalid(
          what + ": WeChat Pay transfers go to a WECHAT_OPENID payee, not " + payee.idType());
    }
    if (payee.account().isBlank() || payee.account().length() > 128) {
      throw UniPayException.invalid(what + ": the payee's openid must be 1-128 characters");
    }
    String remark = command.remark();
    if (remark.isBlank() || remark.codePointCount(0, remark.length()) > MAX_REMARK_CHARS) {
      throw UniPayException.invalid(
          what + ": remark (transfer_remark) must be 1-" + MAX_REMARK_CHARS + " characters");
    }
    if (command.sceneId() != null && command.sceneId().isBlank()) {
      throw UniPayException.invalid(what + ": sceneId is blank; pass null for the default");
    }
    if (command.sceneReportInfos().isEmpty()) {
      throw UniPayException.invalid(
          what
              + ": sceneReportInfos (transfer_scene_report_infos) are required by WeChat Pay,"
              + " e.g. 活动名称 and 奖励说明 for scene 1000");
    }
    for (TransferCommand.SceneReportInfo info : command.sceneReportInfos()) {
      if (info.infoType().isBlank() || info.infoContent().isBlank()) {
        throw UniPayException.invalid(
            what + ": every scene report info needs a non-blank infoType and infoContent");
      }
    }
    String name = payee.realName();
    if (name != null && name.isBlank()) {
      throw UniPayException.invalid(what + ": the payee's realName is blank; pass null for none");
    }
    if (name == null && command.amount() >= NAME_REQUIRED_FROM_FEN) {
      throw UniPayException.invalid(
          what
              + ": the payee's realName is required from 2000 yuan ("
              + NAME_REQUIRED_FROM_FEN
              + " fen) on; amount is "
              + command.amount()
              + " fen");
    }
    if (command.userRecvPerception() != null && command.userRecvPerception().isBlank()) {
      throw UniPayException.invalid(what + ": userRecvPerception is blank; pass null for none");
    }
    if (command.notifyUrl() != null) checkNotifyUrl(what, command.notifyUrl());
    appId(what, command);
  }

  /** Creates the bill (or, for a number WeChat Pay already has, answers that bill). */
  public TransferSnapshot transfer(TransferCommand command) {
    check(command);
    String what = "transfer out_bill_no=" + command.outBillNo();
    String appId = appId(what, command);
    ObjectNode body = mapper.createObjectNode();
    body.put("appid", appId);
    body.put("out_bill_no", command.outBillNo());
    body.put(
        "transfer_scene_id",
        command.sceneId() == null ? DEFAULT_SCENE_ID : command.sceneId());
    body.put("openid", command.payee().account());
    String serial = null;
    if (command.payee().realName() != null) {
      PlatformKeys.NamedKey key =
          keys.encryptionKey()
              .orElseThrow(
                  () ->
                      new UniPayException(
                          ErrorCode.PROVIDER_UNAVAILABLE,
                          what
                              + ": no WeChat Pay key to encrypt the payee's name with yet (platform"
                              + " certificates not downloaded); nothing was sent"));
      body.put("user_name", encryptor.encrypt(key.key(), command.payee().realName(), "realName"));
      serial = key.serial();
    }
    body.put("transfer_amount", command.amount());
    body.put("transfer_remark", command.remark());
    if (command.notifyUrl() != null) body.put("notify_url", command.notifyUrl());
    if (command.userRecvPerception() != null) {
      body.put("user_recv_perception", command.userRecvPerception());
    }
    ArrayNode infos = body.putArray("transfer_scene_report_infos");
    for (TransferCommand.SceneReportInfo info : command.sceneReportInfos()) {
      infos.addObject().put("info_type", info.infoType()).put("info_content", info.infoContent());
    }
    ApiResponse response =
        api.call(Operation.TRANSFER, what, "POST", BILLS, bytes(body), serial);
    return bound(what, command.outBillNo(), appId, response);
  }

  /** The bill by {@code out_bill_no}; {@link TransferSnapshot#notFound} for a signed 404. */
  public TransferSnapshot query(String outBillNo) {
    requireNumber("transfer query", outBillNo);
    String what = "transfer query out_bill_no=" + outBillNo;
    try {
      ApiResponse response =
          api.call(
              Operation.TRANSFER_QUERY,
              what,
              "GET",
              BILLS + "/out-bill-no/" + encode(outBillNo),
              null);
      return bound(what, outBillNo, null, response);
    } catch (ProviderRejectedException e) {
      if (e.verdict() == Verdict.NOT_FOUND) return TransferSnapshot.notFound(outBillNo);
      throw e;
    }
  }

  /**
   * Asks WeChat Pay to cancel a bill the payee has not confirmed. Accepted: the answer's state
   * (CANCELING, or CANCELLED). A signed 404: {@link TransferSnapshot#notFound}. Refused (e.g. the
   * payee already confirmed): the bill is queried, and its state is returned when it can no
   * longer be cancelled (TRANSFERING, SUCCESS, FAIL, CANCELING, CANCELLED); otherwise the refusal
   * is thrown.
   */
  public TransferSnapshot cancel(String outBillNo) {
    requireNumber("transfer cancel", outBillNo);
    String what = "transfer cancel out_bill_no=" + outBillNo;
    ApiResponse response;
    try {
      response =
          api.call(
              Operation.TRANSFER_CANCEL,
              what,
              "POST",
              BILLS + "/out-bill-no/" + encode(outBillNo) + "/cancel",
              new byte[0]);
    } catch (ProviderRejectedException e) {
      if (e.verdict() == Verdict.NOT_FOUND) return TransferSnapshot.notFound(outBillNo);
      TransferSnapshot now;
      try {
        now = query(outBillNo);
      } catch (UniPayException queryFailed) {
        e.addSuppressed(queryFailed);
        throw e;
      }
      if (!cancellable(now.state())) return now;
      throw e;
    }
    return bound(what, outBillNo, null, response);
  }

  private static boolean cancellable(TransferState state) {
    return state == TransferState.ACCEPTED
        || state == TransferState.PROCESSING
        || state == TransferState.WAIT_USER_CONFIRM
        || state == TransferState.NOT_FOUND;
  }

  private TransferSnapshot bound(String what, String outBillNo, String appId, ApiResponse r) {
    JsonNode json = api.json(what, r.body());
    TransferSnapshot bill;
    String answeredAppId;
    try {
      bill = TransferMappings.snapshot(json, new String(r.body(), UTF_8));
      answeredAppId = TransferMappings.appId(json);
    } catch (IllegalArgumentException e) {
      throw Mappings.unexpected(what, e);
    }
    return answers.transfer(what, outBillNo, appId, answeredAppId, bill);
  }

  /** The command's app id, which must be configured here; else the only one configured. */
  private String appId(String what, TransferCommand command) {
    if (command.appId() != null) {
      if (!appIds.contains(command.appId())) {
        throw new UniPayException(
            ErrorCode.PROVIDER_NOT_CONFIGURED,
            what
                + ": app id "
                + command.appId()
                + " is not configured on this WeChat Pay client (configured: "
                + appIds
                + ")");
      }
      return command.appId();
    }
    if (appIds.size() == 1) return appIds.get(0);
    throw UniPayException.invalid(
        what
            + ": appId is required (the app the payee's openid belongs to); this client has "
            + appIds);
  }

  private static void checkNotifyUrl(String what, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw UniPayException.invalid(what + ": notifyUrl is not a URL");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
        || uri.getRawQuery() != null) {
      throw UniPayException.invalid(
          what + ": notifyUrl must be an http(s) URL without query parameters");
    }
  }

  private static void requireNumber(String operation, String outBillNo) {
    if (outBillNo == null || outBillNo.isEmpty()) {
      throw UniPayException.invalid(operation + ": outBillNo is required");
    }
  }

  private byte[] bytes(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, UTF_8).replace("+", "%20");
  }
}
