package io.unipay.testkit.alipay;

import static java.util.Objects.requireNonNull;

/**
 * The failures an {@link AlipaySimulator} can inject ({@link AlipaySimulator#faults()}): gateway
 * faults for the next calls, answers about another trade, lost or tampered notifications, and
 * certificate downloads that serve the wrong certificate. Thread-safe.
 */
public final class SimulatorFaults {
  private final SimFaults queue;
  private final SimNotifier notifier;
  private final SimulatorCertificates certificates;

  SimulatorFaults(SimFaults queue, SimNotifier notifier, SimulatorCertificates certificates) {
    this.queue = queue;
    this.notifier = notifier;
    this.certificates = certificates;
  }

  /**
   * The next {@code times} gateway calls, whatever their method, fail with {@code fault} at its
   * {@link Fault#defaultPoint()} (queued after earlier faults). Faults injected for a method with
   * {@link #injectFault(String, Fault, FaultPoint, int)} are used first for that method.
   */
  public SimulatorFaults injectFault(Fault fault, int times) {
    requireNonNull(fault, "fault == null");
    queue.add(null, new SimFaults.Injected(fault, fault.defaultPoint(), null), times);
    return this;
  }

  /** {@link #injectFault(String, Fault, FaultPoint, int)} at the fault's default point. */
  public SimulatorFaults injectFault(String method, Fault fault, int times) {
    requireNonNull(fault, "fault == null");
    return injectFault(method, fault, fault.defaultPoint(), times);
  }

  /**
   * The next {@code times} calls of gateway {@code method} (e.g. {@code alipay.trade.refund},
   * {@code alipay.trade.fastpay.refund.query}, {@code alipay.trade.query}) fail with {@code fault},
   * {@linkplain FaultPoint#BEFORE_APPLY before} the call takes effect (nothing done) or {@linkplain
   * FaultPoint#AFTER_APPLY after} (e.g. the refund exists, its answer is lost). Calls of other
   * methods are not affected.
   */
  public SimulatorFaults injectFault(String method, Fault fault, FaultPoint point, int times) {
    requireNonNull(method, "method == null");
    queue.add(method, new SimFaults.Injected(fault, point, null), times);
    return this;
  }

  /**
   * The next {@code times} calls of {@code method} are carried out and answered, validly signed,
   * for trade {@code otherOutTradeNo} instead of the one asked about ({@link Fault#ANOTHER_ORDER}).
   */
  public SimulatorFaults answerAboutAnotherOrder(String method, String otherOutTradeNo, int times) {
    requireNonNull(method, "method == null");
    requireNonNull(otherOutTradeNo, "otherOutTradeNo == null");
    queue.add(
        method,
        new SimFaults.Injected(Fault.ANOTHER_ORDER, FaultPoint.AFTER_APPLY, otherOutTradeNo),
        times);
    return this;
  }

  /**
   * The next {@code queries} calls of {@code alipay.fund.trans.common.query} answer {@code
   * ORDER_NOT_EXIST} (signed) even for a transfer the simulator holds: the window in which
   * Alipay's record trails a transfer whose answer was lost.
   */
  public SimulatorFaults transferNotVisibleFor(int queries) {
    queue.add(
        SimTransfers.QUERY,
        new SimFaults.Injected(Fault.ORDER_NOT_EXIST, FaultPoint.AFTER_APPLY, null),
        queries);
    return this;
  }

  /** Forgets every gateway fault injected and not yet used. */
  public SimulatorFaults clearFaults() {
    queue.clear();
    return this;
  }

  /** The next {@code count} notifications (with all their redeliveries) are lost in transit. */
  public SimulatorFaults dropNextNotifications(int count) {
    notifier.drop(count);
    return this;
  }

  /** The next {@code count} notifications are sent with a wrong signature. */
  public SimulatorFaults tamperNextNotifications(int count) {
    notifier.tamper(count);
    return this;
  }

  /**
   * Certificate mode: the next {@code times} {@code alipay.open.app.alipaycert.download} calls,
   * whatever SN they ask for, are answered (validly signed) with the certificate {@code servedSn}
   * the simulator issued earlier: a certificate whose SN is not the one requested.
   */
  public SimulatorFaults serveAnotherCertificateOnDownload(String servedSn, int times) {
    if (certificates == null) {
      throw new IllegalStateException("the simulator runs in public-key mode");
    }
    certificates.misdirect(requireNonNull(servedSn, "servedSn == null"), times);
    return this;
  }
}
