package io.unipay.testkit.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Mutable state of one transfer bill inside the simulator; guarded by the simulator's lock. */
final class TransferBill {
  final String outBillNo;
  final String transferBillNo;
  final String appid;
  final String openid;
  final long amount;
  final String remark;
  final String sceneId;
  /** The payee's name as the simulator decrypted it, or null when none was sent. */
  final String userName;
  final String notifyUrl;
  /** The request with {@code user_name} replaced by its plaintext, for the idempotency check. */
  final JsonNode request;
  final String packageInfo;
  final Instant createTime;

  String state = "WAIT_USER_CONFIRM";
  String failReason;
  Instant updateTime;

  TransferBill(
      String outBillNo,
      String transferBillNo,
      String appid,
      String openid,
      long amount,
      String remark,
      String sceneId,
      String userName,
      String notifyUrl,
      JsonNode request,
      String packageInfo,
      Instant createTime) {
    this.outBillNo = outBillNo;
    this.transferBillNo = transferBillNo;
    this.appid = appid;
    this.openid = openid;
    this.amount = amount;
    this.remark = remark;
    this.sceneId = sceneId;
    this.userName = userName;
    this.notifyUrl = notifyUrl;
    this.request = request;
    this.packageInfo = packageInfo;
    this.createTime = createTime;
    this.updateTime = createTime;
  }

  boolean isFinal() {
    return state.equals("SUCCESS") || state.equals("FAIL") || state.equals("CANCELLED");
  }

  /** Whether the payee has not confirmed yet, so the merchant may still cancel. */
  boolean cancellable() {
    return state.equals("ACCEPTED")
        || state.equals("PROCESSING")
        || state.equals("WAIT_USER_CONFIRM");
  }

  SimulatedTransfer view() {
    return new SimulatedTransfer(
        outBillNo,
        transferBillNo,
        appid,
        openid,
        amount,
        remark,
        sceneId,
        userName,
        state,
        failReason,
        packageInfo,
        createTime,
        updateTime);
  }
}
