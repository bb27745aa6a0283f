package io.unipay.testkit.alipay;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What really happened at an {@link AlipaySimulator} ({@link AlipaySimulator#truth()}), for
 * assertions: trades, refunds, gateway calls, notification attempts and certificate downloads.
 * Thread-safe; every list is a snapshot.
 */
public final class SimulatorTruth {
  private final AlipaySimulator sim;

  SimulatorTruth(AlipaySimulator sim) {
    this.sim = sim;
  }

  /** Every notification attempt so far, oldest first. */
  public List<NotifyAttempt> notifyAttempts() {
    return sim.notifier.attempts();
  }

  /** The notification attempts about one trade, oldest first. */
  public List<NotifyAttempt> notifyAttempts(String outTradeNo) {
    return sim.notifier.attempts().stream().filter(a -> a.outTradeNo().equals(outTradeNo)).toList();
  }

  /** Waits until a notification about the trade was answered {@code success}. */
  public boolean awaitAcknowledged(String outTradeNo, Duration timeout)
      throws InterruptedException {
    return sim.notifier.awaitAcknowledged(outTradeNo, timeout);
  }

  /** The trade's {@code trade_status}, or empty when the simulator has no such trade. */
  public Optional<String> tradeStatus(String outTradeNo) {
    synchronized (sim.lock) {
      SimTrade t = sim.trades.get(outTradeNo);
      return t == null ? Optional.empty() : Optional.of(t.status);
    }
  }

  /** The sum refunded on a trade, in fen; 0 when the trade is unknown or has no refund. */
  public long refundedFen(String outTradeNo) {
    synchronized (sim.lock) {
      SimTrade t = sim.trades.get(outTradeNo);
      return t == null ? 0 : t.refundedFen;
    }
  }

  /** The refund with this {@code out_request_no} on the trade, if the simulator made it. */
  public Optional<SimulatedRefund> refund(String outTradeNo, String outRequestNo) {
    return refunds(outTradeNo).stream()
        .filter(r -> r.outRequestNo().equals(outRequestNo))
        .findFirst();
  }

  /** Every refund made on the trade, oldest first (empty when the trade is unknown). */
  public List<SimulatedRefund> refunds(String outTradeNo) {
    synchronized (sim.lock) {
      SimTrade t = sim.trades.get(outTradeNo);
      if (t == null) return List.of();
      return t.refunds.values().stream()
          .map(r -> new SimulatedRefund(outTradeNo, r.outRequestNo, r.fen, r.settled, r.at))
          .toList();
    }
  }

  /** The {@code method} of every gateway call received, in order (including rejected ones). */
  public List<String> calls() {
    return sim.callLog();
  }

  /**
   * Certificate mode: the {@code alipay_cert_sn} asked for by every {@code
   * alipay.open.app.alipaycert.download} call the gateway answered, in order (empty in public-key
   * mode).
   */
  public List<String> certificateDownloads() {
    return sim.certificates == null ? List.of() : sim.certificates.downloads();
  }
}
