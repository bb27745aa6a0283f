package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.alipay.internal.FormFields;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-level form decoder agrees with {@link URLDecoder} field by field. */
class FormFieldsTest {

  @Test
  void decodesLikeUrlDecoderForUtf8AndGbkBodies() {
    Random random = new Random(42);
    String alphabet = "abcXYZ019 +-_.*~!'()&=%/:?@#[]{}\"支付成功商品¥€";
    for (String charsetName : new String[] {"utf-8", "GBK"}) {
      Charset charset = Charset.forName(charsetName);
      for (int round = 0; round < 200; round++) {
        StringBuilder body = new StringBuilder("charset=" + charsetName);
        for (int f = 0; f < 1 + random.nextInt(8); f++) {
          StringBuilder value = new StringBuilder();
          for (int i = random.nextInt(20); i > 0; i--) {
            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          body.append("&f")
              .append(f)
              .append('=')
              .append(URLEncoder.encode(value.toString(), charset));
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);

        assertThat(FormFields.decode(bytes)).containsExactlyEntriesOf(reference(bytes, charset));
      }
    }
  }

  @Test
  void keepsBodyOrderSkipsEmptyPairsAndTakesANameWithoutEqualsAsEmpty() {
    byte[] body = "b=2&&a=1&flag&c=x+y%2Bz&".getBytes(StandardCharsets.US_ASCII);

    assertThat(FormFields.decode(body))
        .containsExactly(
            Map.entry("b", "2"),
            Map.entry("a", "1"),
            Map.entry("flag", ""),
            Map.entry("c", "x y+z"));
    assertThat(FormFields.decode(new byte[0])).isEmpty();
  }

  @Test
  void unescapedNonAsciiBytesStandForThemselvesAsUrlDecoderDoes() {
    byte[] body = "s=\u00e9t\u00e9".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(FormFields.decode(body))
        .containsExactlyEntriesOf(reference(body, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=%4", "a=%", "a=%zz", "a=x%2", "%G0=1"})
  void malformedEscapesAreRejected(String form) {
    assertThatThrownBy(() -> FormFields.decode(form.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(form);
  }

  @Test
  void aRepeatedFieldOrAnUnknownCharsetIsRejected() {
    assertThatThrownBy(() -> FormFields.decode("a=1&b=2&a=3".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeats the field \"a\"");
    assertThatThrownBy(
            () -> FormFields.decode("charset=nope-42&a=1".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported charset");
  }

  /** The previous implementation: split on '&', URLDecoder per name and value. */
  private static Map<String, String> reference(byte[] body, Charset charset) {
    String ascii = new String(body, StandardCharsets.ISO_8859_1);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : ascii.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      fields.put(URLDecoder.decode(name, charset), URLDecoder.decode(value, charset));
    }
    return fields;
  }
}
