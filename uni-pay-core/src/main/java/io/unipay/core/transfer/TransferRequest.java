package io.unipay.core.transfer;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.Provider;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand.SceneReportInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What the host asks {@code UniPay.transfer} to pay out. Build with {@link #builder()}; the engine
 * validates it (every failure names the field) before anything is stored or sent.
 *
 * @param transferNo the host's business transfer number, 1..64 chars of {@code [0-9A-Za-z_-]}:
 *     the idempotency key. A repeated call with the same number returns the transfer recorded for
 *     it (and never pays twice); one with another amount, payee, provider, app or type is refused
 * @param type the business type whose {@link TransferHandler} runs when the transfer ends
 * @param provider who pays: {@code wxpay} (商家转账) or {@code alipay} (单笔转账)
 * @param payee who receives the money; their real name, when given, is only stored until the
 *     transfer ends (see {@link Transfer})
 * @param amount in fen, &gt; 0 and within the configured maximum
 * @param remark shown to the payee, 1..32 characters
 * @param sceneId WeChat {@code transfer_scene_id} (e.g. {@code 1000}), or null for the client's
 *     default
 * @param sceneReportInfos WeChat {@code transfer_scene_report_infos} (required by WeChat); empty
 *     for Alipay
 * @param userRecvPerception WeChat {@code user_recv_perception}, or null
 * @param title Alipay {@code order_title}, or null for the remark
 * @param appId the provider app id the payee's account belongs to: required for a WeChat openid
 *     (an openid means nothing without its app), else null for the client's default
 */
public record TransferRequest(
    String transferNo,
    String type,
    Provider provider,
    Payee payee,
    long amount,
    String remark,
    String sceneId,
    List<SceneReportInfo> sceneReportInfos,
    String userRecvPerception,
    String title,
    String appId) {

  public TransferRequest {
    sceneReportInfos = sceneReportInfos == null ? List.of() : List.copyOf(sceneReportInfos);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TransferRequest}; nothing is validated until {@code UniPay.transfer}. */
  public static final class Builder {
    private String transferNo;
    private String type;
    private Provider provider;
    private Payee payee;
    private long amount;
    private String remark;
    private String sceneId;
    private final List<SceneReportInfo> sceneReportInfos = new ArrayList<>();
    private String userRecvPerception;
    private String title;
    private String appId;

    private Builder() {}

    public Builder transferNo(String transferNo) {
      this.transferNo = transferNo;
      return this;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder provider(Provider provider) {
      this.provider = provider;
      return this;
    }

    public Builder payee(Payee payee) {
      this.payee = payee;
      return this;
    }

    /** A WeChat payee by openid (of {@link #appId}), with the real name or null. */
    public Builder wechatPayee(String openid, String realName) {
      this.payee = new Payee(requireNonNull(openid, "openid == null"), Payee.IdType.WECHAT_OPENID,
          realName);
      return this;
    }

    public Builder amount(long amount) {
      this.amount = amount;
      return this;
    }

    public Builder remark(String remark) {
      this.remark = remark;
      return this;
    }

    public Builder sceneId(String sceneId) {
      this.sceneId = sceneId;
      return this;
    }

    /** Adds one WeChat scene report entry ({@code info_type}, {@code info_content}). */
    public Builder sceneReportInfo(String infoType, String infoContent) {
      this.sceneReportInfos.add(new SceneReportInfo(infoType, infoContent));
      return this;
    }

    public Builder userRecvPerception(String userRecvPerception) {
      this.userRecvPerception = userRecvPerception;
      return this;
    }

    public Builder title(String title) {
      this.title = title;
      return this;
    }

    public Builder appId(String appId) {
      this.appId = appId;
      return this;
    }

    public TransferRequest build() {
      return new TransferRequest(
          transferNo, type, provider, payee, amount, remark, sceneId, sceneReportInfos,
          userRecvPerception, title, appId);
    }
  }
}
