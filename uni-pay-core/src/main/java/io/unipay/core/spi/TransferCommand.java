package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A transfer (payout) the engine asks a {@link PayClient} to make. Re-sending the same {@code
 * outBillNo} must be idempotent at the provider: it is WeChat's {@code out_bill_no} and Alipay's
 * {@code out_biz_no}, and it is never replaced by a new number while the outcome is unknown.
 *
 * @param outBillNo the transfer number sent to the provider (idempotency key)
 * @param appId the provider app id the payee's account belongs to (WeChat appid), or null for the
 *     client's default
 * @param payee who receives the money
 * @param amount in fen, &gt; 0
 * @param remark shown to the payee (WeChat {@code transfer_remark}, Alipay {@code remark}), ≤ 32
 *     characters
 * @param sceneId WeChat {@code transfer_scene_id} (e.g. "1000" cash marketing); Alipay {@code
 *     biz_scene} is always {@code DIRECT_TRANSFER}; null for the client's default
 * @param sceneReportInfos WeChat {@code transfer_scene_report_infos}; empty for Alipay
 * @param userRecvPerception WeChat {@code user_recv_perception}, or null
 * @param title Alipay {@code order_title} (shown in the payee's bill), or null for the remark
 * @param notifyUrl where the provider posts the final result, or null when it has none
 */
public record TransferCommand(
    String outBillNo,
    String appId,
    Payee payee,
    long amount,
    String remark,
    String sceneId,
    List<SceneReportInfo> sceneReportInfos,
    String userRecvPerception,
    String title,
    String notifyUrl) {

  /** One WeChat scene report entry ({@code info_type}, {@code info_content}). */
  public record SceneReportInfo(String infoType, String infoContent) {
    public SceneReportInfo {
      requireNonNull(infoType, "infoType == null");
      requireNonNull(infoContent, "infoContent == null");
    }
  }

  public TransferCommand {
    requireNonNull(outBillNo, "outBillNo == null");
    requireNonNull(payee, "payee == null");
    requireNonNull(remark, "remark == null");
    if (amount <= 0) throw new IllegalArgumentException("amount <= 0: " + amount);
    sceneReportInfos = sceneReportInfos == null ? List.of() : List.copyOf(sceneReportInfos);
  }
}
