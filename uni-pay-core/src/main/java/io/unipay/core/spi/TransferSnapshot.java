package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A verified provider result for one transfer (create answer, query, cancel or notification).
 * The engine cross-checks it (number, amount, merchant) against the stored transfer before any
 * state change.
 *
 * @param outBillNo our transfer number, as the provider echoes it
 * @param providerBillNo the provider's id (WeChat {@code transfer_bill_no}, Alipay {@code
 *     order_id}), or null
 * @param state the transfer's state
 * @param amount the amount the provider recorded, in fen, or -1 when it did not say
 * @param merchantId the merchant (WeChat mch_id), or null when not reported
 * @param packageInfo WeChat {@code package_info} for {@code wx.requestMerchantTransfer} while
 *     the state is {@link TransferState#WAIT_USER_CONFIRM}, else null
 * @param failReason the provider's reason for FAIL / CANCELLED, or null
 * @param updatedAt the provider's last update / finish time, or null
 * @param raw the verified (decrypted) provider data
 */
public record TransferSnapshot(
    String outBillNo,
    String providerBillNo,
    TransferState state,
    long amount,
    String merchantId,
    String packageInfo,
    String failReason,
    Instant updatedAt,
    String raw) {

  public TransferSnapshot {
    requireNonNull(outBillNo, "outBillNo == null");
    requireNonNull(state, "state == null");
    if (raw == null) raw = "";
  }

  /** A verified "no such transfer". */
  public static TransferSnapshot notFound(String outBillNo) {
    return new TransferSnapshot(
        outBillNo, null, TransferState.NOT_FOUND, -1, null, null, null, null, "");
  }
}
