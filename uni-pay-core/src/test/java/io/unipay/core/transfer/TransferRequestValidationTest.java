package io.unipay.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.FakePayClient;
import io.unipay.core.fake.FakeTransfers;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.memory.InMemoryTransferRepository;
import io.unipay.core.order.Provider;
import io.unipay.core.scenarios.TransferRig;
import io.unipay.core.spi.Payee;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Bad transfer requests: each is refused with a clear {@link UniPayException} naming the problem
 * (never the payee's name), and nothing is stored or sent.
 */
class TransferRequestValidationTest {
  private final InMemoryOrderRepository orders = new InMemoryOrderRepository();
  private final InMemoryTransferRepository transfers = new InMemoryTransferRepository(orders);
  private final TransferRig rig =
      new TransferRig(orders, transfers, b -> b.maxAmount(5_000_00), b -> b);

  private void refused(
      UnaryOperator<TransferRequest.Builder> change, ErrorCode code, String mentions) {
    TransferRequest request = change.apply(rig.wechat("V1", 100)).build();
    assertThatThrownBy(() -> rig.engine.pay.transfer(request))
        .isInstanceOfSatisfying(UniPayException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(mentions)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("秘密名字"));
    assertThat(transfers.size()).as("nothing stored").isZero();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    assertThat(fake.transferCalls).as("nothing sent").hasValue(0);
    assertThat(rig.fake(Provider.ALIPAY).transferCalls).hasValue(0);
  }

  @Test
  void theTransferNumberMustBeOfTheAllowedForm() {
    refused(b -> b.transferNo(null), ErrorCode.INVALID_ARGUMENT, "transferNo");
    refused(b -> b.transferNo("has space"), ErrorCode.INVALID_ARGUMENT, "transferNo");
    refused(b -> b.transferNo("x".repeat(65)), ErrorCode.INVALID_ARGUMENT, "transferNo");
  }

  @Test
  void theTypeMustHaveATransferHandler() {
    refused(b -> b.type("vip"), ErrorCode.UNKNOWN_TYPE, "no TransferHandler registered for type 'vip'");
    refused(b -> b.type(null), ErrorCode.INVALID_ARGUMENT, "type");
  }

  @Test
  void theProviderMustBeGivenAndConfigured() {
    refused(b -> b.provider(null), ErrorCode.INVALID_ARGUMENT, "provider is required");
    refused(b -> b.provider(Provider.APPLEIAP), ErrorCode.PROVIDER_NOT_CONFIGURED, "appleiap");
  }

  @Test
  void theAmountMustBePositiveAndWithinTheConfiguredMaximum() {
    refused(b -> b.amount(0), ErrorCode.INVALID_ARGUMENT, "amount must be > 0");
    refused(b -> b.amount(-5), ErrorCode.INVALID_ARGUMENT, "amount must be > 0");
    refused(b -> b.amount(5_000_01), ErrorCode.INVALID_ARGUMENT, "maximum of 500000 fen");
  }

  @Test
  void theRemarkIsRequiredAndAtMost32Characters() {
    refused(b -> b.remark(null), ErrorCode.INVALID_ARGUMENT, "remark is required");
    refused(b -> b.remark("  "), ErrorCode.INVALID_ARGUMENT, "remark is required");
    refused(b -> b.remark("提".repeat(33)), ErrorCode.INVALID_ARGUMENT, "remark is 33 characters");
    refused(b -> b.remark("a\nb"), ErrorCode.INVALID_ARGUMENT, "remark has control characters");
  }

  @Test
  void thePayeeMustFitTheProviderAndAWechatOpenidNeedsItsApp() {
    refused(b -> b.payee(null), ErrorCode.INVALID_ARGUMENT, "payee is required");
    refused(b -> b.payee(new Payee("2088000000000001", Payee.IdType.ALIPAY_USER_ID, null)),
        ErrorCode.INVALID_ARGUMENT, "does not fit provider wxpay");
    refused(b -> b.wechatPayee("open id", null), ErrorCode.INVALID_ARGUMENT, "payee account");
    refused(b -> b.appId(null), ErrorCode.INVALID_ARGUMENT, "appId is required");
    refused(b -> b.wechatPayee(TransferRig.OPENID, " "), ErrorCode.INVALID_ARGUMENT, "realName is blank");
    refused(b -> b.wechatPayee(TransferRig.OPENID, "秘密名字\t"), ErrorCode.INVALID_ARGUMENT,
        "realName has control characters");
  }

  @Test
  void sceneReportInfosAreRequiredByWechatsCheck() {
    refused(b -> TransferRequest.builder().transferNo("V1").type("withdraw")
            .provider(Provider.WXPAY).wechatPayee(TransferRig.OPENID, null).amount(100)
            .remark("提现").appId(TransferRig.APP_ID),
        ErrorCode.INVALID_ARGUMENT, "sceneReportInfos are required");
    refused(b -> b.sceneReportInfo("", "x"), ErrorCode.INVALID_ARGUMENT, "infoType and infoContent");
  }

  @Test
  void theRealNameIsRequiredFromWechatsThresholdOn() {
    refused(b -> b.amount(FakeTransfers.NAME_THRESHOLD), ErrorCode.INVALID_ARGUMENT,
        "realName is required");
    TransferResult ok =
        rig.engine.pay.transfer(
            rig.wechat("V2", FakeTransfers.NAME_THRESHOLD).wechatPayee(TransferRig.OPENID, "秘密名字")
                .build());
    assertThat(ok.transfer().status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
  }

  @Test
  void anEngineWithoutTransfersSaysHowToConfigureThem() {
    UniPay plain =
        UniPay.builder()
            .repository(new InMemoryOrderRepository())
            .payClient(new FakePayClient(Provider.WXPAY))
            .handler("vip", event -> {})
            .notifyBaseUrl("https://shop.example.com/notify")
            .build();

    assertThatThrownBy(() -> plain.transfer(rig.wechat("V1", 100).build()))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
        .hasMessageContaining("transfers(");
    assertThatThrownBy(() -> plain.getTransfer("V1"))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
  }

  @Test
  void anUnknownTransferNumberIsNotFound() {
    assertThatThrownBy(() -> rig.engine.pay.getTransfer("missing", true))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSFER_NOT_FOUND));
    assertThatThrownBy(() -> rig.engine.pay.getTransfer(null))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void transferSettingsRefuseAMissingRepositoryOrHandlerAndBadLimits() {
    assertThatThrownBy(() -> TransferSettings.builder().handler("w", rig.handler).build())
        .hasMessageContaining("repository is required");
    assertThatThrownBy(() -> TransferSettings.builder().repository(transfers).build())
        .hasMessageContaining("at least one transfer handler");
    assertThatThrownBy(() -> TransferSettings.builder().maxAmount(0))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
    assertThatThrownBy(() -> TransferSettings.builder().handler("bad type", rig.handler))
        .hasMessageContaining("bad type");
    assertThatThrownBy(
            () -> TransferSettings.builder().handler("w", rig.handler).handler("w", rig.handler))
        .hasMessageContaining("already registered");
  }
}
