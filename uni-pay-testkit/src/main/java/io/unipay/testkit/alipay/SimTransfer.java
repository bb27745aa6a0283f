package io.unipay.testkit.alipay;

import java.time.Instant;
import java.util.Map;

/** One single transfer the simulator remembers. Guarded by the simulator's lock. */
final class SimTransfer {
  final String outBizNo;
  final String orderId;
  final String payFundOrderId;
  final long fen;
  final String identity;
  final String identityType;
  final String name;
  final String title;
  final String remark;
  /** The biz_content fields, for the idempotency check. */
  final Map<String, String> request;
  final Instant createdAt;
  String status;
  String errorCode;
  String failReason;
  Instant paidAt;

  SimTransfer(
      String outBizNo,
      String orderId,
      String payFundOrderId,
      long fen,
      String identity,
      String identityType,
      String name,
      String title,
      String remark,
      Map<String, String> request,
      Instant createdAt,
      String status) {
    this.outBizNo = outBizNo;
    this.orderId = orderId;
    this.payFundOrderId = payFundOrderId;
    this.fen = fen;
    this.identity = identity;
    this.identityType = identityType;
    this.name = name;
    this.title = title;
    this.remark = remark;
    this.request = request;
    this.createdAt = createdAt;
    this.status = status;
    if (status.equals("SUCCESS")) paidAt = createdAt;
  }

  SimulatedTransfer view() {
    return new SimulatedTransfer(
        outBizNo, orderId, fen, identity, identityType, name, title, remark, status, errorCode,
        failReason, createdAt, paidAt);
  }
}
