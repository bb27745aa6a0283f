package io.unipay.testkit.wechat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Delivers notifications on background threads and redelivers them on non-2xx following WeChat
 * Pay's schedule (divided by the compression factor), at most 16 attempts in all. Every attempt is
 * re-signed with a fresh timestamp and nonce; the body, and so the notification id, stays.
 */
final class NotificationSender {
  /** WeChat Pay's waits before each redelivery, in seconds (24 h 4 min in all). */
  static final long[] REDELIVERY_SECONDS = {
    15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600
  };

  private static final MediaType JSON = MediaType.get("application/json");

  /** A notification to deliver to {@code url}. */
  record Pending(
      String eventId, String eventType, String outTradeNo, String url, SignedNotification signed) {}

  private final WechatPaySimulator sim;
  private final double compression;
  private final List<NotificationDelivery> deliveries = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "wechat-simulator-notify");
            t.setDaemon(true);
            return t;
          });
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(10))
          .retryOnConnectionFailure(false)
          .build();

  NotificationSender(WechatPaySimulator sim, double compression) {
    this.sim = sim;
    this.compression = compression;
  }

  void send(Pending pending) {
    try {
      executor.execute(() -> attempt(pending, 1));
    } catch (RejectedExecutionException closed) {
      throw new IllegalStateException("the simulator is closed", closed);
    }
  }

  List<NotificationDelivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Waits until a delivery attempt matches; see {@link WechatPaySimulator#awaitDelivery}. */
  NotificationDelivery await(Predicate<NotificationDelivery> which, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<NotificationDelivery> seen = deliveries();
      for (NotificationDelivery d : seen) {
        if (which.test(d)) return d;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no matching notification delivery within " + timeout + ": " + seen);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  void close() {
    executor.shutdownNow();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }

  private void attempt(Pending p, int attempt) {
    Fault fault = sim.takeFault(false);
    if (fault == Fault.DROP_NOTIFICATION) {
      record(p, attempt, 0, fault);
      return;
    }
    SignedNotification signed = resign(p.signed(), fault);
    Request.Builder request = new Request.Builder().url(p.url());
    signed
        .headers()
        .forEach(
            (name, value) -> {
              if (!name.equalsIgnoreCase("Content-Type")) request.header(name, value);
            });
    request.post(RequestBody.create(signed.body(), JSON));
    int status;
    try (Response response = http.newCall(request.build()).execute()) {
      status = response.code();
    } catch (IOException | IllegalArgumentException e) {
      status = -1;
    }
    NotificationDelivery delivery = record(p, attempt, status, fault);
    if (!delivery.acknowledged() && attempt <= REDELIVERY_SECONDS.length) {
      long delayMillis =
          Math.max(1, Math.round(REDELIVERY_SECONDS[attempt - 1] * 1000 / compression));
      try {
        executor.schedule(() -> attempt(p, attempt + 1), delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        // the simulator was closed while a redelivery was due: nothing is left to send it
      }
    }
  }

  private NotificationDelivery record(Pending p, int attempt, int status, Fault fault) {
    NotificationDelivery delivery =
        new NotificationDelivery(
            p.eventId(),
            p.eventType(),
            p.outTradeNo(),
            attempt,
            status,
            fault,
            sim.clock.instant());
    deliveries.add(delivery);
    return delivery;
  }

  private SignedNotification resign(SignedNotification original, Fault fault) {
    WechatPaySimulator.SigningKey key = sim.signingKey();
    long now = sim.clock.instant().getEpochSecond();
    long timestamp = fault == Fault.STALE_NOTIFICATION_TIMESTAMP ? now - 600 : now;
    SignedNotification signed =
        NotificationBuilder.sign(
            original.body(), timestamp, sim.nonces.get(), key.serial(), key.key());
    if (fault == Fault.BAD_NOTIFICATION_SIGNATURE) {
      SignedNotification other =
          NotificationBuilder.sign(
              new byte[] {'{', '}'}, timestamp, sim.nonces.get(), key.serial(), key.key());
      return signed.withHeader("Wechatpay-Signature", other.header("Wechatpay-Signature"));
    }
    if (fault == Fault.SIGNTEST_PROBE_NOTIFICATION) {
      return signed.withHeader(
          "Wechatpay-Signature", "WECHATPAY/SIGNTEST/" + signed.header("Wechatpay-Signature"));
    }
    return signed;
  }
}
