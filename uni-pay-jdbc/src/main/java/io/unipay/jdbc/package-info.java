/**
 * The production {@link io.unipay.core.spi.OrderRepository}: {@link
 * io.unipay.jdbc.JdbiOrderRepository} on Jdbi 3, with schema files for H2, PostgreSQL and
 * MySQL/MariaDB, and {@link io.unipay.jdbc.UniPayDataSources} to build a HikariCP pool.
 */
package io.unipay.jdbc;
