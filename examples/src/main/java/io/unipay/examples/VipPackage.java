package io.unipay.examples;

/**
 * A VIP package as the seed's {@code vipRechargePro} describes it.
 *
 * @param id package id
 * @param label name shown to the user
 * @param dec description shown to the user
 * @param price price in fen — the only source of the amount charged
 * @param days how many VIP days it grants
 */
public record VipPackage(String id, String label, String dec, long price, int days) {}
