package io.unipay.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.order.Provider;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The transfer values: the state machine, the name mask, the hand-off, what toString shows. */
class TransferValuesTest {

  private static Transfer waiting() {
    return Transfer.builder()
        .transferNo("T1")
        .outBillNo("20260301080000ABCDEFGHIJKLMNOPQR")
        .type("withdraw")
        .provider(Provider.WXPAY)
        .status(TransferStatus.WAIT_USER_CONFIRM)
        .amount(100)
        .payeeAccount("o-openid")
        .payeeIdType(Payee.IdType.WECHAT_OPENID)
        .payeeNameMask("张*")
        .remark("提现")
        .appId("wx-app")
        .mchId("1230000109")
        .packageInfo("secret-package")
        .createDate(Instant.parse("2026-03-01T08:00:00Z"))
        .nextCheckAt(Instant.parse("2026-03-01T08:01:00Z"))
        .build();
  }

  @Test
  void statusesOnlyMoveForwardAndNeverLeaveAFinalOne() {
    assertThat(TransferStatus.CREATED.canMoveTo(TransferStatus.WAIT_USER_CONFIRM)).isTrue();
    assertThat(TransferStatus.WAIT_USER_CONFIRM.canMoveTo(TransferStatus.TRANSFERING)).isTrue();
    assertThat(TransferStatus.WAIT_USER_CONFIRM.canMoveTo(TransferStatus.CANCELING)).isTrue();
    assertThat(TransferStatus.TRANSFERING.canMoveTo(TransferStatus.WAIT_USER_CONFIRM)).isFalse();
    assertThat(TransferStatus.TRANSFERING.canMoveTo(TransferStatus.CANCELING)).isFalse();
    assertThat(TransferStatus.CANCELING.canMoveTo(TransferStatus.SUCCESS)).isTrue();
    for (TransferStatus end : new TransferStatus[] {
        TransferStatus.SUCCESS, TransferStatus.FAIL, TransferStatus.CANCELLED}) {
      assertThat(end.isFinal()).isTrue();
      for (TransferStatus any : TransferStatus.values()) assertThat(end.canMoveTo(any)).isFalse();
    }
    for (TransferState state : TransferState.values()) {
      if (state == TransferState.NOT_FOUND) {
        assertThatThrownBy(() -> TransferStatus.of(state))
            .isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(TransferStatus.of(state).name()).isEqualTo(state.name());
        assertThat(TransferStatus.of(state).isFinal()).isEqualTo(state.isFinal());
      }
    }
  }

  @Test
  void aRealNameIsMaskedAfterItsFirstCharacter() {
    assertThat(Transfer.maskName("张三")).isEqualTo("张*");
    assertThat(Transfer.maskName("欧阳娜娜")).isEqualTo("欧***");
    assertThat(Transfer.maskName("𠀋𠀋")).isEqualTo("𠀋*");
    assertThat(Transfer.maskName("王")).isEqualTo("*");
    assertThat(Transfer.maskName(null)).isNull();
  }

  @Test
  void theHandOffIsOfferedOnlyWhileWechatWaitsForThePayee() {
    Transfer t = waiting();
    UserConfirmation c = t.confirmation().orElseThrow();
    assertThat(c.requestMerchantTransferParams())
        .containsExactly(
            java.util.Map.entry("mchId", "1230000109"), java.util.Map.entry("appId", "wx-app"),
            java.util.Map.entry("package", "secret-package"),
            java.util.Map.entry("openId", "o-openid"));
    assertThat(t.toBuilder().status(TransferStatus.TRANSFERING).build().confirmation()).isPresent();
    assertThat(t.toBuilder().status(TransferStatus.SUCCESS).build().confirmation()).isEmpty();
    assertThat(t.toBuilder().packageInfo(null).build().confirmation()).isEmpty();
    assertThat(t.toBuilder().provider(Provider.ALIPAY).build().confirmation()).isEmpty();
  }

  @Test
  void toStringShowsNoPayeeDataAndNoPackage() {
    Transfer t = waiting();
    assertThat(t.toString()).contains("T1", "WAIT_USER_CONFIRM", "100 fen")
        .doesNotContain("o-openid", "张", "secret-package");
    assertThat(t.confirmation().orElseThrow().toString()).doesNotContain("secret-package", "o-openid");
    assertThat(t.hasPayeeName()).isTrue();
  }
}
