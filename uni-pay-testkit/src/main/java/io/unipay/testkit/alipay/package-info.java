/**
 * {@link io.unipay.testkit.alipay.AlipaySimulator}: an offline Alipay OpenAPI gateway with real
 * RSA2 crypto for tests, written from the protocol independently of uni-pay-alipay.
 */
package io.unipay.testkit.alipay;
