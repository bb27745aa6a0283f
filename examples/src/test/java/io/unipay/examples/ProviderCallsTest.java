package io.unipay.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.TradeState;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link ProviderCalls} around the real WeChat Pay and Alipay clients, talking to the sandbox's
 * simulators over loopback: the wrapped client answers exactly as the original, and the calls are
 * kept per order, bounded, as a word each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderCallsTest {
  private Providers providers;
  private final ProviderCalls calls = new ProviderCalls(Clock.systemUTC());

  @BeforeAll
  void startSimulators() {
    providers =
        Providers.sandbox(
            List.of(new VipPackage("m1", "月度会员", "30 天 VIP", 990, 30)), Clock.systemUTC());
  }

  @AfterAll
  void stopSimulators() {
    if (providers != null) providers.close();
  }

  @Test
  void aRecordingClientAnswersLikeTheClientItWraps() {
    for (PayClient client : providers.clients) {
      PayClient recording = calls.recording(client);

      assertThat(recording.provider()).isEqualTo(client.provider());
      assertThat(recording.merchantId()).isEqualTo(client.merchantId());
      assertThat(recording.appId(PayType.NATIVE)).isEqualTo(client.appId(PayType.NATIVE));
      assertThat(recording.appId(PayType.NATIVE, "vip"))
          .isEqualTo(client.appId(PayType.NATIVE, "vip"));
      assertThat(recording.maxDescriptionBytes()).isEqualTo(client.maxDescriptionBytes());
      assertThat(recording.acknowledge(true, "ok")).isEqualTo(client.acknowledge(true, "ok"));
      assertThat(recording).isEqualTo(recording).isNotEqualTo(client);
    }
    assertThat(calls.recording(providers.clients.get(1)).maxDescriptionBytes())
        .isNotEqualTo(calls.recording(providers.clients.get(0)).maxDescriptionBytes());
  }

  @Test
  void eachOrderKeepsItsLastTwentyCallsWithTheAnswerInAWord() {
    PayClient wechat = calls.recording(providers.clients.get(0));
    String no = "CALLS" + System.nanoTime();

    for (int i = 0; i < ProviderCalls.PER_ORDER + 5; i++) {
      assertThat(wechat.query(no).state()).isEqualTo(TradeState.NOT_FOUND);
    }

    List<ProviderCalls.Call> kept = calls.of(no);
    assertThat(kept).hasSize(ProviderCalls.PER_ORDER);
    assertThat(kept).allSatisfy(c -> {
      assertThat(c.operation()).isEqualTo("query");
      assertThat(c.result()).isEqualTo("NOT_FOUND");
      assertThat(c.provider()).isEqualTo(wechat.provider());
    });
    assertThat(kept).extracting(ProviderCalls.Call::at).isSorted();
    assertThat(calls.of("SOMETHINGELSE")).isEmpty();
  }

  @Test
  void aFailedCallIsThrownUnchangedAndKeptAsItsErrorCode() {
    for (PayClient client : providers.clients) {
      PayClient recording = calls.recording(client);
      String no = "FAIL" + System.nanoTime();
      RefundCommand refund =
          new RefundCommand(no, null, "R" + no, 100, 100, "CNY", "test", null);

      Throwable direct = catchThrowable(() -> client.refund(refund));
      Throwable wrapped = catchThrowable(() -> recording.refund(refund));

      assertThat(wrapped).isInstanceOf(UniPayException.class).hasSameClassAs(direct);
      assertThat(((UniPayException) wrapped).code()).isEqualTo(((UniPayException) direct).code());
      ProviderCalls.Call call = calls.of(no).get(0);
      assertThat(call.operation()).isEqualTo("refund");
      assertThat(call.outRefundNo()).isEqualTo("R" + no);
      assertThat(call.result()).startsWith("failed: " + ((UniPayException) direct).code());
      assertThat(call.result()).matches("[A-Za-z0-9_.:, ()?-]+");
    }
  }
}
