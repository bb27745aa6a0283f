package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@link TransferRepository} on the database of a {@link JdbiOrderRepository} (the same Jdbi
 * and data source): table {@code uni_pay_transfers}, created with the rest of the schema by
 * {@link JdbiOrderRepository#createSchemaIfMissing()}. Thread-safe; share one instance.
 *
 * <p>Every status change is one conditional {@code UPDATE ... WHERE transfer_no = ? AND status =
 * ?} inside {@link #inTransaction}, a real database transaction that also appends the ledger
 * fact ({@code uni_pay_events}) and runs the host's handler; its {@link Transaction#unwrap} offers
 * the Jdbi {@link Handle} and the JDBC {@link java.sql.Connection}. The payee's real name is kept
 * in {@code payee_name}, read only by {@link #payeeRealName} and set to NULL by the statement that
 * records a final status. Identifiers and texts are validated before any SQL runs ({@code
 * INVALID_ARGUMENT}); database failures are {@code STORAGE_FAILURE}, unique-key violations {@code
 * DUPLICATE_KEY}.
 *
 * <pre>{@code
 * JdbiOrderRepository orders = JdbiOrderRepository.create(pool).createSchemaIfMissing();
 * TransferRepository transfers = JdbiTransferRepository.of(orders);
 * }</pre>
 */
public final class JdbiTransferRepository implements TransferRepository {
  private static final String FIND =
      "SELECT " + TransferRows.COLUMNS + " FROM uni_pay_transfers WHERE transfer_no = :key";
  private static final String FIND_BY_OUT_BILL_NO =
      "SELECT " + TransferRows.COLUMNS + " FROM uni_pay_transfers WHERE out_bill_no = :key";
  private static final String PAYEE_NAME =
      "SELECT payee_name FROM uni_pay_transfers WHERE transfer_no = :key";
  private static final String RECORD_SEND =
      "UPDATE uni_pay_transfers SET sent_at = :sent_at, send_count = send_count + 1"
          + " WHERE transfer_no = :transfer_no AND status NOT IN ('SUCCESS', 'FAIL', 'CANCELLED')";
  private static final String SCHEDULE_CHECK =
      "UPDATE uni_pay_transfers SET next_check_at = :next_check_at, check_count = :check_count"
          + " WHERE transfer_no = :transfer_no";

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final JdbiLedger ledger;
  private final Claims claims;

  private JdbiTransferRepository(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.ledger = new JdbiLedger(dialect);
    this.claims = new Claims(jdbi, dialect);
  }

  /** Transfers on the database (Jdbi, data source, dialect) of {@code orders}. */
  public static JdbiTransferRepository of(JdbiOrderRepository orders) {
    requireNonNull(orders, "orders == null");
    return new JdbiTransferRepository(orders.jdbi(), orders.dialect());
  }

  @Override
  public void insert(Transfer transfer, String payeeRealName) {
    requireNonNull(transfer, "transfer == null");
    TransferRows.check(transfer, payeeRealName);
    try {
      jdbi.useHandle(
          h -> TransferRows.bind(h.createUpdate(TransferRows.INSERT), transfer, payeeRealName,
                  dialect)
              .execute());
    } catch (JdbiException e) {
      if (StorageErrors.isUniqueViolation(e)) {
        throw new UniPayException(
            ErrorCode.DUPLICATE_KEY,
            "transfer_no " + transfer.transferNo() + " or out_bill_no " + transfer.outBillNo()
                + " already exists", e);
      }
      throw StorageErrors.failure("insert transfer " + transfer.transferNo(), e);
    }
  }

  @Override
  public Optional<Transfer> find(String transferNo) {
    requireNonNull(transferNo, "transferNo == null");
    if (!Checks.possible(TransferRows.TRANSFER_NO, transferNo)) return Optional.empty();
    return withHandle(
        "find transfer " + transferNo,
        h -> h.createQuery(FIND).bind("key", transferNo).map(TransferRows.TRANSFER).findOne());
  }

  @Override
  public Optional<Transfer> findByOutBillNo(String outBillNo) {
    requireNonNull(outBillNo, "outBillNo == null");
    if (!Checks.possible(TransferRows.OUT_BILL_NO, outBillNo)) return Optional.empty();
    return withHandle(
        "find transfer of out_bill_no " + outBillNo,
        h ->
            h.createQuery(FIND_BY_OUT_BILL_NO)
                .bind("key", outBillNo)
                .map(TransferRows.TRANSFER)
                .findOne());
  }

  @Override
  public Optional<String> payeeRealName(String transferNo) {
    requireNonNull(transferNo, "transferNo == null");
    if (!Checks.possible(TransferRows.TRANSFER_NO, transferNo)) return Optional.empty();
    return withHandle(
        "read the payee of transfer " + transferNo,
        h ->
            h.createQuery(PAYEE_NAME)
                .bind("key", transferNo)
                .mapTo(String.class)
                .findOne()
                .flatMap(Optional::ofNullable));
  }

  @Override
  public boolean recordSend(String transferNo, Instant sentAt) {
    TransferRows.transferNo(transferNo);
    requireNonNull(sentAt, "sentAt == null");
    return withHandle(
        "record a send of transfer " + transferNo,
        h ->
            h.createUpdate(RECORD_SEND)
                    .bind("sent_at", Times.arg(sentAt))
                    .bind("transfer_no", transferNo)
                    .execute()
                == 1);
  }

  @Override
  public List<Transfer> claimDue(Instant now, Duration lease, int limit) {
    return claims.claim(TransferRows.DUE, now, lease, limit);
  }

  @Override
  public void scheduleCheck(String transferNo, Instant nextCheckAt, int checkCount) {
    TransferRows.transferNo(transferNo);
    requireNonNull(nextCheckAt, "nextCheckAt == null");
    withHandle(
        "schedule check of transfer " + transferNo,
        h ->
            h.createUpdate(SCHEDULE_CHECK)
                .bind("next_check_at", Times.arg(nextCheckAt))
                .bind("check_count", checkCount)
                .bind("transfer_no", transferNo)
                .execute());
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    requireNonNull(work, "work == null");
    try {
      return jdbi.inTransaction(
          handle -> {
            try {
              return work.apply(new JdbiTransferTransaction(handle, dialect, ledger));
            } catch (RuntimeException | Error e) {
              throw new WorkFailed(e);
            }
          });
    } catch (WorkFailed e) {
      throw e.original();
    } catch (JdbiException e) {
      throw StorageErrors.failure("transfer transaction", e);
    }
  }

  @Override
  public String toString() {
    return "JdbiTransferRepository{dialect=" + dialect + "}";
  }

  private <T> T withHandle(String action, HandleCallback<T, RuntimeException> callback) {
    try {
      return jdbi.withHandle(callback);
    } catch (JdbiException e) {
      throw StorageErrors.failure(action, e);
    }
  }

  /** Carries an exception thrown by the caller's work through Jdbi's rollback, unchanged. */
  private static final class WorkFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkFailed(Throwable original) {
      super(original.toString(), original, false, false);
    }

    RuntimeException original() {
      if (getCause() instanceof Error error) throw error;
      return (RuntimeException) getCause();
    }
  }
}
