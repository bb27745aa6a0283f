package io.unipay.alipay.internal;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Exact conversion between fen ({@code long}) and Alipay's yuan strings. Never floating point. */
public final class Yuan {
  private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,2})?");

  private Yuan() {}

  /** {@code 8888} → {@code "88.88"}, {@code 1} → {@code "0.01"}. */
  public static String fromFen(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }

  /**
   * {@code "88.88"} → {@code 8888}. Accepts plain non-negative decimals with at most two decimals;
   * anything else (three decimals, signs, exponents, blanks) throws {@link NumberFormatException}
   * naming the value.
   */
  public static long toFen(String yuan) {
    if (yuan == null || !AMOUNT.matcher(yuan).matches()) {
      throw new NumberFormatException("not a yuan amount with at most 2 decimals: '" + yuan + "'");
    }
    return new BigDecimal(yuan).movePointRight(2).longValueExact();
  }
}
