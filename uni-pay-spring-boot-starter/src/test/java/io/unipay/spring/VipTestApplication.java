package io.unipay.spring;

import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PaidEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A small VIP-recharge application: its handler grants VIP by inserting a row through {@code
 * JdbcTemplate}, directly or through a {@code @Transactional(REQUIRED)} service, and can be told to
 * fail once in several ways.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class VipTestApplication {

  /** How the handler fails on its next run. */
  enum Failure {
    NONE,
    /** Inserts its row through JdbcTemplate, then throws. */
    THROW_AFTER_INSERT,
    /** Calls the @Transactional service, which inserts and throws; the exception propagates. */
    SERVICE_THROWS,
    /** Calls the @Transactional service, which inserts and throws; the handler swallows it. */
    SERVICE_THROWS_SWALLOWED
  }

  /** What the handler did, for the tests to assert on. */
  static final class Recorder {
    final AtomicReference<Failure> next = new AtomicReference<>(Failure.NONE);
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final Map<String, Integer> statusSeenInside = new ConcurrentHashMap<>();

    void failNext(Failure failure) {
      next.set(failure);
    }

    int runs(String outTradeNo) {
      AtomicInteger n = runs.get(outTradeNo);
      return n == null ? 0 : n.get();
    }
  }

  @Bean
  Recorder recorder() {
    return new Recorder();
  }

  @Bean
  GrantService grantService(JdbcTemplate jdbc) {
    return new GrantService(jdbc);
  }

  @Bean
  @UniPayHandler("vip")
  NotifyHandler vipHandler(JdbcTemplate jdbc, GrantService grants, Recorder recorder) {
    return event -> onPaid(event, jdbc, grants, recorder);
  }

  private static void onPaid(
      PaidEvent event, JdbcTemplate jdbc, GrantService grants, Recorder recorder) {
    String outTradeNo = event.order().outTradeNo();
    recorder.runs.computeIfAbsent(outTradeNo, k -> new AtomicInteger()).incrementAndGet();
    // Only the settlement's own connection can see its uncommitted move to PAID.
    recorder.statusSeenInside.put(
        outTradeNo,
        jdbc.queryForObject(
            "SELECT status FROM uni_pay_orders WHERE out_trade_no = ?", Integer.class, outTradeNo));
    Failure failure = recorder.next.getAndSet(Failure.NONE);
    switch (failure) {
      case NONE -> grants.grant(outTradeNo, event.order().totalFee(), false);
      case THROW_AFTER_INSERT -> {
        jdbc.update(
            "INSERT INTO vip_grants (out_trade_no, fee) VALUES (?, ?)",
            outTradeNo, event.order().totalFee());
        throw new IllegalStateException("VIP service down (test)");
      }
      case SERVICE_THROWS -> grants.grant(outTradeNo, event.order().totalFee(), true);
      case SERVICE_THROWS_SWALLOWED -> {
        try {
          grants.grant(outTradeNo, event.order().totalFee(), true);
        } catch (IllegalStateException swallowed) {
          // the participating transaction is now rollback-only
        }
      }
    }
  }

  /** A Spring service with its own {@code @Transactional(REQUIRED)} boundary. */
  static class GrantService {
    private final JdbcTemplate jdbc;

    GrantService(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public void grant(String outTradeNo, long fee, boolean thenFail) {
      jdbc.update("INSERT INTO vip_grants (out_trade_no, fee) VALUES (?, ?)", outTradeNo, fee);
      if (thenFail) throw new IllegalStateException("grant failed after its insert (test)");
    }
  }
}
