package io.unipay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.fake.FakePayClient;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.Provider;
import io.unipay.core.scenarios.FaultyRepository;
import io.unipay.core.spi.OrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad input to the reconciler fails clearly, before anything is claimed or downloaded. */
class ReconcilerArgumentsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-05T00:00:00Z"));
  private final FakePayClient wechat = new FakePayClient(Provider.WXPAY).useClock(clock);

  private UniPay engine(OrderRepository repository) {
    return UniPay.builder().repository(repository).payClient(wechat).handler("vip", e -> {})
        .notifyBaseUrl("https://shop.example.com/notify").clock(clock).build();
  }

  @Test
  void aRepositoryWithoutReconciliationStorageIsAConfigurationError() {
    UniPay pay = engine(new FaultyRepository(new InMemoryOrderRepository()));
    assertCode(() -> pay.reconciler().reconcile(Provider.WXPAY, DAY),
        ErrorCode.CONFIGURATION_INVALID);
    assertThat(wechat.bills().opened).hasValue(0);
  }

  @Test
  void missingArgumentsAndAnUnconfiguredProviderAreRefused() {
    Reconciler reconciler = engine(new InMemoryOrderRepository()).reconciler();
    assertCode(() -> reconciler.reconcile(null, DAY), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> reconciler.reconcile(Provider.WXPAY, null), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> reconciler.reconcile(Provider.ALIPAY, DAY), ErrorCode.PROVIDER_NOT_CONFIGURED);
    assertCode(() -> reconciler.discrepancies(Provider.WXPAY, DAY, 0, 0), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> reconciler.job().providers(Set.of(Provider.ALIPAY)),
        ErrorCode.PROVIDER_NOT_CONFIGURED);
    assertThat(wechat.bills().opened).hasValue(0);
  }

  @Test
  void settingsOutOfRangeAreRefusedByTheBuilder() {
    UniPay pay = engine(new InMemoryOrderRepository());
    assertCode(() -> Reconciler.builder(pay).batchSize(0), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> Reconciler.builder(pay).batchSize(1001), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> Reconciler.builder(pay).lease(Duration.ofSeconds(1)), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> Reconciler.builder(pay).boundaryTolerance(Duration.ofHours(7)),
        ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> Reconciler.builder(pay).reportLimit(-1), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> pay.reconciler().job().catchUpDays(0), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aReportLimitOfZeroGivesTheCountsWithoutDiscrepancies() {
    UniPay pay = engine(new InMemoryOrderRepository());
    wechat.bills().none(DAY); // nothing local, nothing at the provider
    var report = Reconciler.builder(pay).reportLimit(0).build().reconcile(Provider.WXPAY, DAY);
    assertThat(report.isClean()).isTrue();
    assertThat(report.discrepancies()).isEmpty();
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(UniPayException.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }
}
