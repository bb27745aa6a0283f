package io.unipay.spring;

import static java.util.Objects.requireNonNull;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Runs every Jdbi transaction of the uni-pay repository as a Spring transaction of the host's
 * {@link PlatformTransactionManager}: a new one ({@code REQUIRES_NEW}), so the library's units of
 * work never join or poison a transaction of the caller, while everything the host's handler does
 * inside it with Spring ({@code JdbcTemplate}, {@code @Transactional(REQUIRED)} services, JPA on the
 * same DataSource) participates and commits or rolls back with the order's CAS.
 *
 * <p>The handle's connection must be a {@link SpringManagedConnection}, so that its SQL runs on
 * the transaction's connection. Savepoints are not offered.
 */
final class SpringTransactionHandler implements TransactionHandler {
  private final PlatformTransactionManager transactionManager;

  SpringTransactionHandler(PlatformTransactionManager transactionManager) {
    this.transactionManager = requireNonNull(transactionManager, "transactionManager == null");
  }

  @Override
  public TransactionHandler specialize(Handle handle) {
    return new Bound(transactionManager);
  }

  // The unspecialized handler is never used by a handle: Jdbi specializes it per handle.

  @Override
  public void begin(Handle handle) {
    throw unbound();
  }

  @Override
  public void commit(Handle handle) {
    throw unbound();
  }

  @Override
  public void rollback(Handle handle) {
    throw unbound();
  }

  @Override
  public boolean isInTransaction(Handle handle) {
    return false;
  }

  @Override
  public void savepoint(Handle handle, String name) {
    throw unbound();
  }

  @Override
  public void rollbackToSavepoint(Handle handle, String name) {
    throw unbound();
  }

  @Override
  public void releaseSavepoint(Handle handle, String name) {
    throw unbound();
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    return specialize(handle).inTransaction(handle, callback);
  }

  @Override
  public <R, X extends Exception> R inTransaction(
      Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
    return specialize(handle).inTransaction(handle, level, callback);
  }

  private static IllegalStateException unbound() {
    return new IllegalStateException("SpringTransactionHandler must be specialized per handle");
  }

  /** The transaction state of one handle. */
  private static final class Bound implements TransactionHandler {
    private final PlatformTransactionManager transactionManager;
    private TransactionStatus status;

    Bound(PlatformTransactionManager transactionManager) {
      this.transactionManager = transactionManager;
    }

    @Override
    public void begin(Handle handle) {
      if (status != null) throw new TransactionException("a transaction is already open");
      status = transactionManager.getTransaction(definition(TransactionIsolationLevel.UNKNOWN));
    }

    @Override
    public void commit(Handle handle) {
      TransactionStatus open = end(handle);
      transactionManager.commit(open);
    }

    @Override
    public void rollback(Handle handle) {
      TransactionStatus open = end(handle);
      transactionManager.rollback(open);
    }

    private TransactionStatus end(Handle handle) {
      if (status == null) throw new TransactionException("no transaction is open");
      TransactionStatus open = status;
      status = null;
      // Hand the transaction's connection back before the manager commits and returns it.
      SpringManagedConnection.release(handle.getConnection());
      return open;
    }

    @Override
    public boolean isInTransaction(Handle handle) {
      return status != null;
    }

    @Override
    public void savepoint(Handle handle, String name) {
      throw noSavepoints();
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
      throw noSavepoints();
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
      throw noSavepoints();
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
        throws X {
      return inTransaction(handle, TransactionIsolationLevel.UNKNOWN, callback);
    }

    @Override
    public <R, X extends Exception> R inTransaction(
        Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
      if (status != null) return callback.withHandle(handle);
      status = transactionManager.getTransaction(definition(level));
      R result;
      try {
        result = callback.withHandle(handle);
      } catch (Throwable failure) {
        TransactionStatus open = end(handle);
        try {
          transactionManager.rollback(open);
        } catch (RuntimeException | Error rollbackFailure) {
          failure.addSuppressed(rollbackFailure);
        }
        throw failure;
      }
      // A participant that failed (e.g. a @Transactional service whose exception the handler
      // caught) marked the transaction rollback-only: commit then rolls back and throws
      // UnexpectedRollbackException, which the engine treats as a failed settlement.
      transactionManager.commit(end(handle));
      return result;
    }

    private static DefaultTransactionDefinition definition(TransactionIsolationLevel level) {
      DefaultTransactionDefinition definition =
          new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
      definition.setName("uni-pay");
      if (level != TransactionIsolationLevel.UNKNOWN) {
        definition.setIsolationLevel(level.intValue());
      }
      return definition;
    }

    private static UnsupportedOperationException noSavepoints() {
      return new UnsupportedOperationException(
          "savepoints are not offered in Spring-managed uni-pay transactions");
    }
  }
}
