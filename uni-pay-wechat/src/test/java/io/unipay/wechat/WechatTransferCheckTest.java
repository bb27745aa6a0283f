package io.unipay.wechat;

import static io.unipay.wechat.TransferCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferState;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The payee's real name (RSA-OAEP for the published key, {@code Wechatpay-Serial} naming it) and
 * the rules {@code checkTransfer} enforces before anything is sent.
 */
class WechatTransferCheckTest {
  private static final String NAME = "张三丰";

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void theNameIsEncryptedForTheKeyTheSimulatorPublishedAndDecryptedThere(String mode) {
    try (Harness h = new Harness(mode)) {
      if (!mode.equals("public-key")) {
        CertificateRotationTest.awaitTrue(() -> !h.client.platformCertificateSerials().isEmpty());
      }
      TransferCommand command = command(h, "TBname" + mode.length(), 200_000, NAME);

      assertThat(h.client.transfer(command).state()).isEqualTo(TransferState.WAIT_USER_CONFIRM);
      assertThat(h.sim.transfers().transfer(command.outBillNo()).orElseThrow().userName())
          .isEqualTo(NAME);
      assertThat(h.client.transfer(command).providerBillNo())
          .as("a re-sent bill (new OAEP ciphertext, same name) is the same bill")
          .isEqualTo(h.sim.transfers().transfer(command.outBillNo()).orElseThrow().transferBillNo());
      assertThat(h.sim.transfers().count(command.outBillNo())).isEqualTo(1);
      assertThat(command.toString()).doesNotContain(NAME);
      assertThat(h.sim.transfers().transfer(command.outBillNo()).orElseThrow().toString())
          .doesNotContain(NAME);
    }
  }

  @Test
  void aNameEncryptedForACertificateWechatPayNoLongerServesIsRefusedAndNothingIsCreated() {
    try (Harness h =
        new Harness(
            "certificate", s -> s, c -> c.certificateRefreshInterval(Duration.ofHours(1)))) {
      CertificateRotationTest.awaitTrue(() -> !h.client.platformCertificateSerials().isEmpty());
      String known = h.client.platformCertificateSerials().get(0);
      h.sim.rotatePlatformCertificate();
      h.sim.rotatePlatformCertificate();
      assertThat(h.sim.servedCertificateSerials()).doesNotContain(known);
      TransferCommand command = command(h, "TBserial0001", 250_000, NAME);

      assertThatThrownBy(() -> h.client.transfer(command))
          .isInstanceOfSatisfying(
              ProviderRejectedException.class,
              e -> {
                assertThat(e.providerCode()).isEqualTo("PARAM_ERROR");
                assertThat(e.providerMessage()).contains("Wechatpay-Serial");
                assertThat(e.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
                assertThat(e.getMessage()).doesNotContain(NAME);
              });
      assertThat(h.sim.transfers().count("TBserial0001")).isZero();

      // The refusal was signed with the new certificate, which the client fetches (in the
      // background) on meeting its serial; once it has it, the same number goes through.
      CertificateRotationTest.awaitTrue(
          () -> h.client.platformCertificateSerials().stream()
              .anyMatch(h.sim.servedCertificateSerials()::contains));
      assertThat(h.client.transfer(command).state()).isEqualTo(TransferState.WAIT_USER_CONFIRM);
      assertThat(h.sim.transfers().transfer("TBserial0001").orElseThrow().userName()).isEqualTo(NAME);
    }
  }

  @Test
  void theRealNameIsRequiredFrom2000Yuan() {
    try (Harness h = new Harness("public-key")) {
      h.client.checkTransfer(command(h, "TBlimit00001", 199_999, null));
      assertInvalid(() -> h.client.checkTransfer(command(h, "TBlimit00002", 200_000, null)), "realName");
      assertInvalid(() -> h.client.transfer(command(h, "TBlimit00003", 200_000, null)), "2000 yuan");
      assertThat(h.sim.transfers().all()).as("nothing was sent").isEmpty();
      h.client.checkTransfer(command(h, "TBlimit00004", 200_000, NAME));
    }
  }

  @Test
  void checkTransferRefusesWhatWechatPayWouldRefuseWithoutCallingIt() {
    try (Harness h = new Harness("public-key")) {
      TransferCommand ok = command(h, "TBcheck00001", 100, null);
      h.client.checkTransfer(ok);

      assertInvalid(
          () -> h.client.checkTransfer(with(ok, "TBcheck00001", null, ok.payee(), "a".repeat(33), List.of(ok.sceneReportInfos().get(0)))),
          "remark");
      h.client.checkTransfer(with(ok, "TBcheck00001", null, ok.payee(), "奖".repeat(32), ok.sceneReportInfos()));
      assertInvalid(
          () -> h.client.checkTransfer(with(ok, "TBcheck00001", null, ok.payee(), ok.remark(), List.of())),
          "sceneReportInfos");
      assertInvalid(
          () -> h.client.checkTransfer(with(ok, "TBcheck00001", null,
              new Payee("2088102122524333", Payee.IdType.ALIPAY_USER_ID, null), ok.remark(),
              ok.sceneReportInfos())),
          "WECHAT_OPENID");
      assertInvalid(
          () -> h.client.checkTransfer(with(ok, "TB-check_001", null, ok.payee(), ok.remark(), ok.sceneReportInfos())),
          "outBillNo");
      assertThatThrownBy(
              () -> h.client.checkTransfer(with(ok, "TBcheck00001", "wx0000000000000000", ok.payee(),
                  ok.remark(), ok.sceneReportInfos())))
          .isInstanceOfSatisfying(
              UniPayException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED);
                assertThat(e.getMessage()).contains("wx0000000000000000");
              });
      assertThat(h.sim.requestCount()).as("checks never call WeChat Pay").isZero();
    }
  }

  @Test
  void aClientWithSeveralAppIdsNeedsTheTransfersAppId() {
    try (Harness h =
        new Harness(
            "public-key",
            s -> s.appIds("wxd678efh567hg6787", "wx1111111111111111"),
            c -> c.appId(io.unipay.core.order.PayType.MP, "wx1111111111111111"))) {
      TransferCommand noApp = command(h, "TBapps000001", 100, null);
      assertInvalid(() -> h.client.checkTransfer(noApp), "appId");

      TransferCommand mp =
          with(noApp, "TBapps000001", "wx1111111111111111", noApp.payee(), noApp.remark(),
              noApp.sceneReportInfos());
      h.client.transfer(mp);
      assertThat(h.sim.transfers().transfer("TBapps000001").orElseThrow().appid())
          .isEqualTo("wx1111111111111111");
      assertThat(h.client.queryTransfer("TBapps000001").state()).isEqualTo(TransferState.WAIT_USER_CONFIRM);
    }
  }

  private static TransferCommand with(
      TransferCommand c,
      String outBillNo,
      String appId,
      Payee payee,
      String remark,
      List<TransferCommand.SceneReportInfo> infos) {
    return new TransferCommand(
        outBillNo, appId, payee, c.amount(), remark, c.sceneId(), infos, c.userRecvPerception(),
        c.title(), c.notifyUrl());
  }

  private static void assertInvalid(ThrowingCallable call, String names) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains(names).doesNotContain(NAME);
            });
  }
}
