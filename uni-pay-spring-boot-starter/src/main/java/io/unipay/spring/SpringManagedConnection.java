package io.unipay.spring;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * A JDBC connection for a Jdbi handle that takes its real connection from Spring only when the
 * first statement runs ({@link DataSourceUtils#getConnection}): inside a Spring transaction that is
 * the transaction's connection, outside one a pooled connection of its own.
 *
 * <p>Jdbi opens a handle before it starts the handle's transaction; deferring the lookup lets the
 * transaction that {@link SpringTransactionHandler} starts be the one the handle's SQL runs in.
 * {@link #release} hands the real connection back (to the transaction, or to the pool) and the next
 * statement looks one up again.
 */
final class SpringManagedConnection implements InvocationHandler {
  private final DataSource dataSource;
  private Connection target;
  private boolean closed;

  private SpringManagedConnection(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A connection proxy that resolves against {@code dataSource} on first use. */
  static Connection open(DataSource dataSource) {
    return (Connection)
        Proxy.newProxyInstance(
            SpringManagedConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new SpringManagedConnection(dataSource));
  }

  /** Releases the real connection of {@code connection} if it is one of ours and holds one. */
  static void release(Connection connection) {
    if (Proxy.isProxyClass(connection.getClass())
        && Proxy.getInvocationHandler(connection) instanceof SpringManagedConnection managed) {
      managed.release();
    }
  }

  private synchronized void release() {
    if (target == null) return;
    Connection held = target;
    target = null;
    DataSourceUtils.releaseConnection(held, dataSource);
  }

  @Override
  public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "SpringManagedConnection{" + (target == null ? "unresolved" : "resolved") + "}";
      case "close":
        closed = true;
        release();
        return null;
      case "isClosed":
        return closed;
      default:
        break;
    }
    if (closed) throw new java.sql.SQLException("connection is closed");
    if (target == null) target = DataSourceUtils.getConnection(dataSource);
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
