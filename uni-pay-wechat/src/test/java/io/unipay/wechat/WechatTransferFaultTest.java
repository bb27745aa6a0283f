package io.unipay.wechat;

import static io.unipay.wechat.TransferCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.testkit.wechat.Endpoint;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.Fault.Timing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault on the create and the query of a bill gives the exception that says what is known,
 * and re-sending the same number never makes a second bill (design §14.3).
 */
class WechatTransferFaultTest {
  private Harness h;

  @BeforeEach
  void start() {
    h =
        new Harness(
            "public-key",
            s -> s.slowResponseDelay(Duration.ofMillis(900)),
            // One attempt per call, so each injected fault meets exactly one request.
            c -> c.readTimeout(Duration.ofMillis(300)).retryOnConnectionFailure(false));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** A fault, when it strikes, and what the client must make of it. */
  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(Fault.SERVER_ERROR, Timing.BEFORE_APPLYING, "OUTCOME_UNKNOWN"),
        Arguments.of(Fault.SERVER_ERROR, Timing.AFTER_APPLYING, "OUTCOME_UNKNOWN"),
        Arguments.of(Fault.CONNECTION_RESET, Timing.BEFORE_APPLYING, "OUTCOME_UNKNOWN"),
        Arguments.of(Fault.CONNECTION_RESET, Timing.AFTER_APPLYING, "OUTCOME_UNKNOWN"),
        Arguments.of(Fault.SLOW_RESPONSE, Timing.BEFORE_APPLYING, "OUTCOME_UNKNOWN"),
        Arguments.of(Fault.SLOW_RESPONSE, Timing.AFTER_APPLYING, "OUTCOME_UNKNOWN"),
        Arguments.of(Fault.RATE_LIMITED, Timing.BEFORE_APPLYING, "PROVIDER_UNAVAILABLE"),
        Arguments.of(Fault.SIGN_ERROR, Timing.BEFORE_APPLYING, "INCONCLUSIVE"),
        Arguments.of(Fault.NO_AUTH, Timing.BEFORE_APPLYING, "INCONCLUSIVE"),
        Arguments.of(Fault.UNKNOWN_ERROR_CODE, Timing.AFTER_APPLYING, "INCONCLUSIVE"),
        Arguments.of(Fault.BAD_RESPONSE_SIGNATURE, Timing.AFTER_APPLYING, "SIGNATURE_INVALID"),
        Arguments.of(Fault.UNSIGNED_RESPONSE, Timing.AFTER_APPLYING, "SIGNATURE_INVALID"),
        Arguments.of(Fault.STALE_RESPONSE_TIMESTAMP, Timing.AFTER_APPLYING, "SIGNATURE_INVALID"),
        Arguments.of(Fault.FOREIGN_ANSWER, Timing.AFTER_APPLYING, "OUTCOME_UNKNOWN"));
  }

  @ParameterizedTest(name = "{0} {1} on create -> {2}")
  @MethodSource("faults")
  void aFaultOnCreateIsReportedAndTheSameNumberMakesOneBill(
      Fault fault, Timing timing, String expected) {
    String no = "TBfc" + fault.ordinal() + timing.ordinal();
    TransferCommand command = command(h, no, 1_000, null);
    h.sim.inject(fault, Endpoint.TRANSFER_CREATE, timing, 1);

    assertFails(() -> h.client.transfer(command), expected);
    assertThat(h.sim.transfers().count(no))
        .as("the bill exists exactly when the fault struck after applying")
        .isEqualTo(timing == Timing.AFTER_APPLYING ? 1 : 0);

    TransferSnapshot resent = h.client.transfer(command);
    assertThat(resent.state()).isEqualTo(TransferState.WAIT_USER_CONFIRM);
    assertThat(resent.outBillNo()).isEqualTo(no);
    assertThat(h.sim.transfers().count(no)).isEqualTo(1);
    assertThat(h.sim.transfers().all()).hasSize(1);
    assertThat(h.sim.pendingFaults()).isZero();
  }

  @ParameterizedTest(name = "{0} {1} on query -> {2}")
  @MethodSource("faults")
  void aFaultOnQueryIsReportedAndChangesNothing(Fault fault, Timing timing, String expected) {
    String no = "TBfq" + fault.ordinal() + timing.ordinal();
    h.client.transfer(command(h, no, 1_000, null));
    h.sim.confirmTransfer(no);
    h.sim.inject(fault, Endpoint.TRANSFER_QUERY, timing, 1);

    assertFails(() -> h.client.queryTransfer(no), expected);

    assertThat(h.client.queryTransfer(no).state()).isEqualTo(TransferState.SUCCESS);
    assertThat(h.sim.transfers().count(no)).isEqualTo(1);
  }

  @Test
  void aFaultOnCancelLeavesTheBillToBeAskedAgain() {
    h.client.transfer(command(h, "TBcf00000001", 100, null));
    h.sim.inject(Fault.CONNECTION_RESET, Endpoint.TRANSFER_CANCEL, Timing.AFTER_APPLYING, 1);

    assertFails(() -> h.client.cancelTransfer("TBcf00000001"), "OUTCOME_UNKNOWN");
    assertThat(h.client.queryTransfer("TBcf00000001").state()).isEqualTo(TransferState.CANCELLED);
  }

  @Test
  void nothingSentIsProviderUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    WechatPayConfig config =
        Fixtures.forSimulator(h.sim, "public-key").baseUrl("http://127.0.0.1:" + port).build();
    try (WechatPayClient unreachable = new WechatPayClient(config)) {
      assertFails(
          () -> unreachable.transfer(command(h, "TBdown000001", 100, null)),
          "PROVIDER_UNAVAILABLE");
      assertFails(() -> unreachable.queryTransfer("TBdown000001"), "PROVIDER_UNAVAILABLE");
    }
  }

  private static void assertFails(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String expected) {
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
