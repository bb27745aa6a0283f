package io.unipay.alipay.internal;

import io.unipay.core.internal.LogSafe;
import java.math.BigDecimal;

/** Exact conversion between fen ({@code long}) and Alipay's yuan strings. Never floating point. */
public final class Yuan {
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
    long fen = fenOrMinusOne(yuan);
    if (fen < 0) {
      throw new NumberFormatException(
          "not a yuan amount with at most 2 decimals: " + LogSafe.quote(yuan));
    }
    if (fen > MAX_FEN) {
      throw new NumberFormatException("yuan amount above 100000000: " + LogSafe.quote(yuan));
    }
    return fen;
  }

  /**
   * The fen of {@code yuan} when it matches {@code (0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?}, else -1.
   * A hand-written match of that pattern: a notification carries several amounts, and a regex
   * match plus a {@code BigDecimal} each cost more than the rest of the field's handling.
   */
  private static long fenOrMinusOne(String yuan) {
    if (yuan == null) return -1;
    int n = yuan.length();
    if (n == 0 || n > 12) return -1;
    int i;
    long units = 0;
    char first = yuan.charAt(0);
    if (first == '0') {
      i = 1;
    } else if (first >= '1' && first <= '9') {
      i = 0;
      while (i < n && i < 9 && isDigit(yuan.charAt(i))) {
        units = units * 10 + (yuan.charAt(i) - '0');
        i++;
      }
    } else {
      return -1;
    }
    if (i == n) return units * 100;
    if (yuan.charAt(i) != '.') return -1;
    int decimals = n - i - 1;
    if (decimals < 1 || decimals > 2) return -1;
    long cents = 0;
    for (int k = i + 1; k < n; k++) {
      if (!isDigit(yuan.charAt(k))) return -1;
      cents = cents * 10 + (yuan.charAt(k) - '0');
    }
    return units * 100 + (decimals == 1 ? cents * 10 : cents);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
