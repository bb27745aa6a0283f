package io.unipay.core.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.Sweeper;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.TransferState;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferSettings;
import io.unipay.core.transfer.TransferStatus;
import java.util.function.UnaryOperator;

/**
 * What the transfer scenarios share: fresh repositories per engine (subclasses give them, one
 * implementation per subclass), the sweeper, and the acceptance check "exactly one bill at the
 * provider for the number, the local final status equal to the provider's, the handler once".
 */
public abstract class TransferScenarioBase extends ErrorLogAudit {

  /** A repository with no orders, refunds, events or transfers. */
  protected abstract OrderRepository emptyRepository();

  /** The transfer repository on {@code orders}' database. */
  protected abstract TransferRepository transfersOn(OrderRepository orders);

  protected TransferRig rig() {
    return rig(b -> b);
  }

  protected TransferRig rig(UnaryOperator<TransferSettings.Builder> settings) {
    OrderRepository orders = emptyRepository();
    return new TransferRig(orders, transfersOn(orders), settings, b -> b);
  }

  protected static Sweeper sweeper(TransferRig rig) {
    return rig.engine.pay.sweeper().build();
  }

  /**
   * The acceptance check: the provider has exactly one bill, under the transfer's out_bill_no;
   * the local status is final and equal to the provider's; the handler ran exactly once, with
   * the method that fits the status.
   */
  protected static Transfer assertEndedLikeTheProvider(
      TransferRig rig, Provider provider, String transferNo) {
    Transfer t = rig.stored(transferNo);
    assertThat(rig.fake(provider).billCount()).as("bills at the provider").isEqualTo(1);
    TransferState atProvider = rig.fake(provider).state(t.outBillNo());
    assertThat(atProvider).as("the provider has the bill under its out_bill_no").isNotNull();
    assertThat(t.status()).as("local status").isEqualTo(TransferStatus.of(atProvider));
    assertThat(t.status().isFinal()).as("final").isTrue();
    boolean success = t.status() == TransferStatus.SUCCESS;
    assertThat(rig.handler.succeeded(transferNo)).isEqualTo(success ? 1 : 0);
    assertThat(rig.handler.failed(transferNo)).isEqualTo(success ? 0 : 1);
    assertThat(rig.transfers.payeeRealName(transferNo)).as("name erased at the end").isEmpty();
    assertThat(t.packageInfo()).as("no hand-off once final").isNull();
    assertThat(t.finishDate()).isNotNull();
    return t;
  }
}
