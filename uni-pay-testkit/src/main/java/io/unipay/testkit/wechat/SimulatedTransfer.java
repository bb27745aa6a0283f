package io.unipay.testkit.wechat;

import java.time.Instant;

/**
 * A snapshot of a transfer bill ({@code /v3/fund-app/mch-transfer/transfer-bills}) the simulator
 * holds.
 *
 * @param outBillNo the merchant's bill number
 * @param transferBillNo WeChat Pay's bill number
 * @param appid the app the payee's openid belongs to
 * @param openid the payee
 * @param amount in fen
 * @param remark {@code transfer_remark}
 * @param sceneId {@code transfer_scene_id}
 * @param userName the payee's real name as the simulator decrypted it from {@code user_name}
 *     (RSA-OAEP with the key it published), or null when none was sent
 * @param state ACCEPTED, PROCESSING, WAIT_USER_CONFIRM, TRANSFERING, SUCCESS, FAIL, CANCELING or
 *     CANCELLED
 * @param failReason why it failed, or null
 * @param packageInfo the {@code package_info} handed to {@code wx.requestMerchantTransfer}
 * @param createdAt when the bill was created (simulator clock)
 * @param updatedAt its last state change
 */
public record SimulatedTransfer(
    String outBillNo,
    String transferBillNo,
    String appid,
    String openid,
    long amount,
    String remark,
    String sceneId,
    String userName,
    String state,
    String failReason,
    String packageInfo,
    Instant createdAt,
    Instant updatedAt) {

  /** Never prints the payee's name. */
  @Override
  public String toString() {
    return "SimulatedTransfer[" + outBillNo + " " + state + " " + amount + " fen to " + openid
        + (userName == null ? "" : ", userName=***") + "]";
  }
}
