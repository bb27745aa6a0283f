package io.unipay.testkit.alipay;

import java.time.Instant;

/**
 * A snapshot of a single transfer ({@code alipay.fund.trans.uni.transfer}) the simulator holds.
 *
 * @param outBizNo the merchant's number
 * @param orderId Alipay's transfer order id
 * @param fen the amount, in fen
 * @param identity the payee ({@code payee_info.identity})
 * @param identityType {@code ALIPAY_USER_ID}, {@code ALIPAY_OPEN_ID} or {@code ALIPAY_LOGON_ID}
 * @param name the payee's name as sent, or null
 * @param title {@code order_title}, or null
 * @param remark {@code remark}, or null
 * @param status SUCCESS, DEALING, FAIL or REFUND
 * @param errorCode the failure code, or null
 * @param failReason the failure reason, or null
 * @param createdAt when the transfer was created (simulator clock)
 * @param paidAt when it succeeded, or null
 */
public record SimulatedTransfer(
    String outBizNo,
    String orderId,
    long fen,
    String identity,
    String identityType,
    String name,
    String title,
    String remark,
    String status,
    String errorCode,
    String failReason,
    Instant createdAt,
    Instant paidAt) {

  /** Never prints the payee's name. */
  @Override
  public String toString() {
    return "SimulatedTransfer[" + outBizNo + " " + status + " " + fen + " fen to " + identityType
        + " " + identity + (name == null ? "" : ", name=***") + "]";
  }
}
