/**
 * JMH benchmarks of the notification and createOrder paths against the crypto floor and the
 * official SDKs. Run {@link io.unipay.benchmarks.RunAll}; not published.
 */
package io.unipay.benchmarks;
