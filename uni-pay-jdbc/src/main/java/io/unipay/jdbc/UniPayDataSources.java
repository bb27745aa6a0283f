package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Builds HikariCP pools for the payment tables. Hosts that already have a pool pass it to {@link
 * JdbiOrderRepository#create(javax.sql.DataSource)} instead.
 */
public final class UniPayDataSources {
  private UniPayDataSources() {}

  /**
   * A started pool for {@code settings}. The caller owns it and closes it on shutdown. The JDBC
   * driver must be on the class path (uni-pay-jdbc depends on none).
   */
  public static HikariDataSource create(JdbcSettings settings) {
    return new HikariDataSource(hikariConfig(settings));
  }

  /**
   * The Hikari configuration for {@code settings}, for hosts that want to adjust more (schema, data
   * source properties, metrics) before starting the pool.
   */
  public static HikariConfig hikariConfig(JdbcSettings settings) {
    requireNonNull(settings, "settings == null");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    if (settings.username() != null) config.setUsername(settings.username());
    if (settings.password() != null) config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maximumPoolSize());
    config.setMinimumIdle(settings.minimumIdle());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setIdleTimeout(settings.idleTimeout().toMillis());
    config.setMaxLifetime(settings.maxLifetime().toMillis());
    config.setPoolName(settings.poolName());
    return config;
  }
}
