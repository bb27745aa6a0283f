package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.alipay.internal.Yuan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Yuan strings convert to fen exactly as the documented pattern and BigDecimal say. */
class YuanTest {
  /** The rule as written in Yuan's contract, checked with a regex and BigDecimal. */
  private static final Pattern RULE = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.[0-9]{1,2})?");

  @Test
  void agreesWithThePatternAndBigDecimalOnRandomAndBoundaryStrings() {
    List<String> inputs =
        new ArrayList<>(
            List.of(
                "", "0", "00", "0.", "0.0", "0.00", "0.000", "0.01", ".5", "1", "01", "1.",
                "1.5", "88.88", "100000000", "100000000.00", "100000000.01", "999999999",
                "999999999.99", "1000000000", "-1", "+1", "1e2", " 1", "1 ", "1,00", "１",
                "٣", "1.2.3", "12345678.9", "123456789.12"));
    Random random = new Random(7);
    String alphabet = "0123456789.0123456789.-+e ";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(14); i > 0; i--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      inputs.add(s.toString());
    }
    for (String input : inputs) {
      Long expected = reference(input);
      if (expected == null) {
        assertThatThrownBy(() -> Yuan.toFen(input))
            .as(input)
            .isInstanceOf(NumberFormatException.class);
      } else {
        assertThat(Yuan.toFen(input)).as(input).isEqualTo(expected);
      }
    }
  }

  @Test
  void refusesAmountsAboveAlipaysLargestAndNull() {
    assertThat(Yuan.toFen("100000000.00")).isEqualTo(Yuan.MAX_FEN);
    assertThatThrownBy(() -> Yuan.toFen("100000000.01"))
        .isInstanceOf(NumberFormatException.class)
        .hasMessageContaining("above 100000000");
    assertThatThrownBy(() -> Yuan.toFen(null)).isInstanceOf(NumberFormatException.class);
  }

  private static Long reference(String yuan) {
    if (yuan.length() > 12 || !RULE.matcher(yuan).matches()) return null;
    long fen = new BigDecimal(yuan).movePointRight(2).longValueExact();
    return fen > Yuan.MAX_FEN ? null : fen;
  }
}
