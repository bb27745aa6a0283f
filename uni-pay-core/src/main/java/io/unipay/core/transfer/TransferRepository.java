package io.unipay.core.transfer;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Persistence of transfers (table {@code uni_pay_transfers}). Every status change is a
 * compare-and-set on the current status, so concurrent callers on several application instances
 * never both win. The repository shares the order repository's database (and its ledger, {@code
 * uni_pay_events}): {@link #inTransaction} is one transaction in which the status change, the
 * ledger fact and the host handler's own writes commit or roll back together. Implementations are
 * thread-safe: {@code io.unipay.core.memory.InMemoryTransferRepository} (tests, demos) and {@code
 * io.unipay.jdbc.JdbiTransferRepository}.
 *
 * <p>Methods outside {@link #inTransaction} commit on their own. Storage failures are thrown as
 * {@link io.unipay.core.UniPayException} with {@code STORAGE_FAILURE}; a duplicate key as {@code
 * DUPLICATE_KEY}.
 */
public interface TransferRepository {

  /**
   * Inserts a new transfer with the payee's real name (or null), which is kept apart from the
   * record (see {@link Transfer}). Throws {@code DUPLICATE_KEY}, changing nothing, when the
   * transfer number or the out_bill_no exists.
   */
  void insert(Transfer transfer, String payeeRealName);

  /** The transfer with this business transfer number. */
  Optional<Transfer> find(String transferNo);

  /** The transfer with this out_bill_no. */
  Optional<Transfer> findByOutBillNo(String outBillNo);

  /**
   * The payee's real name, for a (re-)send only: empty when none was given or the transfer is
   * final (the final status erased it).
   */
  Optional<String> payeeRealName(String transferNo);

  /**
   * Records a (re-)send at {@code sentAt}: sets {@code sent_at} and adds one to {@code send_count},
   * only while the transfer is not final. Returns whether a row changed.
   */
  boolean recordSend(String transferNo, Instant sentAt);

  /**
   * Claims up to {@code limit} transfers that are not final and whose {@code next_check_at <= now},
   * moving their {@code next_check_at} to {@code now + lease} so no other instance claims them
   * meanwhile; most overdue first.
   */
  List<Transfer> claimDue(Instant now, Duration lease, int limit);

  /** Sets when the sweeper looks at a transfer next, and how many checks were made. */
  void scheduleCheck(String transferNo, Instant nextCheckAt, int checkCount);

  /**
   * Runs {@code work} in one transaction: everything it does through the {@link Transaction}, and
   * everything the host does through {@link Transaction#unwrap}, commits or rolls back together.
   * An exception from {@code work} rolls back and is rethrown.
   */
  <T> T inTransaction(Function<Transaction, T> work);

  /** The work of one status change, inside one transaction. */
  interface Transaction {

    /** The transfer, locked until the transaction ends. */
    Optional<Transfer> lock(String transferNo);

    /**
     * CAS {@code from} → {@code update.status()}, writing every field of {@code update}; a final
     * status also erases the payee's real name. Returns whether this call won.
     *
     * @throws IllegalArgumentException when {@code from} cannot move to the new status ({@link
     *     TransferStatus#canMoveTo})
     */
    boolean update(String transferNo, TransferStatus from, Update update);

    /**
     * Appends a fact to the ledger in this transaction. Returns false, changing nothing and
     * leaving the transaction usable, when a fact with the same dedupe key exists.
     */
    boolean appendEvent(ProviderEvent event);

    /**
     * Marks the unresolved fact with this dedupe key resolved by {@code resolution} at {@code at}.
     * Returns whether a row changed.
     */
    boolean resolveEvent(String dedupeKey, EventOutcome resolution, Instant at);

    /**
     * The implementation's transaction object, for the host's own SQL in the same transaction:
     * the JDBC repository offers {@code org.jdbi.v3.core.Handle} and {@code java.sql.Connection}.
     */
    <T> Optional<T> unwrap(Class<T> type);
  }

  /**
   * The fields a status change writes (the engine merges them with the stored transfer).
   *
   * @param status the new status
   * @param providerBillNo the provider's id of the transfer, or null
   * @param packageInfo WeChat's confirmation package, or null
   * @param failReason the provider's reason for FAIL / CANCELLED, or null
   * @param providerUpdatedAt the provider's update time, or null
   * @param finishDate when a final status was recorded; null for a status that is not final
   */
  record Update(
      TransferStatus status,
      String providerBillNo,
      String packageInfo,
      String failReason,
      Instant providerUpdatedAt,
      Instant finishDate) {

    public Update {
      java.util.Objects.requireNonNull(status, "status == null");
    }

    /** {@code t} as {@link Transaction#update} leaves it. */
    public Transfer applyTo(Transfer t) {
      return t.toBuilder()
          .status(status)
          .providerBillNo(providerBillNo)
          .packageInfo(packageInfo)
          .failReason(failReason)
          .providerUpdatedAt(providerUpdatedAt)
          .finishDate(finishDate)
          .build();
    }
  }
}
