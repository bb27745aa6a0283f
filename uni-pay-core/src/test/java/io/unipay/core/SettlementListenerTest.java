package io.unipay.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.order.OrderStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SettlementListenerTest {
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @Test
  void theListenerHearsEveryOutcomeIncludingThoseInWhichNoHandlerRuns() {
    EngineFixture f =
        new EngineFixture(
            UniPay.builder()
                .settlementListener(
                    (provider, outTradeNo, outcome, source) ->
                        heard.add(provider.code() + " " + outTradeNo + " " + outcome + " " + source)));
    String outTradeNo = f.create("L1", 300).outTradeNo();

    f.pay.handleNotify(f.wechat.pay(outTradeNo));
    f.pay.handleNotify(f.wechat.pay(outTradeNo));
    f.pay.handleNotify(f.wechat.notification("NOSUCHORDER", 300, f.wechat.merchantId()));

    assertThat(heard)
        .containsExactly(
            "wxpay " + outTradeNo + " SETTLED notify",
            "wxpay " + outTradeNo + " ALREADY_SETTLED notify",
            "wxpay NOSUCHORDER REJECTED notify");
  }

  @Test
  void aListenerThatThrowsChangesNeitherTheOutcomeNorTheAnswer() {
    EngineFixture f =
        new EngineFixture(
            UniPay.builder()
                .settlementListener(
                    (provider, outTradeNo, outcome, source) -> {
                      throw new IllegalStateException("metrics backend down");
                    }));
    String outTradeNo = f.create("L2", 300).outTradeNo();

    NotifyResponse answer = f.pay.handleNotify(f.wechat.pay(outTradeNo));

    assertThat(answer.success()).isTrue();
    assertThat(f.order(outTradeNo).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.handler.paidCalls).hasValue(1);
  }
}
