package io.unipay.spring;

import io.unipay.core.ledger.LedgerListener;
import io.unipay.core.ledger.ProviderEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans unresolved ledger facts out to every {@link LedgerListener} bean, each in isolation. */
record CompositeLedgerListener(List<LedgerListener> listeners) implements LedgerListener {
  private static final Logger log = LoggerFactory.getLogger(CompositeLedgerListener.class);

  CompositeLedgerListener {
    listeners = List.copyOf(listeners);
  }

  @Override
  public void onUnresolved(ProviderEvent event) {
    for (LedgerListener listener : listeners) {
      try {
        listener.onUnresolved(event);
      } catch (RuntimeException e) {
        log.warn("ledger listener {} failed for {}", listener.getClass().getName(), event, e);
      }
    }
  }
}
