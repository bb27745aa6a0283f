package io.unipay.alipay;

import io.unipay.testkit.alipay.AlipaySimulator;

class PublicKeyModeTest extends AlipayClientContract {
  @Override
  AlipaySimulator startSimulator() {
    return AlipaySimulator.start();
  }

  @Override
  AlipayConfig.Builder configFor(AlipaySimulator simulator) {
    return AlipayConfig.builder()
        .appId(simulator.appId())
        .appPrivateKey(simulator.appPrivateKeyPem())
        .alipayPublicKey(simulator.alipayPublicKeyPem())
        .sellerId(simulator.sellerId())
        .gatewayUrl(simulator.gatewayUrl());
  }
}
