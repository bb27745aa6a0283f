package io.unipay.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.FakePayClient;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.memory.InMemoryTransferRepository;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.scenarios.TransferRig;
import io.unipay.core.spi.TransferState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Transfer notifications (routing, an engine without transfers), {@code getTransfer} with a
 * provider sync, and transfer facts in the ledger: replay after a repair, acknowledge, and a
 * clear refusal where transfers are not configured.
 */
class TransferNotifyAndLedgerTest {
  private final InMemoryOrderRepository orders = new InMemoryOrderRepository();
  private final InMemoryTransferRepository transfers = new InMemoryTransferRepository(orders);
  private final TransferRig rig = new TransferRig(orders, transfers);

  private static NotifyRequest onPath(NotifyRequest n, String path) {
    return new NotifyRequest(n.method(), path, n.headers(), n.body());
  }

  @Test
  void theTransferRouteRefusesPaymentAndRefundNotifications() {
    FakePayClient wechat = rig.engine.wechat;
    String created = rig.engine.create("O1", 100, Provider.WXPAY).outTradeNo();

    NotifyResponse payment =
        rig.deliver(onPath(wechat.pay(created), wechat.pathFor("transfer")));
    NotifyResponse refund =
        rig.deliver(onPath(
            wechat.refundNotification(created, "R1", RefundStatus.SUCCESS, 100),
            wechat.pathFor("transfer")));

    assertThat(payment.success()).isFalse();
    assertThat(refund.success()).isFalse();
    assertThat(rig.engine.order(created).status().isPaid()).isFalse();
  }

  @Test
  void aTransferResultIsBoundByItsNumberOnAnyRouteOfItsProvider() {
    Transfer t = rig.engine.pay.transfer(rig.wechat("N1", 100).build()).transfer();
    NotifyRequest confirmed = rig.fake(Provider.WXPAY).confirm(t.outBillNo());

    NotifyResponse ack = rig.deliver(onPath(confirmed, rig.engine.wechat.pathFor("native")));

    assertThat(ack.success()).isTrue();
    assertThat(rig.stored("N1").status()).isEqualTo(TransferStatus.SUCCESS);
    assertThat(rig.engine.pay.transferNotifyUrl(Provider.WXPAY))
        .isEqualTo("https://shop.example.com/notify/wxpay/transfer");
  }

  @Test
  void anEngineWithoutTransfersKeepsATransferResultAndAsksForItAgain() {
    FakePayClient wechat = new FakePayClient(Provider.WXPAY);
    InMemoryOrderRepository plainOrders = new InMemoryOrderRepository();
    UniPay plain =
        UniPay.builder().repository(plainOrders).payClient(wechat).handler("vip", e -> {})
            .notifyBaseUrl("https://shop.example.com/notify").build();
    NotifyRequest n =
        wechat.transfers().notification("20260301080000CCCCCCCCCCCCCCCCCC", TransferState.SUCCESS,
            100, "1230000109");

    NotifyResponse ack = plain.handleNotify(n);

    assertThat(ack.success()).isFalse();
    ProviderEvent kept = plainOrders.findEvent(1).orElseThrow();
    assertThat(kept.kind()).isEqualTo(EventKind.NOTICE);
    assertThat(kept.providerState()).isEqualTo("TRANSFER_SUCCESS");
    assertThat(kept.outcome()).isEqualTo(EventOutcome.IGNORED_EVENT_TYPE);
  }

  @Test
  void getTransferWithASyncAppliesTheProvidersAnswerAndRunsTheHandlerOnce() {
    Transfer t = rig.engine.pay.transfer(rig.wechat("G1", 100).build()).transfer();
    rig.fake(Provider.WXPAY).confirm(t.outBillNo()); // notification lost
    int queries = rig.fake(Provider.WXPAY).queryCalls.get();

    assertThat(rig.engine.pay.getTransfer("G1").status())
        .isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(rig.fake(Provider.WXPAY).queryCalls).hasValue(queries);
    assertThat(rig.engine.pay.getTransfer("G1", true).status()).isEqualTo(TransferStatus.SUCCESS);
    assertThat(rig.engine.pay.getTransfer("G1", true).status()).isEqualTo(TransferStatus.SUCCESS);

    assertThat(rig.fake(Provider.WXPAY).queryCalls).as("a final one is not asked again")
        .hasValue(queries + 1);
    assertThat(rig.handler.succeeded("G1")).isEqualTo(1);
  }

  @Test
  void anUnmatchedTransferResultIsAppliedByReplayOnceTheTransferIsRepaired() {
    String outBillNo = "20260301080000DDDDDDDDDDDDDDDDDD";
    rig.deliver(rig.fake(Provider.WXPAY).notification(outBillNo, TransferState.SUCCESS, 300,
        "1230000109"));
    ProviderEvent unmatched = rig.engine.pay.ledger().unresolved(10).get(0);
    assertThat(unmatched.kind()).isEqualTo(EventKind.TRANSFER);
    assertThat(unmatched.outcome()).isEqualTo(EventOutcome.TRANSFER_UNMATCHED);

    // An operator restores the lost row (e.g. from a backup).
    Instant now = rig.engine.clock.instant();
    transfers.insert(
        Transfer.builder().transferNo("REPAIRED").outBillNo(outBillNo).type("withdraw")
            .provider(Provider.WXPAY).status(TransferStatus.WAIT_USER_CONFIRM).amount(300)
            .payeeAccount(TransferRig.OPENID)
            .payeeIdType(io.unipay.core.spi.Payee.IdType.WECHAT_OPENID).remark("提现")
            .appId(TransferRig.APP_ID).mchId("1230000109").createDate(now).nextCheckAt(now)
            .build(),
        null);
    ProviderEvent replayed = rig.engine.pay.ledger().replay(unmatched.id());

    assertThat(replayed.isUnresolved()).isFalse();
    assertThat(replayed.resolution()).isEqualTo(EventOutcome.TRANSFER_APPLIED);
    assertThat(rig.stored("REPAIRED").status()).isEqualTo(TransferStatus.SUCCESS);
    assertThat(rig.handler.succeeded("REPAIRED")).isEqualTo(1);
    assertThat(rig.engine.pay.ledger().replay(unmatched.id())).isEqualTo(replayed);
    assertThat(rig.handler.succeeded("REPAIRED")).as("a second replay runs nothing").isEqualTo(1);
  }

  @Test
  void aTransferConflictCanBeAcknowledgedByAnOperator() {
    Transfer t = rig.engine.pay.transfer(rig.wechat("K1", 100).build()).transfer();
    rig.deliver(rig.fake(Provider.WXPAY).notification(t.outBillNo(), TransferState.SUCCESS, 999,
        "1230000109"));
    ProviderEvent conflict = rig.engine.pay.ledger().unresolved(10).get(0);

    assertThat(rig.engine.pay.ledger().replay(conflict.id()).isUnresolved())
        .as("still does not fit").isTrue();
    ProviderEvent acknowledged = rig.engine.pay.ledger().acknowledge(conflict.id());

    assertThat(acknowledged.isUnresolved()).isFalse();
    assertThat(rig.stored("K1").status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
  }

  @Test
  void replayingATransferFactWithoutTransfersConfiguredSaysSo() {
    InMemoryOrderRepository plainOrders = new InMemoryOrderRepository();
    UniPay plain =
        UniPay.builder().repository(plainOrders).payClient(new FakePayClient(Provider.WXPAY))
            .handler("vip", e -> {}).notifyBaseUrl("https://shop.example.com/notify").build();
    Instant now = Instant.parse("2026-03-01T08:00:00Z");
    plainOrders.appendEvent(
        new ProviderEvent(0, "k-transfer", Provider.WXPAY, EventKind.TRANSFER, "notify",
            "20260301080000EEEEEEEEEEEEEEEEEE", null, null, 100, "CNY", "SUCCESS", null, null,
            null, null, EventOutcome.TRANSFER_UNMATCHED, null, "", now, null, null));
    long id = plainOrders.findEventByKey("k-transfer").orElseThrow().id();

    assertThatThrownBy(() -> plain.ledger().replay(id))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("no transfers configured");
  }
}
