package io.unipay.wechat;

import static io.unipay.wechat.TransferCommands.command;
import static io.unipay.wechat.WechatVectorsTest.assertRejected;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.ErrorCode;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.testkit.wechat.SignedNotification;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code MCHTRANSFER.BILL.FINISHED}: verified, decrypted and bound to this merchant, or refused. */
class WechatTransferNotificationTest {
  private static final String BILL =
      "{\"mch_id\":\"1230000109\",\"out_bill_no\":\"TBnote000001\","
          + "\"transfer_bill_no\":\"1330000071100999991182020050700019480001\",\"state\":\"SUCCESS\","
          + "\"transfer_amount\":2000,\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\","
          + "\"create_time\":\"2026-01-01T10:00:00+08:00\",\"update_time\":\"2026-01-01T10:05:00+08:00\"}";

  private Harness h;

  @BeforeEach
  void start() {
    h = new Harness("public-key");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private SignedNotification signed(String originalType, String json) {
    return h.sim
        .notification()
        .eventType("MCHTRANSFER.BILL.FINISHED")
        .summary("商家转账单据终态通知")
        .resource(originalType, json)
        .build();
  }

  @Test
  void aGenuineNotificationBecomesTheBillsVerifiedResult() {
    ProviderNotification parsed =
        h.client.parseNotification(Fixtures.request(signed("mch_payment", BILL)));

    assertThat(parsed)
        .isInstanceOfSatisfying(
            ProviderNotification.TransferResult.class,
            t -> {
              TransferSnapshot bill = t.transfer();
              assertThat(bill.outBillNo()).isEqualTo("TBnote000001");
              assertThat(bill.providerBillNo()).isEqualTo("1330000071100999991182020050700019480001");
              assertThat(bill.state()).isEqualTo(TransferState.SUCCESS);
              assertThat(bill.amount()).isEqualTo(2000);
              assertThat(bill.merchantId()).isEqualTo("1230000109");
              assertThat(bill.updatedAt()).isEqualTo(Instant.parse("2026-01-01T02:05:00Z"));
              assertThat(bill.raw()).isEqualTo(BILL);
            });
  }

  @Test
  void theSimulatorsNotificationOfARealBillParses() {
    h.client.transfer(command(h, "TBnote000002", 900, null));
    h.sim.failTransfer("TBnote000002", "PAYEE_ACCOUNT_ABNORMAL");

    ProviderNotification parsed =
        h.client.parseNotification(
            Fixtures.request(h.sim.transfers().finishedNotification("TBnote000002")));

    assertThat(((ProviderNotification.TransferResult) parsed).transfer().failReason())
        .isEqualTo("PAYEE_ACCOUNT_ABNORMAL");
  }

  @Test
  void aTamperedBodyIsRefused() {
    SignedNotification n = signed("mch_payment", BILL);
    byte[] body = n.body().clone();
    int at = n.bodyAsString().indexOf("MCHTRANSFER");
    body[at] = 'X';

    assertRejected(h.client, Fixtures.request(n.withBody(body)), "BAD_SIGNATURE", ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void aNotificationSignedWithAnotherKeyIsRefused() {
    SignedNotification forged =
        h.sim
            .notification()
            .eventType("MCHTRANSFER.BILL.FINISHED")
            .resource("mch_payment", BILL)
            .signer(h.sim.publicKeyId(), h.sim.merchantPrivateKeyPem())
            .build();

    assertRejected(h.client, Fixtures.request(forged), "BAD_SIGNATURE", ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void aResourceThatIsNotAnMchPaymentIsRefused() {
    assertRejected(
        h.client,
        Fixtures.request(signed("transaction", BILL)),
        "MALFORMED",
        ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void anotherMerchantsBillIsRefused() {
    assertRejected(
        h.client,
        Fixtures.request(signed("mch_payment", BILL.replace("1230000109", "1900000001"))),
        "MCHID_MISMATCH",
        ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void anUnknownStateOrAnAmountThatIsNotFenIsRefused() {
    assertRejected(
        h.client,
        Fixtures.request(signed("mch_payment", BILL.replace("\"SUCCESS\"", "\"REVOKED\""))),
        "MALFORMED",
        ErrorCode.NOTIFY_REJECTED);
    assertRejected(
        h.client,
        Fixtures.request(signed("mch_payment", BILL.replace("2000", "20.00"))),
        "MALFORMED",
        ErrorCode.NOTIFY_REJECTED);
    assertRejected(
        h.client,
        Fixtures.request(signed("mch_payment", BILL.replace("\"transfer_amount\":2000,", ""))),
        "MALFORMED",
        ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void aStaleNotificationIsRefused() {
    SignedNotification stale =
        h.sim
            .notification()
            .eventType("MCHTRANSFER.BILL.FINISHED")
            .resource("mch_payment", BILL)
            .timestamp(Instant.now().getEpochSecond() - 600)
            .build();

    assertRejected(h.client, Fixtures.request(stale), "STALE_TIMESTAMP", ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void aResourceEncryptedWithAnotherKeyIsRefused() {
    SignedNotification n = signed("mch_payment", BILL);
    String body = n.bodyAsString();
    String ciphertext = body.replaceAll(".*\"ciphertext\":\"([^\"]+)\".*", "$1");
    String flipped =
        (ciphertext.charAt(0) == 'A' ? "B" : "A") + ciphertext.substring(1);
    SignedNotification resigned = h.sim.signNotificationBody(body.replace(ciphertext, flipped).getBytes(UTF_8));

    assertRejected(h.client, Fixtures.request(resigned), "DECRYPT_FAILED", ErrorCode.NOTIFY_REJECTED);
  }
}
