package io.unipay.examples.boot;

/**
 * A VIP package the application sells; its price is the application's own data, never the
 * client's.
 *
 * @param id the package id, e.g. {@code month}
 * @param label what the payer sees
 * @param price the price in fen
 * @param days how many days of VIP it grants
 */
public record VipPackage(String id, String label, long price, int days) {}
