package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.alipay.internal.Yuan;
import io.unipay.core.NotifyRequest;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SignedForm;
import java.nio.charset.Charset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property-based fuzzing of the notification parser and the answer parsers: every case ends in a
 * clean result or a {@link UniPayException}; a mutated signed message never verifies unless its
 * signed content is unchanged; a re-signed mutation is reflected faithfully or rejected.
 */
class AlipayFuzzTest {
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final long STARTED = System.nanoTime();
  private static final AlipaySimulator SIM = AlipaySimulator.start();
  private static final AlipayClient CLIENT =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(SIM.appId())
              .appPrivateKey(SIM.appPrivateKeyPem())
              .alipayPublicKey(SIM.alipayPublicKeyPem())
              .sellerId(SIM.sellerId())
              .gatewayUrl(SIM.gatewayUrl())
              .build());
  private static final SignedForm GENUINE = SIM.paymentNotification("FUZZ1", 8888);
  private static final String GENUINE_RAW = ((ProviderNotification.Payment) parse(GENUINE.body())).trade().raw();
  private static final SignedAnswerServer ANSWERS = new SignedAnswerServer();
  private static final AlipayClient ANSWER_CLIENT = ANSWERS.client();
  private static final List<String> FIELDS = List.copyOf(GENUINE.fields().keySet());

  @AfterContainer
  static void report() {
    System.out.printf("AlipayFuzzTest: %d cases in %d ms%n", CASES.get(), (System.nanoTime() - STARTED) / 1_000_000);
    CLIENT.close();
    ANSWER_CLIENT.close();
    ANSWERS.close();
    SIM.close();
  }

  private static ProviderNotification parse(byte[] body) {
    return CLIENT.parseNotification(NotifyRequest.post("/pay/notify/alipay/native", Map.of(), body));
  }

  /** Runs a case: anything but a UniPayException escaping fails the property. */
  private static ProviderNotification attempt(byte[] body) {
    CASES.incrementAndGet();
    try {
      return parse(body);
    } catch (UniPayException e) {
      assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
      return null;
    }
  }

  @Property(tries = 7500)
  void rawByteMutationsOfASignedNotificationNeverVerifyWithOtherContent(
      @ForAll("positions") int position, @ForAll("bytes") byte value, @ForAll("edits") int edit) {
    byte[] body = GENUINE.body();
    int at = position % (body.length + 1);
    byte[] mutated =
        switch (edit) {
          case 0 -> { // replace
            byte[] b = body.clone();
            b[Math.min(at, b.length - 1)] = value;
            yield b;
          }
          case 1 -> { // insert
            byte[] b = new byte[body.length + 1];
            System.arraycopy(body, 0, b, 0, at);
            b[at] = value;
            System.arraycopy(body, at, b, at + 1, body.length - at);
            yield b;
          }
          default -> { // delete
            int del = Math.min(at, body.length - 1);
            byte[] b = new byte[body.length - 1];
            System.arraycopy(body, 0, b, 0, del);
            System.arraycopy(body, del + 1, b, del, body.length - del - 1);
            yield b;
          }
        };
    ProviderNotification n = attempt(mutated);
    if (n instanceof ProviderNotification.Payment p) {
      assertThat(p.trade().raw()).isEqualTo(GENUINE_RAW); // only uncovered bytes changed
    } else if (n != null) {
      throw new AssertionError("a mutation verified as another kind: " + n);
    }
  }

  @Property(tries = 2400)
  void reSignedFieldMutationsAreReflectedFaithfullyOrRejected(
      @ForAll("fieldNames") String field, @ForAll("values") String value, @ForAll("charsets") String charset,
      @ForAll boolean delete) {
    if (!delete && !Charset.forName(charset).newEncoder().canEncode(value)) return; // not sendable
    Map<String, String> f = new LinkedHashMap<>(GENUINE.fields());
    f.remove("sign");
    if (delete) f.remove(field);
    else f.put(field, value);
    SignedForm signed;
    try {
      signed = SIM.signNotification(f, Charset.forName(charset));
    } catch (RuntimeException unencodable) {
      return;
    }
    ProviderNotification n = attempt(signed.body());
    if (n instanceof ProviderNotification.Payment p) {
      Map<String, String> sent = signed.fields();
      TradeSnapshot t = p.trade();
      assertThat(t.outTradeNo()).isEqualTo(sent.get("out_trade_no"));
      assertThat(t.totalFee()).isEqualTo(Yuan.toFen(sent.get("total_amount")));
      assertThat(t.appId()).isEqualTo(SIM.appId());
      assertThat(t.merchantId()).isEqualTo(SIM.sellerId());
      assertThat(t.transactionId()).isEqualTo(emptyToNull(sent.get("trade_no")));
    } else if (n instanceof ProviderNotification.RefundResult r) {
      assertThat(r.refund().outTradeNo()).isEqualTo(signed.fields().get("out_trade_no"));
      assertThat(r.refund().outRefundNo()).isEqualTo(signed.fields().get("out_biz_no"));
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @Property(tries = 800)
  void reSignedQueryAnswerMutationsAreReflectedFaithfullyOrRejected(
      @ForAll("answerFields") String field, @ForAll("values") String value, @ForAll boolean delete) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("code", "10000");
    a.put("msg", "Success");
    a.put("out_trade_no", "Q1");
    a.put("trade_no", "2026010522001");
    a.put("trade_status", "TRADE_SUCCESS");
    a.put("total_amount", "10.00");
    a.put("seller_id", SIM.sellerId());
    a.put("send_pay_date", "2026-01-05 10:00:00");
    if (delete) a.remove(field);
    else a.put(field, value);
    ANSWERS.answer(json(a));
    CASES.incrementAndGet();
    TradeSnapshot t;
    try {
      t = ANSWER_CLIENT.query("Q1");
    } catch (UniPayException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return;
    }
    if (t.state() == io.unipay.core.spi.TradeState.NOT_FOUND) return;
    assertThat(a.get("out_trade_no")).isEqualTo("Q1");
    assertThat(t.totalFee()).isEqualTo(Yuan.toFen(a.get("total_amount")));
    assertThat(t.merchantId()).isEqualTo(SIM.sellerId());
  }

  private static String json(Map<String, String> m) {
    StringBuilder sb = new StringBuilder("{");
    m.forEach((k, v) -> {
      if (sb.length() > 1) sb.append(',');
      sb.append('"').append(k).append("\":\"");
      for (char c : v.toCharArray()) {
        if (c == '"' || c == '\\') sb.append('\\').append(c);
        else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
        else sb.append(c);
      }
      sb.append('"');
    });
    return sb.append('}').toString();
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 100_000);
  }

  @Provide
  Arbitrary<Byte> bytes() {
    return Arbitraries.oneOf(
        Arbitraries.bytes(), Arbitraries.of((byte) '&', (byte) '=', (byte) '%', (byte) '+', (byte) 0, (byte) '\n'));
  }

  @Provide
  Arbitrary<Integer> edits() {
    return Arbitraries.integers().between(0, 2);
  }

  @Provide
  Arbitrary<String> fieldNames() {
    return Arbitraries.oneOf(
        Arbitraries.of(FIELDS), Arbitraries.of("refund_fee", "out_biz_no", "gmt_refund", "send_back_fee", ""));
  }

  @Provide
  Arbitrary<String> answerFields() {
    return Arbitraries.of(
        "code", "out_trade_no", "trade_no", "trade_status", "total_amount", "seller_id", "send_pay_date",
        "receipt_amount", "refund_fee", "buyer_user_id");
  }

  @Provide
  Arbitrary<String> charsets() {
    return Arbitraries.of("UTF-8", "GBK", "GB18030");
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.of("-1.00", "1e2", "1.001", "", "0.00", "88.88", "88.89", "100000000.00", "100000000.01",
            "TRADE_CLOSED", "TRADE_FINISHED", "WAIT_BUYER_PAY", "NOPE", "2026-02-30 10:00:00",
            "2026-01-05 10:00:00", "2088000000000000", "FUZZ2", "Q2", "会员", "a\nb", "x\r\n2026 INFO forged",
            "%0A", "\u2028"),
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings().numeric().ofMaxLength(15),
        Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(3));
  }

}
