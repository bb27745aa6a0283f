package io.unipay.examples.boot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The application's own tables ({@code vip_packages}, {@code vip_users}, {@code vip_orders})
 * through {@link JdbcTemplate}. Called from {@link VipHandler}, its writes join the settlement or
 * refund transaction that uni-pay runs as a Spring transaction, so they commit or roll back with
 * the payment's status change.
 */
@Repository
public class VipAccounts {
  private final JdbcTemplate jdbc;
  private final Clock clock;

  public VipAccounts(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The package with this id, if the application sells it. */
  public Optional<VipPackage> findPackage(String id) {
    return jdbc
        .query(
            "SELECT id, label, price, days FROM vip_packages WHERE id = ?",
            (rs, i) ->
                new VipPackage(
                    rs.getString("id"), rs.getString("label"), rs.getLong("price"),
                    rs.getInt("days")),
            id)
        .stream()
        .findFirst();
  }

  /** Records an open business order for {@code userId}, creating the user on first purchase. */
  public void openOrder(String orderNo, String userId, VipPackage pkg) {
    try {
      jdbc.update("INSERT INTO vip_users (id, vip_until) VALUES (?, NULL)", userId);
    } catch (DuplicateKeyException existing) {
      // a returning user
    }
    jdbc.update(
        "INSERT INTO vip_orders (order_no, user_id, package_id, price, days, status, created_at)"
            + " VALUES (?, ?, ?, ?, ?, 'OPEN', ?)",
        orderNo, userId, pkg.id(), pkg.price(), pkg.days(), clock.millis());
  }

  /** The user's VIP end, or empty when the user never had VIP (or is unknown). */
  public Optional<Instant> vipUntil(String userId) {
    List<Long> until =
        jdbc.queryForList("SELECT vip_until FROM vip_users WHERE id = ?", Long.class, userId);
    return until.isEmpty() || until.get(0) == null
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(until.get(0)));
  }

  /**
   * Grants the VIP days of business order {@code orderNo}, paid by payment {@code outTradeNo} with
   * {@code paidFee} fen: checks the amount against the order's own price, moves the order from OPEN
   * to PAID and extends the user's VIP from now or from its current end, whichever is later.
   *
   * @throws IllegalStateException when the order is unknown, the amount differs or the order is
   *     not open: the settlement then rolls back and the provider delivers again
   */
  public Instant grant(String orderNo, String outTradeNo, long paidFee) {
    Map<String, Object> order =
        jdbc.queryForList("SELECT * FROM vip_orders WHERE order_no = ? FOR UPDATE", orderNo)
            .stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no business order " + orderNo));
    long price = ((Number) order.get("price")).longValue();
    if (price != paidFee) {
      throw new IllegalStateException(
          "paid " + paidFee + " fen for " + orderNo + " but its package costs " + price + " fen");
    }
    int opened =
        jdbc.update(
            "UPDATE vip_orders SET status = 'PAID', paid_out_trade_no = ?"
                + " WHERE order_no = ? AND status = 'OPEN'",
            outTradeNo, orderNo);
    if (opened == 0) throw new IllegalStateException("business order " + orderNo + " is not open");
    String userId = (String) order.get("user_id");
    Duration days = Duration.ofDays(((Number) order.get("days")).longValue());
    Instant now = clock.instant();
    Instant base = lockedVipUntil(userId).filter(until -> until.isAfter(now)).orElse(now);
    Instant until = base.plus(days);
    jdbc.update("UPDATE vip_users SET vip_until = ? WHERE id = ?", until.toEpochMilli(), userId);
    return until;
  }

  /**
   * Takes back the days that payment {@code outTradeNo} granted (never below now), once. Keyed on
   * the payment, so a refund of another payment of the same business order revokes nothing.
   */
  public void revoke(String outTradeNo) {
    Map<String, Object> order =
        jdbc.queryForList(
                "SELECT * FROM vip_orders WHERE paid_out_trade_no = ? FOR UPDATE", outTradeNo)
            .stream()
            .findFirst()
            .orElse(null);
    if (order == null) return;
    int revoked =
        jdbc.update(
            "UPDATE vip_orders SET status = 'REFUNDED' WHERE paid_out_trade_no = ?"
                + " AND status = 'PAID'",
            outTradeNo);
    if (revoked == 0) return;
    String userId = (String) order.get("user_id");
    Duration days = Duration.ofDays(((Number) order.get("days")).longValue());
    Instant now = clock.instant();
    lockedVipUntil(userId)
        .ifPresent(
            until -> {
              Instant reduced = until.minus(days);
              jdbc.update(
                  "UPDATE vip_users SET vip_until = ? WHERE id = ?",
                  (reduced.isBefore(now) ? now : reduced).toEpochMilli(), userId);
            });
  }

  /** The business order's status ({@code OPEN}, {@code PAID}, {@code REFUNDED}), if it exists. */
  public Optional<String> orderStatus(String orderNo) {
    return jdbc
        .queryForList("SELECT status FROM vip_orders WHERE order_no = ?", String.class, orderNo)
        .stream()
        .findFirst();
  }

  private Optional<Instant> lockedVipUntil(String userId) {
    List<Long> until =
        jdbc.queryForList(
            "SELECT vip_until FROM vip_users WHERE id = ? FOR UPDATE", Long.class, userId);
    if (until.isEmpty()) throw new IllegalStateException("no user " + userId);
    Long millis = until.get(0);
    return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
