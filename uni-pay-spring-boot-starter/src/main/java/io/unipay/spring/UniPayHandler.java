package io.unipay.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers a {@link io.unipay.core.spi.NotifyHandler} bean as the handler of one order type. Put
 * it next to {@code @Component} on the class, or next to {@code @Bean} on a factory method:
 *
 * <pre>{@code
 * @Component
 * @UniPayHandler("vip")
 * class VipHandler implements NotifyHandler {
 *   private final JdbcTemplate jdbc;
 *   VipHandler(JdbcTemplate jdbc) { this.jdbc = jdbc; }
 *
 *   public void onPaid(PaidEvent event) {   // runs inside the settlement transaction
 *     jdbc.update("UPDATE users SET vip_until = ? WHERE id = ?", ...);
 *   }
 * }
 * }</pre>
 *
 * <p>The handler runs inside the settlement transaction, which is a Spring transaction on the
 * application's DataSource: {@code JdbcTemplate} writes and {@code @Transactional(REQUIRED)}
 * services commit or roll back together with the order's move to PAID.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface UniPayHandler {
  /** The order type this handler serves, e.g. {@code vip}: 1..32 chars of [0-9A-Za-z_-]. */
  String value();
}
