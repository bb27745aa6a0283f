package io.unipay.examples;

import io.unipay.core.Sweeper;
import io.unipay.core.spi.OrderBrowser;
import java.time.Clock;

/**
 * What the operator console reads besides the engine: the payment orders (the repository's {@link
 * OrderBrowser}), this instance's provider calls, and the sweeper with its recent passes.
 *
 * @param orders lists payment orders with filters, newest first
 * @param calls the provider calls and verified notifications this instance saw
 * @param sweeps the sweeper's last passes and failures
 * @param sweeper the app's sweeper (the console can run a pass now)
 * @param clock the engine's clock (which day is yesterday for the reconciliation view)
 */
record ConsoleSources(
    OrderBrowser orders, ProviderCalls calls, SweepHistory sweeps, Sweeper sweeper,
    Clock clock) {}
