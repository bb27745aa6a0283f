package io.unipay.alipay.internal;

import io.unipay.core.internal.LogSafe;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Exact conversion between fen ({@code long}) and Alipay's yuan strings. Never floating point. */
public final class Yuan {
  /** No sign, no exponent, no leading zeros, at most 9 integer digits and 2 decimals. */
  private static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.[0-9]{1,2})?");

  /** Alipay's largest amount, 100 000 000.00 yuan, in fen (protocols §B2). */
  public static final long MAX_FEN = 10_000_000_000L;

  private Yuan() {}

  /** {@code 8888} → {@code "88.88"}, {@code 1} → {@code "0.01"}. */
  public static String fromFen(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }

  /**
   * {@code "88.88"} → {@code 8888}. Accepts plain non-negative decimals with at most two decimals,
   * up to {@value #MAX_FEN} fen; anything else (three decimals, signs, exponents, blanks, leading
   * zeros, huge values) throws {@link NumberFormatException} naming the value (escaped).
   */
  public static long toFen(String yuan) {
    if (yuan == null || yuan.length() > 12 || !AMOUNT.matcher(yuan).matches()) {
      throw new NumberFormatException(
          "not a yuan amount with at most 2 decimals: " + LogSafe.quote(yuan));
    }
    long fen = new BigDecimal(yuan).movePointRight(2).longValueExact();
    if (fen > MAX_FEN) {
      throw new NumberFormatException("yuan amount above 100000000: " + LogSafe.quote(yuan));
    }
    return fen;
  }
}
