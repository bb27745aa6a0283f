package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferStatus;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/** The transfer operations of one database transaction, on the transaction's {@link Handle}. */
final class JdbiTransferTransaction implements TransferRepository.Transaction {
  private static final String LOCK =
      "SELECT "
          + TransferRows.COLUMNS
          + " FROM uni_pay_transfers WHERE transfer_no = :transfer_no FOR UPDATE";
  private static final String UPDATE =
      "UPDATE uni_pay_transfers SET status = :to_status, provider_bill_no = :provider_bill_no,"
          + " package_info = :package_info, fail_reason = :fail_reason,"
          + " provider_update_date = :provider_update_date, finish_date = :finish_date"
          + " WHERE transfer_no = :transfer_no AND status = :from_status";
  /** A final status also erases the payee's real name, in the same statement. */
  private static final String UPDATE_FINAL =
      UPDATE.replace(" WHERE ", ", payee_name = NULL WHERE ");

  private final Handle handle;
  private final Dialect dialect;
  private final JdbiLedger ledger;

  JdbiTransferTransaction(Handle handle, Dialect dialect, JdbiLedger ledger) {
    this.handle = requireNonNull(handle, "handle == null");
    this.dialect = requireNonNull(dialect, "dialect == null");
    this.ledger = requireNonNull(ledger, "ledger == null");
  }

  @Override
  public Optional<Transfer> lock(String transferNo) {
    requireNonNull(transferNo, "transferNo == null");
    if (!Checks.possible(TransferRows.TRANSFER_NO, transferNo)) return Optional.empty();
    try {
      return handle
          .createQuery(LOCK)
          .bind("transfer_no", transferNo)
          .map(TransferRows.TRANSFER)
          .findOne();
    } catch (JdbiException e) {
      throw StorageErrors.failure("lock transfer " + transferNo, e);
    }
  }

  @Override
  public boolean update(
      String transferNo, TransferStatus from, TransferRepository.Update update) {
    requireNonNull(from, "from == null");
    requireNonNull(update, "update == null");
    if (!from.canMoveTo(update.status())) {
      throw new IllegalArgumentException(from + " cannot move to " + update.status());
    }
    TransferRows.transferNo(transferNo);
    TransferRows.check(update);
    try {
      return handle
              .createUpdate(update.status().isFinal() ? UPDATE_FINAL : UPDATE)
              .bind("to_status", update.status().name())
              .bind("provider_bill_no", dialect.storable(update.providerBillNo()))
              .bind("package_info", dialect.storable(update.packageInfo()))
              .bind("fail_reason", dialect.storable(update.failReason()))
              .bind("provider_update_date", Times.arg(update.providerUpdatedAt()))
              .bind("finish_date", Times.arg(update.finishDate()))
              .bind("transfer_no", transferNo)
              .bind("from_status", from.name())
              .execute()
          == 1;
    } catch (JdbiException e) {
      throw StorageErrors.failure("move transfer " + transferNo + " to " + update.status(), e);
    }
  }

  @Override
  public boolean appendEvent(ProviderEvent event) {
    return ledger.append(handle, event);
  }

  @Override
  public boolean resolveEvent(String dedupeKey, EventOutcome resolution, Instant at) {
    return ledger.resolve(handle, dedupeKey, resolution, at);
  }

  /** Offers the transaction's {@link Handle} and its JDBC {@link Connection}. */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type == Handle.class) return Optional.of(type.cast(handle));
    if (type == Connection.class) return Optional.of(type.cast(handle.getConnection()));
    return Optional.empty();
  }
}
