package io.unipay.examples;

import io.unipay.core.UniPayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The example host's own business data: VIP packages, users and business orders. Everything that
 * decides money (the price) lives here, on the server, never in the browser.
 */
public final class VipStore {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private final Jdbi jdbi;
  private final Clock clock;

  public VipStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Creates the tables if missing and seeds the packages and a demo user. */
  public void createSchemaAndSeed() {
    String ddl;
    try (InputStream in = VipStore.class.getResourceAsStream("sql/app-schema.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read app-schema.sql", e);
    }
    jdbi.useHandle(h -> {
      for (String statement : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!statement.isBlank()) h.execute(statement);
      }
      if (h.createQuery("SELECT COUNT(*) FROM vip_packages").mapTo(Integer.class).one() == 0) {
        insertPackage(h, new VipPackage("m1", "月度会员", "30 天 VIP，畅享全部内容", 990, 30));
        insertPackage(h, new VipPackage("q1", "季度会员", "90 天 VIP，比月度省 15%", 2500, 90));
        insertPackage(h, new VipPackage("y1", "年度会员", "365 天 VIP，最划算", 8800, 365));
      }
      h.execute(
          "INSERT INTO vip_users (id, nickname, vip_expire_date) SELECT 'u1001', 'Demo user', NULL"
              + " WHERE NOT EXISTS (SELECT 1 FROM vip_users WHERE id = 'u1001')");
    });
  }

  private static void insertPackage(Handle h, VipPackage p) {
    h.createUpdate(
            "INSERT INTO vip_packages (id, label, dec_text, price, days)"
                + " VALUES (:id, :label, :dec, :price, :days)")
        .bind("id", p.id()).bind("label", p.label()).bind("dec", p.dec())
        .bind("price", p.price()).bind("days", p.days())
        .execute();
  }

  public List<VipPackage> packages() {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT id, label, dec_text, price, days FROM vip_packages ORDER BY price")
            .map((rs, ctx) -> new VipPackage(
                rs.getString("id"), rs.getString("label"), rs.getString("dec_text"),
                rs.getLong("price"), rs.getInt("days")))
            .list());
  }

  public Optional<VipPackage> findPackage(String id) {
    return packages().stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The longest user id, the same limit as the engine's {@code userId} and its tables. */
  public static final int MAX_USER_ID = 64;

  private static final java.util.regex.Pattern USER_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_USER_ID + "}");

  /** Whether {@code userId} is well-formed: 1 to 64 of {@code A-Z a-z 0-9 _ . -}. */
  public static boolean validUserId(String userId) {
    return userId != null && USER_ID.matcher(userId).matches();
  }

  /**
   * Creates a user without VIP.
   *
   * @return false when a user with this id exists already
   * @throws IllegalArgumentException when the id or nickname is malformed
   */
  public boolean createUser(String userId, String nickname) {
    if (!validUserId(userId)) {
      throw new IllegalArgumentException(
          "userId must be 1 to " + MAX_USER_ID + " of A-Z a-z 0-9 _ . -");
    }
    if (nickname.isBlank() || nickname.length() > 64) {
      throw new IllegalArgumentException("nickname must be 1 to 64 chars");
    }
    return jdbi.inTransaction(h -> {
      if (h.createQuery("SELECT COUNT(*) FROM vip_users WHERE id = :id").bind("id", userId)
          .mapTo(Integer.class).one() > 0) {
        return false;
      }
      h.createUpdate("INSERT INTO vip_users (id, nickname, vip_expire_date) VALUES (:id, :nick, NULL)")
          .bind("id", userId).bind("nick", nickname).execute();
      return true;
    });
  }

  /**
   * Creates the user unless it exists (a payer's first sign-in); safe when two first sign-ins of
   * one payer race (the loser of the insert finds the row).
   *
   * @return whether this call created the user
   */
  public boolean createUserIfMissing(String userId, String nickname) {
    try {
      return createUser(userId, nickname);
    } catch (org.jdbi.v3.core.JdbiException e) {
      if (userExists(userId)) return false; // the concurrent sign-in inserted it first
      throw e;
    }
  }

  /** The user's nickname, if the user exists. */
  public Optional<String> nickname(String userId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT nickname FROM vip_users WHERE id = :id")
        .bind("id", userId).mapTo(String.class).findOne());
  }

  /** The newest business orders, newest first (the operator page). */
  public List<Map<String, Object>> recentOrders(int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT order_no, user_id, package_id, price, status, paid_out_trade_no, created_at"
                + " FROM vip_orders ORDER BY created_at DESC, order_no DESC")
        .setMaxRows(limit).mapToMap().list());
  }

  public boolean userExists(String userId) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT COUNT(*) FROM vip_users WHERE id = :id").bind("id", userId)
            .mapTo(Integer.class).one() > 0);
  }

  /** The user's VIP expiry, if they are or were a VIP. */
  public Optional<Instant> vipExpiry(String userId) {
    return jdbi.withHandle(h -> readExpiry(h, userId, ""));
  }

  /**
   * The user's VIP expiry, read with the user's row locked until the transaction ends, so that
   * concurrent payments (or refunds) of one user extend from each other's result instead of one
   * overwriting the other.
   */
  private static Optional<Instant> lockedVipExpiry(Handle h, String userId) {
    return readExpiry(h, userId, " FOR UPDATE");
  }

  private static Optional<Instant> readExpiry(Handle h, String userId, String lock) {
    return h.createQuery("SELECT vip_expire_date FROM vip_users WHERE id = :id" + lock)
        .bind("id", userId)
        .map((rs, ctx) -> {
          long millis = rs.getLong(1);
          return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
        })
        .findOne();
  }

  /** Opens a business order for a package at the package's server-side price. */
  public String openOrder(String userId, VipPackage pkg) {
    String orderNo =
        "VIP" + clock.millis() + "-" + Integer.toString(RANDOM.nextInt(36 * 36 * 36 * 36), 36);
    jdbi.useHandle(h -> h.createUpdate(
            "INSERT INTO vip_orders (order_no, user_id, package_id, price, status, created_at)"
                + " VALUES (:no, :user, :pkg, :price, 'OPEN', :now)")
        .bind("no", orderNo).bind("user", userId).bind("pkg", pkg.id())
        .bind("price", pkg.price()).bind("now", clock.millis())
        .execute());
    return orderNo;
  }

  public Optional<Map<String, Object>> order(String orderNo) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM vip_orders WHERE order_no = :no")
        .bind("no", orderNo).mapToMap().findOne());
  }

  /**
   * Grants the VIP days of a paid business order, inside the caller's (settlement) transaction:
   * re-checks the paid amount against the package price, marks the business order paid exactly
   * once, and extends the user's VIP from max(now, current expiry).
   *
   * @return the new expiry
   * @throws IllegalStateException when the amount or the order does not match (rolls back)
   */
  public Instant grantVip(Handle h, String orderNo, String outTradeNo, long paidFee) {
    Map<String, Object> order = h.createQuery("SELECT * FROM vip_orders WHERE order_no = :no FOR UPDATE")
        .bind("no", orderNo).mapToMap().findOne()
        .orElseThrow(() -> new IllegalStateException("no business order " + orderNo));
    long price = ((Number) order.get("price")).longValue();
    if (price != paidFee) {
      throw new IllegalStateException(
          "paid " + paidFee + " fen for " + orderNo + " but the package costs " + price + " fen");
    }
    int changed = h.createUpdate(
            "UPDATE vip_orders SET status = 'PAID', paid_out_trade_no = :otn"
                + " WHERE order_no = :no AND status = 'OPEN'")
        .bind("otn", outTradeNo).bind("no", orderNo).execute();
    if (changed == 0) {
      throw new IllegalStateException("business order " + orderNo + " is not open");
    }
    String userId = (String) order.get("user_id");
    int days = h.createQuery("SELECT days FROM vip_packages WHERE id = :id")
        .bind("id", order.get("package_id")).mapTo(Integer.class).one();
    Instant now = clock.instant();
    Instant base = lockedVipExpiry(h, userId).filter(e -> e.isAfter(now)).orElse(now);
    Instant expiry = base.plus(Duration.ofDays(days));
    h.createUpdate("UPDATE vip_users SET vip_expire_date = :exp WHERE id = :id")
        .bind("exp", expiry.toEpochMilli()).bind("id", userId).execute();
    return expiry;
  }

  /**
   * Takes back the VIP days that the payment {@code outTradeNo} granted, after its full refund
   * (never below now). Runs in the refund's transaction. Keyed on the payment, not the business
   * order: a refund of any other payment of the same business order (e.g. an automatically
   * refunded duplicate) can never revoke this grant.
   */
  public void revokeVip(Handle h, String outTradeNo) {
    Map<String, Object> order =
        h.createQuery("SELECT * FROM vip_orders WHERE paid_out_trade_no = :otn FOR UPDATE")
            .bind("otn", outTradeNo).mapToMap().findOne().orElse(null);
    if (order == null) return;
    int changed = h.createUpdate(
            "UPDATE vip_orders SET status = 'REFUNDED' WHERE paid_out_trade_no = :otn"
                + " AND status = 'PAID'")
        .bind("otn", outTradeNo).execute();
    if (changed == 0) return;
    String userId = (String) order.get("user_id");
    int days = h.createQuery("SELECT days FROM vip_packages WHERE id = :id")
        .bind("id", order.get("package_id")).mapTo(Integer.class).one();
    lockedVipExpiry(h, userId).ifPresent(expiry -> {
      Instant reduced = expiry.minus(Duration.ofDays(days));
      Instant now = clock.instant();
      h.createUpdate("UPDATE vip_users SET vip_expire_date = :exp WHERE id = :id")
          .bind("exp", (reduced.isBefore(now) ? now : reduced).toEpochMilli())
          .bind("id", userId).execute();
    });
  }

  static UniPayException unknownPackage(String id) {
    return UniPayException.invalid("unknown package '" + id + "'");
  }
}
