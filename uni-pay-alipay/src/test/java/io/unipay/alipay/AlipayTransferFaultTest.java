package io.unipay.alipay;

import static io.unipay.alipay.TransferFixture.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.testkit.alipay.Fault;
import io.unipay.testkit.alipay.FaultPoint;
import io.unipay.testkit.alipay.SimTransfers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault on a transfer or its query gives the exception that says what is known; a
 * re-send with the same number never makes a second transfer, and nothing unknown reads as FAIL.
 */
class AlipayTransferFaultTest {
  /** Enough to outlast OkHttp's own re-sends of a reset call; cleared after each case. */
  private static final int TRANSPORT_REPEATS = 4;

  private final TransferFixture f =
      new TransferFixture(Duration.ofMillis(900), Duration.ofMillis(300));

  @AfterEach
  void stop() {
    f.close();
  }

  /** A fault, where it strikes, and what a transfer (create) and a query must make of it. */
  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(Fault.HTTP_502, FaultPoint.BEFORE_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.HTTP_502, FaultPoint.AFTER_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.DISCONNECT, FaultPoint.BEFORE_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.DISCONNECT, FaultPoint.AFTER_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.SLOW_RESPONSE, FaultPoint.BEFORE_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.SLOW_RESPONSE, FaultPoint.AFTER_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.SYSTEM_ERROR, FaultPoint.BEFORE_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.SYSTEM_ERROR, FaultPoint.AFTER_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.UNKNOWN_ERROR, FaultPoint.BEFORE_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.RATE_LIMITED, FaultPoint.BEFORE_APPLY, "OUTCOME_UNKNOWN", "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.INVALID_SIGNATURE, FaultPoint.BEFORE_APPLY, "INCONCLUSIVE", "INCONCLUSIVE"),
        Arguments.of(Fault.UNKNOWN_CODE, FaultPoint.AFTER_APPLY, "INCONCLUSIVE", "INCONCLUSIVE"),
        Arguments.of(Fault.BAD_RESPONSE_SIGNATURE, FaultPoint.AFTER_APPLY, "SIGNATURE_INVALID", "SIGNATURE_INVALID"));
  }

  @ParameterizedTest(name = "{0} {1} on transfer -> {2}")
  @MethodSource("faults")
  void aFaultOnATransferIsReportedAndTheSameNumberMakesOneTransfer(
      Fault fault, FaultPoint point, String onCreate, String onQuery) {
    String no = "AF" + fault.ordinal() + point.ordinal();
    TransferCommand command = command(no, 1_000);
    f.alipay.faults().injectFault(SimTransfers.TRANSFER, fault, point, repeats(fault));

    assertFails(() -> f.client.transfer(command), onCreate);
    f.alipay.faults().clearFaults();
    assertThat(f.alipay.transfers().count(no))
        .as("the transfer exists exactly when the fault struck after applying")
        .isEqualTo(point == FaultPoint.AFTER_APPLY ? 1 : 0);

    TransferSnapshot resent = f.client.transfer(command);
    assertThat(resent.state()).isEqualTo(TransferState.SUCCESS);
    assertThat(f.alipay.transfers().count(no)).isEqualTo(1);
    assertThat(f.alipay.transfers().all()).hasSize(1);
  }

  @ParameterizedTest(name = "{0} {1} on query -> {3}")
  @MethodSource("faults")
  void aFaultOnAQueryIsReportedAndChangesNothing(
      Fault fault, FaultPoint point, String onCreate, String onQuery) {
    String no = "AQ" + fault.ordinal() + point.ordinal();
    f.client.transfer(command(no, 1_000));
    f.alipay.faults().injectFault("alipay.fund.trans.common.query", fault, point, repeats(fault));

    assertFails(() -> f.client.queryTransfer(no), onQuery);
    f.alipay.faults().clearFaults();
    assertThat(f.client.queryTransfer(no).state()).isEqualTo(TransferState.SUCCESS);
    assertThat(f.alipay.transfers().count(no)).isEqualTo(1);
  }

  @Test
  void anAnswerAboutAnotherTransferIsThrownNotReturned() {
    f.client.transfer(command("AFother00001", 100));
    f.client.transfer(command("AFmine000001", 100));
    f.alipay.faults().answerAboutAnotherOrder("alipay.fund.trans.common.query", "AFother00001", 1);

    assertThatThrownBy(() -> f.client.queryTransfer("AFmine000001"))
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
              assertThat(e.getMessage()).contains("AFother00001", "AFmine000001");
            });
  }

  @Test
  void aSystemErrorAfterTheTransferWasMadeIsNeverAFailure() {
    f.alipay.faults().injectFault(SimTransfers.TRANSFER, Fault.SYSTEM_ERROR, FaultPoint.AFTER_APPLY, 1);

    assertThatThrownBy(() -> f.client.transfer(command("AFsys0000001", 100)))
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> {
              assertThat(e).isNotInstanceOf(ProviderRejectedException.class);
              assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
            });
    assertThat(f.client.queryTransfer("AFsys0000001").state()).isEqualTo(TransferState.SUCCESS);
  }

  @Test
  void twentyConcurrentSendsOfOneCommandMakeOneTransfer() throws Exception {
    try (TransferFixture roomy = new TransferFixture(Duration.ofSeconds(3), Duration.ofSeconds(20))) {
      TransferCommand command = command("AFrace000001", 5_000);
      int threads = 20;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<TransferSnapshot>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return roomy.client.transfer(command);
                  }));
        }
        go.countDown();
        Set<String> orderIds = new HashSet<>();
        for (Future<TransferSnapshot> r : results) orderIds.add(r.get().providerBillNo());

        assertThat(orderIds).hasSize(1);
        assertThat(roomy.alipay.transfers().count("AFrace000001")).isEqualTo(1);
        assertThat(roomy.alipay.transfers().createRequests("AFrace000001")).isEqualTo(threads);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static int repeats(Fault fault) {
    return fault == Fault.DISCONNECT ? TRANSPORT_REPEATS : 1;
  }

  private static void assertFails(ThrowingCallable call, String expected) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> {
              if (expected.equals("INCONCLUSIVE")) {
                assertThat(e).isInstanceOf(ProviderRejectedException.class);
                assertThat(((ProviderRejectedException) e).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
              } else {
                assertThat(e.code()).isEqualTo(ErrorCode.valueOf(expected));
              }
            });
  }
}
