package io.unipay.apple;

import java.util.OptionalLong;

/**
 * Apple prices are milli-units of the storefront currency ({@code 9900} = CNY 9.90). The engine
 * counts fen, so a price converts only when it is a whole number of fen; anything else is not
 * rounded but refused.
 */
final class AppleMoney {
  private AppleMoney() {}

  /** The price in fen, or empty when {@code milli} is negative or not a whole number of fen. */
  static OptionalLong milliToFen(long milli) {
    if (milli < 0 || milli % 10 != 0) return OptionalLong.empty();
    return OptionalLong.of(milli / 10);
  }
}
