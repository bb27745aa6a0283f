package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.order.SettlementFlag;

/**
 * The common settlement — an UNPAID order paid in full by its own provider, no other payment of
 * its business order — handed to a repository that can run it as one statement ({@link
 * OrderRepository#settlesUnpaidInOneStatement()}, {@link
 * OrderRepository.Transaction#settleUnpaid}). Every other case (a duplicate, a closed order, a
 * second payment, a mismatch, a refunded trade) goes the general way: read, lock, CAS.
 *
 * @param outTradeNo the payment order
 * @param provider the provider whose verified trade this is; the order must be of it
 * @param totalFee the trade's amount in fen; must equal the order's {@code total_fee}
 * @param currency the trade's currency; must equal the order's, exactly
 * @param appId the app id the trade reports, or null when it reports none; when given, must equal
 *     the order's {@code provider_appid}
 * @param merchantId the merchant the trade reports, or null; when given, must equal {@code mch_id}
 * @param paid what the CAS records: flag {@link SettlementFlag#NONE} and the handler running
 * @param event the ledger fact, outcome {@link EventOutcome#SETTLED}, appended only when the CAS
 *     wins
 */
public record UnpaidSettlement(
    String outTradeNo,
    Provider provider,
    long totalFee,
    String currency,
    String appId,
    String merchantId,
    OrderRepository.PaidUpdate paid,
    ProviderEvent event) {

  public UnpaidSettlement {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(provider, "provider == null");
    requireNonNull(currency, "currency == null");
    requireNonNull(paid, "paid == null");
    requireNonNull(event, "event == null");
    if (paid.flag() != SettlementFlag.NONE || !paid.handlerRuns()) {
      throw new IllegalArgumentException(
          "a one-statement settlement is flag NONE with the handler running, not " + paid.flag());
    }
    if (event.outcome() != EventOutcome.SETTLED) {
      throw new IllegalArgumentException(
          "a one-statement settlement records SETTLED, not " + event.outcome());
    }
  }
}
