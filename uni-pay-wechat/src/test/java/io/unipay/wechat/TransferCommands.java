package io.unipay.wechat;

import io.unipay.core.spi.Payee;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferCommand.SceneReportInfo;
import io.unipay.core.spi.TransferSnapshot;
import java.time.Duration;
import java.util.List;

/** Transfer commands for the simulator's payee, and waiting for transfer notifications. */
final class TransferCommands {
  static final String OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
  static final Duration WAIT = Duration.ofSeconds(10);
  static final List<SceneReportInfo> CASH_MARKETING =
      List.of(new SceneReportInfo("活动名称", "新会员有礼"), new SceneReportInfo("奖励说明", "注册会员抽奖一等奖"));

  private TransferCommands() {}

  /** A scene-1000 transfer of {@code fen} to the default payee, notified to the harness. */
  static TransferCommand command(Harness h, String outBillNo, long fen, String realName) {
    return new TransferCommand(
        outBillNo,
        null,
        new Payee(OPENID, Payee.IdType.WECHAT_OPENID, realName),
        fen,
        "活动奖励",
        null,
        CASH_MARKETING,
        "现金奖励",
        null,
        h.notifyUrl("/notify/wxpay/transfer"));
  }

  /** The same command with another amount. */
  static TransferCommand withAmount(TransferCommand c, long fen) {
    return new TransferCommand(
        c.outBillNo(), c.appId(), c.payee(), fen, c.remark(), c.sceneId(), c.sceneReportInfos(),
        c.userRecvPerception(), c.title(), c.notifyUrl());
  }

  /** The first transfer notification the merchant endpoint accepted for {@code outBillNo}. */
  static TransferSnapshot awaitNotified(Harness h, String outBillNo) {
    h.sim.awaitAcknowledged(outBillNo, WAIT);
    return h.received.stream()
        .filter(n -> n instanceof ProviderNotification.TransferResult)
        .map(n -> ((ProviderNotification.TransferResult) n).transfer())
        .filter(t -> t.outBillNo().equals(outBillNo))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no transfer notification for " + outBillNo));
  }
}
