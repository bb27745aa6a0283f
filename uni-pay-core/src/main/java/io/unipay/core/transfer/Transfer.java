package io.unipay.core.transfer;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.Provider;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand.SceneReportInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One transfer (payout) as the engine records it: written (status {@link TransferStatus#CREATED})
 * before the provider is called, then moved forward by verified provider answers only. Immutable;
 * the repository returns a fresh copy after each change. Money is {@code long} fen.
 *
 * <p><b>The payee's real name is never part of this record.</b> WeChat needs it (encrypted) on
 * every send of a large transfer, so the repository keeps it in a column of its own ({@code
 * payee_name}), readable only through {@link TransferRepository#payeeRealName}, which the engine
 * calls just before a (re-)send; the statement that records a final status erases it, so it lives
 * only as long as the transfer can still be sent. It is never logged, never put in an exception,
 * a ledger fact or a {@code toString}. What is exposed instead is {@link #payeeNameMask()}: the
 * first character followed by one {@code *} per further character (see {@link #maskName}).
 *
 * @param transferNo the host's business transfer number (unique)
 * @param outBillNo the number sent to the provider (WeChat {@code out_bill_no}, Alipay {@code
 *     out_biz_no}): derived once, ≤ 32 chars of {@code [0-9A-Za-z]}, unique, never replaced
 * @param type the business type whose {@link TransferHandler} runs
 * @param provider who pays
 * @param status the local status
 * @param amount in fen
 * @param payeeAccount the payee's provider-side id (openid, Alipay user id / logon id)
 * @param payeeIdType how {@code payeeAccount} identifies the payee
 * @param payeeNameMask the masked real name, or null when none was given
 * @param remark shown to the payee
 * @param sceneId WeChat scene id, or null
 * @param sceneReportInfos WeChat scene report entries
 * @param userRecvPerception WeChat user perception text, or null
 * @param title Alipay order title, or null
 * @param appId the provider app id the payee's account belongs to, or null
 * @param mchId the merchant that pays (the client's merchant id)
 * @param providerBillNo the provider's id of the transfer once known (WeChat {@code
 *     transfer_bill_no}, Alipay {@code order_id}), or null
 * @param packageInfo WeChat {@code package_info} for the payee's confirmation while the transfer
 *     waits for it, else null
 * @param failReason the provider's reason for FAIL / CANCELLED, or null
 * @param createDate when the transfer was recorded
 * @param sentAt when it was last sent to the provider (the first send, or a re-send)
 * @param sendCount how many times it was sent (re-sends use the same out_bill_no)
 * @param providerUpdatedAt the provider's last update time it reported, or null
 * @param finishDate when a final status was recorded, or null
 * @param nextCheckAt when the sweeper looks at it next (unused once final)
 * @param checkCount how many times the sweeper has checked it
 */
public record Transfer(
    String transferNo,
    String outBillNo,
    String type,
    Provider provider,
    TransferStatus status,
    long amount,
    String payeeAccount,
    Payee.IdType payeeIdType,
    String payeeNameMask,
    String remark,
    String sceneId,
    List<SceneReportInfo> sceneReportInfos,
    String userRecvPerception,
    String title,
    String appId,
    String mchId,
    String providerBillNo,
    String packageInfo,
    String failReason,
    Instant createDate,
    Instant sentAt,
    int sendCount,
    Instant providerUpdatedAt,
    Instant finishDate,
    Instant nextCheckAt,
    int checkCount) {

  public Transfer {
    requireNonNull(transferNo, "transferNo == null");
    requireNonNull(outBillNo, "outBillNo == null");
    requireNonNull(type, "type == null");
    requireNonNull(provider, "provider == null");
    requireNonNull(status, "status == null");
    requireNonNull(payeeAccount, "payeeAccount == null");
    requireNonNull(payeeIdType, "payeeIdType == null");
    requireNonNull(remark, "remark == null");
    requireNonNull(createDate, "createDate == null");
    requireNonNull(nextCheckAt, "nextCheckAt == null");
    sceneReportInfos = sceneReportInfos == null ? List.of() : List.copyOf(sceneReportInfos);
  }

  /**
   * What the payee's WeChat client needs to confirm the transfer ({@code wx.requestMerchantTransfer}
   * and its official-account and app equivalents), while the transfer waits for that confirmation
   * (WAIT_USER_CONFIRM, or TRANSFERING, where WeChat lets the payee confirm again). Empty otherwise,
   * and for providers without user confirmation.
   */
  public Optional<UserConfirmation> confirmation() {
    boolean waiting =
        status == TransferStatus.WAIT_USER_CONFIRM || status == TransferStatus.TRANSFERING;
    if (!waiting || packageInfo == null || provider != Provider.WXPAY) return Optional.empty();
    return Optional.of(new UserConfirmation(mchId, appId, packageInfo, payeeAccount));
  }

  /** Whether a real name was given for the payee (it is never exposed; see the class comment). */
  public boolean hasPayeeName() {
    return payeeNameMask != null;
  }

  /**
   * The masked form of a real name: its first character, then one {@code *} per further
   * character ({@code 张三} → {@code 张*}, {@code 欧阳娜娜} → {@code 欧***}); a one-character name
   * becomes {@code *}. Null for null.
   */
  public static String maskName(String realName) {
    if (realName == null) return null;
    int count = realName.codePointCount(0, realName.length());
    if (count <= 1) return "*";
    int firstEnd = realName.offsetByCodePoints(0, 1);
    return realName.substring(0, firstEnd) + "*".repeat(count - 1);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Ids, status and amount only: no payee data, no hand-off package. */
  @Override
  public String toString() {
    return "Transfer{" + transferNo + ", out_bill_no=" + outBillNo + ", " + provider.code() + " "
        + status + ", " + amount + " fen, type=" + type + "}";
  }

  /** Builds a {@link Transfer} (for repositories and tests). */
  public static final class Builder {
    private String transferNo;
    private String outBillNo;
    private String type;
    private Provider provider;
    private TransferStatus status = TransferStatus.CREATED;
    private long amount;
    private String payeeAccount;
    private Payee.IdType payeeIdType;
    private String payeeNameMask;
    private String remark;
    private String sceneId;
    private List<SceneReportInfo> sceneReportInfos = List.of();
    private String userRecvPerception;
    private String title;
    private String appId;
    private String mchId;
    private String providerBillNo;
    private String packageInfo;
    private String failReason;
    private Instant createDate;
    private Instant sentAt;
    private int sendCount;
    private Instant providerUpdatedAt;
    private Instant finishDate;
    private Instant nextCheckAt;
    private int checkCount;

    private Builder() {}

    private Builder(Transfer t) {
      transferNo = t.transferNo;
      outBillNo = t.outBillNo;
      type = t.type;
      provider = t.provider;
      status = t.status;
      amount = t.amount;
      payeeAccount = t.payeeAccount;
      payeeIdType = t.payeeIdType;
      payeeNameMask = t.payeeNameMask;
      remark = t.remark;
      sceneId = t.sceneId;
      sceneReportInfos = t.sceneReportInfos;
      userRecvPerception = t.userRecvPerception;
      title = t.title;
      appId = t.appId;
      mchId = t.mchId;
      providerBillNo = t.providerBillNo;
      packageInfo = t.packageInfo;
      failReason = t.failReason;
      createDate = t.createDate;
      sentAt = t.sentAt;
      sendCount = t.sendCount;
      providerUpdatedAt = t.providerUpdatedAt;
      finishDate = t.finishDate;
      nextCheckAt = t.nextCheckAt;
      checkCount = t.checkCount;
    }

    public Builder transferNo(String transferNo) {
      this.transferNo = transferNo;
      return this;
    }

    public Builder outBillNo(String outBillNo) {
      this.outBillNo = outBillNo;
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

    public Builder status(TransferStatus status) {
      this.status = status;
      return this;
    }

    public Builder amount(long amount) {
      this.amount = amount;
      return this;
    }

    public Builder payeeAccount(String payeeAccount) {
      this.payeeAccount = payeeAccount;
      return this;
    }

    public Builder payeeIdType(Payee.IdType payeeIdType) {
      this.payeeIdType = payeeIdType;
      return this;
    }

    public Builder payeeNameMask(String payeeNameMask) {
      this.payeeNameMask = payeeNameMask;
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

    public Builder sceneReportInfos(List<SceneReportInfo> sceneReportInfos) {
      this.sceneReportInfos = sceneReportInfos;
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

    public Builder mchId(String mchId) {
      this.mchId = mchId;
      return this;
    }

    public Builder providerBillNo(String providerBillNo) {
      this.providerBillNo = providerBillNo;
      return this;
    }

    public Builder packageInfo(String packageInfo) {
      this.packageInfo = packageInfo;
      return this;
    }

    public Builder failReason(String failReason) {
      this.failReason = failReason;
      return this;
    }

    public Builder createDate(Instant createDate) {
      this.createDate = createDate;
      return this;
    }

    public Builder sentAt(Instant sentAt) {
      this.sentAt = sentAt;
      return this;
    }

    public Builder sendCount(int sendCount) {
      this.sendCount = sendCount;
      return this;
    }

    public Builder providerUpdatedAt(Instant providerUpdatedAt) {
      this.providerUpdatedAt = providerUpdatedAt;
      return this;
    }

    public Builder finishDate(Instant finishDate) {
      this.finishDate = finishDate;
      return this;
    }

    public Builder nextCheckAt(Instant nextCheckAt) {
      this.nextCheckAt = nextCheckAt;
      return this;
    }

    public Builder checkCount(int checkCount) {
      this.checkCount = checkCount;
      return this;
    }

    public Transfer build() {
      return new Transfer(
          transferNo, outBillNo, type, provider, status, amount, payeeAccount, payeeIdType,
          payeeNameMask, remark, sceneId, sceneReportInfos, userRecvPerception, title, appId,
          mchId, providerBillNo, packageInfo, failReason, createDate, sentAt, sendCount,
          providerUpdatedAt, finishDate, nextCheckAt, checkCount);
    }
  }
}
