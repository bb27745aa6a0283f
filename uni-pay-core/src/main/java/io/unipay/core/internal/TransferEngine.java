package io.unipay.core.internal;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferRequest;
import io.unipay.core.transfer.TransferResult;
import io.unipay.core.transfer.TransferSettings;
import io.unipay.core.transfer.TransferStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer (payout) engine: records a transfer before the provider is called, sends it, and
 * applies only verified answers through {@link TransferBook}. An unknown outcome (no answer, an
 * inconclusive refusal, the provider unavailable, a client bug) is never guessed: the transfer
 * keeps its status, the sweeper queries it, and a transfer the provider verifiably does not know
 * after {@link TransferSettings#notFoundGrace()} is sent again with the <em>same</em> out_bill_no.
 */
public final class TransferEngine {
  private static final Logger log = LoggerFactory.getLogger(TransferEngine.class);

  private final TransferSettings settings;
  private final TransferRepository repository;
  private final Map<Provider, PayClient> clients;
  private final TransferBook book;
  private final EventLog events;
  private final Clock clock;
  private final Supplier<String> ids;
  private final TransferSends sends;

  public TransferEngine(
      TransferSettings settings, Map<Provider, PayClient> clients, EventLog events, Clock clock,
      Supplier<String> ids, Function<Provider, String> notifyUrl) {
    this.settings = settings;
    this.repository = settings.repository();
    this.clients = Map.copyOf(clients);
    this.events = events;
    this.clock = clock;
    this.ids = ids;
    this.book = new TransferBook(repository, settings.handlers(), clock, events);
    this.sends = new TransferSends(repository, this::client, book, notifyUrl);
  }

  /** What one reconciliation attempt did. */
  public record Reconciled(boolean resent, boolean isFinal) {}

  // ---------------------------------------------------------------- transfer

  /**
   * Validates, records (status CREATED) and sends a transfer, or returns the one recorded for the
   * same transfer number. Throws only for bad input, a conflicting repeat, or a storage failure
   * before anything was sent; any provider trouble after the record is written is returned as the
   * transfer's status (CREATED while the outcome is unknown).
   */
  public TransferResult transfer(TransferRequest request) {
    PayClient client = TransferValidation.validate(request, settings, clients);
    Optional<Transfer> existing = repository.find(request.transferNo());
    if (existing.isPresent()) return reuse(existing.get(), request);
    String outBillNo = ids.get();
    if (outBillNo == null || !Ids.OUT_TRADE_NO.matcher(outBillNo).matches()) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID,
          "the id generator produced " + LogSafe.quote(outBillNo)
              + " for an out_bill_no: it must give 1..32 chars of [0-9A-Za-z]");
    }
    Instant now = clock.instant();
    String realName = request.payee().realName();
    Transfer transfer =
        Transfer.builder()
            .transferNo(request.transferNo())
            .outBillNo(outBillNo)
            .type(request.type())
            .provider(request.provider())
            .status(TransferStatus.CREATED)
            .amount(request.amount())
            .payeeAccount(request.payee().account())
            .payeeIdType(request.payee().idType())
            .payeeNameMask(Transfer.maskName(realName))
            .remark(request.remark())
            .sceneId(request.sceneId())
            .sceneReportInfos(request.sceneReportInfos())
            .userRecvPerception(request.userRecvPerception())
            .title(request.title())
            .appId(request.appId())
            .mchId(client.merchantId())
            .createDate(now)
            .sentAt(now)
            .sendCount(1)
            .nextCheckAt(now.plus(settings.firstCheckDelay()))
            .build();
    // The provider's own rules, before anything is stored.
    client.checkTransfer(sends.command(transfer, realName));
    try {
      repository.insert(transfer, realName);
    } catch (UniPayException e) {
      if (e.code() != ErrorCode.DUPLICATE_KEY) throw e;
      // A concurrent call with the same number won the insert: it sends, this one does not.
      Optional<Transfer> winner = repository.find(request.transferNo());
      if (winner.isEmpty()) throw e;
      return reuse(winner.get(), request);
    }
    log.info(
        "{} {} - transfer {} recorded ({} fen, type {}); sending", request.provider().code(),
        outBillNo, request.transferNo(), request.amount(), request.type());
    return new TransferResult(sends.send(transfer, realName, "transfer"), false);
  }

  /** The recorded transfer for a repeated number, or a refusal when the request differs. */
  private TransferResult reuse(Transfer t, TransferRequest r) {
    String differs = null;
    if (t.provider() != r.provider()) differs = "provider " + t.provider().code();
    else if (!t.type().equals(r.type())) differs = "type '" + t.type() + "'";
    else if (t.amount() != r.amount()) differs = "amount " + t.amount() + " fen";
    else if (!t.payeeAccount().equals(r.payee().account())
        || t.payeeIdType() != r.payee().idType()) {
      differs = "another payee account";
    } else if (!Objects.equals(t.appId(), r.appId())) {
      differs = "app id " + LogSafe.quote(t.appId());
    } else if (t.hasPayeeName() != (r.payee().realName() != null)) {
      differs = t.hasPayeeName() ? "a payee real name" : "no payee real name";
    } else if (r.payee().realName() != null) {
      Optional<String> stored = repository.payeeRealName(t.transferNo());
      if (stored.isPresent() && !stored.get().equals(r.payee().realName())) {
        differs = "another payee real name";
      }
    }
    if (differs != null) {
      throw UniPayException.invalid(
          "transferNo " + t.transferNo() + " was already used for a transfer with " + differs
              + " (out_bill_no " + t.outBillNo() + ", " + t.status()
              + "); nothing changed. Use a new transferNo for another transfer");
    }
    return new TransferResult(t, true);
  }

  // ---------------------------------------------------------------- get, cancel

  /** The transfer; with {@code sync} one that is not final is first queried and updated. */
  public Transfer get(String transferNo, boolean sync) {
    Transfer t = find(transferNo);
    if (!sync || t.status().isFinal()) return t;
    TransferSnapshot answer = query(t);
    if (!t.outBillNo().equals(answer.outBillNo())) {
      book.unbound(t.provider(), t, answer, "query");
      throw unbound(t, answer);
    }
    book.apply(t.provider(), answer, "query");
    return current(t);
  }

  /**
   * Cancels a transfer the payee has not confirmed yet (WeChat). A cancelled transfer is returned
   * as it is; a final one, or one the provider has not acknowledged, cannot be cancelled.
   */
  public Transfer cancel(String transferNo) {
    Transfer t = find(transferNo);
    if (t.status() == TransferStatus.CANCELLED || t.status() == TransferStatus.CANCELING) return t;
    if (t.status().isFinal()) {
      throw new UniPayException(
          ErrorCode.TRANSFER_NOT_CANCELLABLE,
          "transfer " + transferNo + " is " + t.status() + "; it can no longer be cancelled");
    }
    if (!t.status().isKnownToProvider()) {
      throw new UniPayException(
          ErrorCode.TRANSFER_NOT_CANCELLABLE,
          "transfer " + transferNo + " has no answer from the provider yet (its send may still"
              + " land); cancel it once it waits for the payee's confirmation");
    }
    TransferSnapshot answer = client(t).cancelTransfer(t.outBillNo());
    if (!t.outBillNo().equals(answer.outBillNo())) {
      book.unbound(t.provider(), t, answer, "cancel");
      throw unbound(t, answer);
    }
    TransferBook.Applied applied = book.apply(t.provider(), answer, "cancel");
    if (applied == TransferBook.Applied.STORAGE_FAILED) {
      throw new UniPayException(
          ErrorCode.STORAGE_FAILURE,
          "transfer " + transferNo + ": the provider answered the cancel with " + answer.state()
              + ", which was not recorded; the sweeper's query records it");
    }
    return current(t);
  }

  // ---------------------------------------------------------------- reconciliation

  /**
   * One reconciliation attempt (sweeper, replay): query; a transfer the provider verifiably does
   * not know, past the grace after its last send, is sent again with the same number. Provider and
   * storage failures propagate (the caller retries later).
   */
  public Reconciled reconcile(Transfer claimed, String source) {
    Transfer t = current(claimed);
    if (t.status().isFinal()) return new Reconciled(false, true);
    TransferSnapshot answer = query(t);
    if (!t.outBillNo().equals(answer.outBillNo())) {
      book.unbound(t.provider(), t, answer, source);
      throw unbound(t, answer);
    }
    TransferBook.Applied applied = book.apply(t.provider(), answer, source);
    switch (applied) {
      case STORAGE_FAILED -> throw new UniPayException(
          ErrorCode.STORAGE_FAILURE, "transfer " + t.transferNo() + ": result not recorded");
      case HOOK_FAILED -> throw new UniPayException(
          ErrorCode.HANDLER_FAILED,
          "transfer " + t.transferNo() + ": the transfer handler failed; rolled back");
      default -> {}
    }
    boolean resent = false;
    if (answer.state() == TransferState.NOT_FOUND && t.status() == TransferStatus.CREATED) {
      Instant lastSend = t.sentAt() != null ? t.sentAt() : t.createDate();
      Instant now = clock.instant();
      if (!now.isBefore(lastSend.plus(settings.notFoundGrace()))) {
        resent = resend(t, now, source);
      }
    }
    return new Reconciled(resent, current(t).status().isFinal());
  }

  private boolean resend(Transfer t, Instant now, String source) {
    String realName = repository.payeeRealName(t.transferNo()).orElse(null);
    if (t.hasPayeeName() && realName == null) {
      throw new UniPayException(
          ErrorCode.STORAGE_FAILURE,
          "transfer " + t.transferNo() + ": the payee's real name is gone; not re-sent");
    }
    if (!repository.recordSend(t.transferNo(), now)) return false;
    log.info(
        "{} {} - transfer {} unknown to the provider {} after its last send; sending it again"
            + " with the same out_bill_no", t.provider().code(), t.outBillNo(), t.transferNo(),
        Duration.between(t.sentAt() != null ? t.sentAt() : t.createDate(), now));
    sends.send(current(t), realName, source);
    return true;
  }

  /**
   * Raises a transfer that stays without a final answer to the operator (ERROR log, ledger,
   * listener); returns whether this call raised it (it is raised once per transfer).
   */
  public boolean raiseStuck(Transfer t, int attempts) {
    String why = "still " + t.status() + " after " + attempts + " checks; the sweeper keeps"
        + " asking and re-sends it with the same out_bill_no only when the provider verifiably"
        + " does not know it";
    EventLog.Recorded recorded = events.record(TransferFacts.stuck(t, why, clock.instant()));
    if (recorded.inserted()) {
      log.error(
          "{} {} - transfer {} ({} fen) {}; ledger event {}", t.provider().code(), t.outBillNo(),
          t.transferNo(), t.amount(), why, recorded.event().id());
    }
    return recorded.inserted();
  }

  /** Applies a verified transfer notification. */
  public TransferBook.Applied applyNotification(Provider provider, TransferSnapshot result) {
    return book.apply(provider, result, "notify");
  }

  /**
   * Replays a ledger fact: a transfer result goes through {@link TransferBook} again; a stuck
   * note (or a "not found" fact) reconciles its transfer with the provider now.
   */
  public void replay(ProviderEvent event) {
    if (event.outTradeNo() == null) {
      throw UniPayException.invalid("event " + event.id() + " names no transfer");
    }
    boolean stuck = event.outcome() == EventOutcome.TRANSFER_STUCK;
    if (event.kind() == EventKind.TRANSFER
        && !event.providerState().equals(TransferState.NOT_FOUND.name())) {
      TransferBook.Applied applied =
          book.apply(event.provider(), TransferFacts.snapshot(event), "replay");
      if (applied == TransferBook.Applied.UNCHANGED && event.isUnresolved()) {
        events.resolve(event.dedupeKey(), EventOutcome.TRANSFER_UNCHANGED);
      }
      return;
    }
    Transfer t =
        repository.findByOutBillNo(event.outTradeNo()).orElseThrow(
            () -> UniPayException.invalid("event " + event.id() + " names no stored transfer"));
    if (!t.status().isFinal()) reconcile(t, "replay");
    if (stuck && current(t).status().isFinal() && event.isUnresolved()) {
      events.resolve(event.dedupeKey(), EventOutcome.TRANSFER_APPLIED);
    }
  }

  /** Claims due transfers for the sweeper. */
  public List<Transfer> claimDue(Instant now, Duration lease, int limit) {
    return repository.claimDue(now, lease, limit);
  }

  /** Sets when the sweeper looks at a transfer next. */
  public void scheduleCheck(String transferNo, Instant next, int checks) {
    repository.scheduleCheck(transferNo, next, checks);
  }

  // ---------------------------------------------------------------- helpers

  /** Queries the transfer; a verified "no such transfer" refusal reads as NOT_FOUND. */
  private TransferSnapshot query(Transfer t) {
    try {
      return client(t).queryTransfer(t.outBillNo());
    } catch (ProviderRejectedException e) {
      if (e.verdict() != ProviderRejectedException.Verdict.NOT_FOUND) throw e;
      return TransferSnapshot.notFound(t.outBillNo());
    }
  }

  private static UniPayException unbound(Transfer t, TransferSnapshot answer) {
    return new UniPayException(
        ErrorCode.OUTCOME_UNKNOWN,
        "the provider's answer is about " + LogSafe.quote(answer.outBillNo()) + ", the request"
            + " was about " + t.outBillNo() + "; kept " + t.status());
  }

  private Transfer find(String transferNo) {
    if (transferNo == null) throw UniPayException.invalid("transferNo is required");
    return repository.find(transferNo).orElseThrow(
        () -> new UniPayException(
            ErrorCode.TRANSFER_NOT_FOUND, "no transfer " + LogSafe.quote(transferNo)));
  }

  private Transfer current(Transfer t) {
    return repository.find(t.transferNo()).orElseThrow(
        () -> new UniPayException(
            ErrorCode.STORAGE_FAILURE, "transfer " + t.transferNo() + " vanished"));
  }

  PayClient client(Transfer t) {
    PayClient client = clients.get(t.provider());
    if (client == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "transfer " + t.transferNo() + " belongs to " + t.provider().code()
              + ", which is not configured");
    }
    return client;
  }
}
