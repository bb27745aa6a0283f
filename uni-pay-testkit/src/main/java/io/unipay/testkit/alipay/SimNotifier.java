package io.unipay.testkit.alipay;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs notifications on one background thread and redelivers those not answered {@code success}
 * on Alipay's schedule (4m, 10m, 10m, 1h, 2h, 6h, 15h: 8 attempts in all), compressed.
 */
final class SimNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimNotifier.class);
  private static final List<Duration> SCHEDULE =
      List.of(
          Duration.ofMinutes(4),
          Duration.ofMinutes(10),
          Duration.ofMinutes(10),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofHours(15));

  private final AlipaySimulator simulator;
  private final long compression;
  private final ScheduledExecutorService executor;
  private final OkHttpClient http;
  private final List<NotifyAttempt> attempts = new CopyOnWriteArrayList<>();
  private final Map<String, SignedForm> lastSent = new ConcurrentHashMap<>();
  private final AtomicInteger drop = new AtomicInteger();
  private final AtomicInteger tamper = new AtomicInteger();

  SimNotifier(AlipaySimulator simulator, long compression) {
    this.simulator = simulator;
    this.compression = compression;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "alipay-simulator-notify");
              t.setDaemon(true);
              return t;
            });
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(10))
            .retryOnConnectionFailure(false)
            .build();
  }

  void drop(int count) {
    drop.addAndGet(count);
  }

  void tamper(int count) {
    tamper.addAndGet(count);
  }

  Optional<SignedForm> lastSent(String outTradeNo) {
    return Optional.ofNullable(lastSent.get(outTradeNo));
  }

  List<NotifyAttempt> attempts() {
    return List.copyOf(attempts);
  }

  /** First delivery now, then redeliveries until acknowledged or the schedule ends. */
  void deliver(String outTradeNo, String notifyUrl, SignedForm form) {
    if (notifyUrl == null || notifyUrl.isEmpty()) return;
    SignedForm toSend = form;
    if (tamper.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      toSend = simulator.signNotification(Map.of("tampered", "true"));
      toSend = new SignedForm(withSign(form, toSend.fields().get("sign")), form.contentType(), form.fields());
    }
    lastSent.put(outTradeNo, toSend);
    if (drop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      record(toSend, 1, 0, "dropped by fault injection", false);
      return;
    }
    SignedForm sending = toSend;
    executor.execute(() -> attempt(notifyUrl, sending, 1, true));
  }

  /** One delivery, no redelivery (duplicates). */
  void deliverOnce(String outTradeNo, String notifyUrl, SignedForm form) {
    if (notifyUrl == null || notifyUrl.isEmpty()) return;
    executor.execute(() -> attempt(notifyUrl, form, 1, false));
  }

  private static byte[] withSign(SignedForm form, String wrongSign) {
    Map<String, String> fields = new java.util.LinkedHashMap<>(form.fields());
    fields.put("sign", wrongSign);
    return SimForm.encode(fields).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private void attempt(String notifyUrl, SignedForm form, int attempt, boolean redeliver) {
    int status = 0;
    String answer;
    try (Response response =
        http.newCall(
                new Request.Builder()
                    .url(notifyUrl)
                    .post(RequestBody.create(form.body(), MediaType.get(form.contentType())))
                    .build())
            .execute()) {
      status = response.code();
      answer = response.body().string().strip();
    } catch (IOException | RuntimeException e) {
      answer = "no answer: " + e;
    }
    boolean ok = status == 200 && "success".equals(answer);
    record(form, attempt, status, answer.length() > 200 ? answer.substring(0, 200) : answer, ok);
    if (!ok && redeliver && attempt <= SCHEDULE.size() && !executor.isShutdown()) {
      long delayMicros = Math.max(1, SCHEDULE.get(attempt - 1).toNanos() / 1000 / compression);
      try {
        executor.schedule(
            () -> attempt(notifyUrl, form, attempt + 1, true), delayMicros, TimeUnit.MICROSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        log.debug("simulator closed, redelivery of {} dropped", form.fields().get("out_trade_no"));
      }
    }
  }

  private void record(SignedForm form, int attempt, int status, String answer, boolean ok) {
    NotifyAttempt a =
        new NotifyAttempt(
            form.fields().get("out_trade_no"),
            form.fields().get("notify_id"),
            form.fields().get("trade_status"),
            attempt,
            status,
            answer,
            ok,
            simulator.clock.instant());
    attempts.add(a);
    synchronized (this) {
      notifyAll();
    }
  }

  boolean awaitAcknowledged(String outTradeNo, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        for (NotifyAttempt a : attempts) {
          if (a.acknowledged() && outTradeNo.equals(a.outTradeNo())) return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
