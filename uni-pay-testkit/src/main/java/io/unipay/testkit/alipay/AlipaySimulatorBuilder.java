package io.unipay.testkit.alipay;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * Settings of an {@link AlipaySimulator} ({@link AlipaySimulator#builder()}); every one has a
 * default. Not thread-safe.
 */
public final class AlipaySimulatorBuilder {
  String appId = AlipaySimulator.DEFAULT_APP_ID;
  String sellerId = AlipaySimulator.DEFAULT_SELLER_ID;
  String appPrivateKeyPem = SimCrypto.resource("merchant_private_key.pem");
  String alipayPrivateKeyPem = SimCrypto.resource("wechat_pay_private_key.pem");
  boolean certificateMode;
  Clock clock = Clock.systemUTC();
  long notifyRetryCompression = 60_000;
  Duration slowResponseDelay = Duration.ofSeconds(3);
  boolean deferRefundSettlement;
  boolean notifyRefunds;
  Duration closeIdleConnectionsAfter = Duration.ZERO;

  AlipaySimulatorBuilder() {}

  /**
   * The gateway closes a keep-alive connection that stays idle longer than this, as real gateways
   * and load balancers do; {@code Duration.ZERO} (the default) keeps them open.
   */
  public AlipaySimulatorBuilder closeIdleConnectionsAfter(Duration idle) {
    requireNonNull(idle, "idle == null");
    if (idle.isNegative()) throw new IllegalArgumentException("idle < 0: " + idle);
    this.closeIdleConnectionsAfter = idle;
    return this;
  }

  public AlipaySimulatorBuilder appId(String appId) {
    this.appId = requireNonNull(appId, "appId == null");
    return this;
  }

  public AlipaySimulatorBuilder sellerId(String sellerId) {
    this.sellerId = requireNonNull(sellerId, "sellerId == null");
    return this;
  }

  /** The app's private key (PKCS#8 PEM); the gateway verifies requests with its public half. */
  public AlipaySimulatorBuilder appPrivateKeyPem(String pem) {
    this.appPrivateKeyPem = requireNonNull(pem, "appPrivateKeyPem == null");
    return this;
  }

  /** Alipay's private key (PKCS#8 PEM) for answers and notifications. */
  public AlipaySimulatorBuilder alipayPrivateKeyPem(String pem) {
    this.alipayPrivateKeyPem = requireNonNull(pem, "alipayPrivateKeyPem == null");
    return this;
  }

  /** Certificate mode: fresh app/Alipay/root certificates; requests must carry their SNs. */
  public AlipaySimulatorBuilder certificateMode(boolean certificateMode) {
    this.certificateMode = certificateMode;
    return this;
  }

  public AlipaySimulatorBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock == null");
    return this;
  }

  /**
   * Divides Alipay's redelivery schedule (4m, 10m, 10m, 1h, 2h, 6h, 15h) by this factor; the
   * default 60000 turns the ~24 h schedule into ~1.5 s.
   */
  public AlipaySimulatorBuilder notifyRetryCompression(long factor) {
    if (factor < 1) throw new IllegalArgumentException("notifyRetryCompression < 1: " + factor);
    this.notifyRetryCompression = factor;
    return this;
  }

  /** How long {@link Fault#SLOW_RESPONSE} delays an answer; default 3 s. */
  public AlipaySimulatorBuilder slowResponseDelay(Duration delay) {
    this.slowResponseDelay = requireNonNull(delay, "delay == null");
    return this;
  }

  /**
   * Refunds are accepted with {@code fund_change=N} and reported without {@code refund_status}
   * until {@link AlipaySimulator#settleRefund}; default false (refunds settle at once).
   */
  public AlipaySimulatorBuilder deferRefundSettlement(boolean defer) {
    this.deferRefundSettlement = defer;
    return this;
  }

  /**
   * Whether each refund also POSTs a refund notification to the trade's notify_url; default false.
   */
  public AlipaySimulatorBuilder notifyRefunds(boolean notify) {
    this.notifyRefunds = notify;
    return this;
  }

  /** Builds and starts the simulator on a free loopback port. */
  public AlipaySimulator start() {
    return new AlipaySimulator(this);
  }
}
