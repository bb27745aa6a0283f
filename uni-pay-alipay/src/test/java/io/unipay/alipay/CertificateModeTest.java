package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.testkit.alipay.AlipaySimulator;
import org.junit.jupiter.api.Test;

/** The whole contract in certificate mode, with certificates freshly issued by the simulator. */
class CertificateModeTest extends AlipayClientContract {
  @Override
  AlipaySimulator startSimulator() {
    return AlipaySimulator.builder().certificateMode(true).start();
  }

  @Override
  AlipayConfig.Builder configFor(AlipaySimulator simulator) {
    return AlipayConfig.builder()
        .appId(simulator.appId())
        .appPrivateKey(simulator.appPrivateKeyPem())
        .appCert(simulator.certificates().appCertPem())
        .alipayPublicCert(simulator.certificates().alipayCertPem())
        .alipayRootCert(simulator.certificates().alipayRootCertPem())
        .gatewayUrl(simulator.gatewayUrl());
  }

  @Test
  void configComputesTheSameSnsAsTheGateway() {
    AlipayConfig config = client.config();

    assertThat(config.appCertSn()).contains(alipay.certificates().appCertSn());
    assertThat(config.alipayRootCertSn()).contains(alipay.certificates().alipayRootCertSn());
    assertThat(config.alipayCertSn()).contains(alipay.certificates().alipayCertSn());
  }
}
