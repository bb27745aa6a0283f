package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** time_expire reaches Alipay in GMT+8: the simulator closes the trade exactly when it is due. */
class AlipayExpiryTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T23:30:00Z"));
  private final AlipaySimulator alipay = AlipaySimulator.builder().clock(clock).start();
  private final AlipayClient client =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(TestKeys.pkcs1Pem(alipay.appPrivateKeyPem()))
              .alipayPublicKey(TestKeys.bare(alipay.alipayPublicKeyPem()))
              .gatewayUrl(alipay.gatewayUrl())
              .clock(clock)
              .build());

  @AfterEach
  void stop() {
    client.close();
    alipay.close();
  }

  @Test
  void anUnpaidTradeClosesAtItsExpiryInstant() {
    client.prepay(new PrepayRequest("E1", PayType.MP, 100, "CNY", "VIP", "http://127.0.0.1:1/n",
        clock.instant().plus(Duration.ofMinutes(30)), "2088102122524333", null, null));

    clock.advance(Duration.ofMinutes(29));
    assertThat(client.query("E1").state()).isEqualTo(TradeState.NOT_PAID);
    clock.advance(Duration.ofMinutes(1));
    assertThat(client.query("E1").state()).isEqualTo(TradeState.CLOSED);
  }

  @Test
  void aForeignCurrencyIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client.prepay(new PrepayRequest("E2", PayType.NATIVE, 100, "USD", "VIP",
            "http://127.0.0.1:1/n", clock.instant().plusSeconds(60), null, null, null)))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(alipay.truth().calls()).isEmpty();
  }
}
