package io.unipay.alipay;

import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand;
import io.unipay.testkit.alipay.AlipaySimulator;
import java.time.Duration;
import java.util.List;

/** A certificate-mode simulator, a client for it, and transfer commands. */
final class TransferFixture implements AutoCloseable {
  static final String PAYEE = "2088102122524333";

  final AlipaySimulator alipay;
  final AlipayClient client;

  TransferFixture() {
    this(Duration.ofSeconds(3), Duration.ofSeconds(5));
  }

  TransferFixture(Duration slowResponseDelay, Duration readTimeout) {
    alipay =
        AlipaySimulator.builder().certificateMode(true).slowResponseDelay(slowResponseDelay).start();
    client =
        new AlipayClient(
            AlipayConfig.builder()
                .appId(alipay.appId())
                .appPrivateKey(alipay.appPrivateKeyPem())
                .appCert(alipay.certificates().appCertPem())
                .alipayPublicCert(alipay.certificates().alipayCertPem())
                .alipayRootCert(alipay.certificates().alipayRootCertPem())
                .gatewayUrl(alipay.gatewayUrl())
                .readTimeout(readTimeout)
                .build());
  }

  /** {@code fen} to the default payee (by user id), titled and remarked. */
  static TransferCommand command(String outBizNo, long fen) {
    return command(outBizNo, fen, new Payee(PAYEE, Payee.IdType.ALIPAY_USER_ID, null));
  }

  static TransferCommand command(String outBizNo, long fen, Payee payee) {
    return new TransferCommand(
        outBizNo, null, payee, fen, "佣金结算", null, List.of(), null, "推广佣金", null);
  }

  @Override
  public void close() {
    client.close();
    alipay.close();
  }
}
