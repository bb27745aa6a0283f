package io.unipay.core.internal;

import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRepository;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a recorded transfer to its provider and applies the answer (design §14.3, §14.4): only a
 * definite refusal of this very transfer ends it; every other failure keeps its status for
 * reconciliation, and an answer about another transfer changes nothing.
 */
final class TransferSends {
  private static final Logger log = LoggerFactory.getLogger(TransferSends.class);

  private final TransferRepository repository;
  private final Function<Transfer, PayClient> clients;
  private final TransferBook book;
  private final Function<Provider, String> notifyUrl;

  TransferSends(
      TransferRepository repository, Function<Transfer, PayClient> clients, TransferBook book,
      Function<Provider, String> notifyUrl) {
    this.repository = repository;
    this.clients = clients;
    this.book = book;
    this.notifyUrl = notifyUrl;
  }

  /**
   * Sends {@code t} (first time or again, always with its own out_bill_no) and applies the
   * answer. A definite refusal of this very transfer ends it as FAIL; any other failure keeps its
   * status. Returns the transfer as stored afterwards.
   */
  Transfer send(Transfer t, String realName, String source) {
    PayClient client = clients.apply(t);
    TransferSnapshot answer;
    try {
      answer = client.transfer(command(t, realName));
    } catch (ProviderRejectedException e) {
      if (e.verdict() == ProviderRejectedException.Verdict.REFUSED) {
        refused(t, e, source);
      } else {
        log.warn(
            "{} {} - transfer {} not accepted for a reason that is not about it ({} {}): kept"
                + " {}, reconciled by query", t.provider().code(), t.outBillNo(),
            t.transferNo(), e.httpStatus(), LogSafe.quote(e.providerCode()), t.status());
      }
      return current(t);
    } catch (UniPayException e) {
      log.warn(
          "{} {} - transfer {} outcome unknown ({}); kept {} for the sweeper, which queries it and"
              + " re-sends it with the same out_bill_no", t.provider().code(), t.outBillNo(),
          t.transferNo(), e.code(), t.status());
      return current(t);
    } catch (RuntimeException e) {
      log.error(
          "{} {} - transfer {}: the client failed unexpectedly, state kept; reconciled by query",
          t.provider().code(), t.outBillNo(), t.transferNo(), e);
      return current(t);
    }
    if (!t.outBillNo().equals(answer.outBillNo())) {
      book.unbound(t.provider(), t, answer, source);
    } else {
      book.apply(t.provider(), answer, source);
    }
    return current(t);
  }

  /** A definite refusal of the send: the transfer ends as FAIL (its handler runs). */
  private void refused(Transfer t, ProviderRejectedException e, String source) {
    String reason = "refused: " + e.providerCode() + " " + e.providerMessage();
    TransferSnapshot failed =
        new TransferSnapshot(
            t.outBillNo(), null, TransferState.FAIL, -1, null, null, reason, null, "");
    TransferBook.Applied applied = book.apply(t.provider(), failed, source);
    log.warn(
        "{} {} - transfer {} refused by the provider ({}): {}", t.provider().code(),
        t.outBillNo(), t.transferNo(), LogSafe.quote(e.providerCode()), applied);
  }

  TransferCommand command(Transfer t, String realName) {
    return new TransferCommand(
        t.outBillNo(), t.appId(), new Payee(t.payeeAccount(), t.payeeIdType(), realName),
        t.amount(), t.remark(), t.sceneId(), t.sceneReportInfos(), t.userRecvPerception(),
        t.title(), notifyUrl.apply(t.provider()));
  }

  /**
   * The transfer as stored now; after a send the caller must get an answer, not an exception, so
   * a store that fails to read gives the last known copy (the sweeper's query records the rest).
   */
  private Transfer current(Transfer t) {
    try {
      return repository.find(t.transferNo()).orElse(t);
    } catch (UniPayException e) {
      log.warn(
          "{} {} - transfer {} sent, but it could not be read back ({}); returned as last known",
          t.provider().code(), t.outBillNo(), t.transferNo(), e.code());
      return t;
    }
  }
}
