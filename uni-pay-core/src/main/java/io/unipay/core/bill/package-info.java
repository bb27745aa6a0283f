/**
 * Providers' daily bills as typed rows (streamed, never held in memory), the input of
 * reconciliation.
 */
package io.unipay.core.bill;
