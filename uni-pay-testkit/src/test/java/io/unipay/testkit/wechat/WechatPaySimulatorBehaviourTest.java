package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's API behaviour, driven by a minimal hand-written merchant. */
class WechatPaySimulatorBehaviourTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WechatPaySimulator sim;
  private MerchantCalls merchant;
  private MockWebServer receiver;
  private final List<RecordedRequest> notifications = new CopyOnWriteArrayList<>();
  private volatile int receiverStatus = 204;

  @BeforeEach
  void start() throws IOException {
    sim = WechatPaySimulator.builder().redeliveryCompression(100_000).start();
    merchant = new MerchantCalls(sim, Clock.systemUTC());
    receiver = new MockWebServer();
    receiver.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            notifications.add(request);
            return new MockResponse.Builder().code(receiverStatus).build();
          }
        });
    receiver.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    sim.close();
    receiver.close();
  }

  private String notifyUrl() {
    return receiver.url("/notify/wxpay/jsapi").toString();
  }

  private static JsonNode json(MerchantCalls.Answer answer) throws IOException {
    return JSON.readTree(answer.body());
  }

  @Test
  void unsignedOrForeignSignedRequestsAreRejectedWithSignError() throws IOException {
    String body = MerchantCalls.jsapiOrder("unsigned0001", 100, notifyUrl());
    MerchantCalls.Answer unsigned =
        merchant.send("POST", "/v3/pay/transactions/jsapi", body.getBytes(UTF_8), null);
    String foreign =
        merchant
            .authorization("POST", "/v3/pay/transactions/jsapi", body.getBytes(UTF_8))
            .replace("1230000109", "1900000109");
    MerchantCalls.Answer otherMerchant =
        merchant.send("POST", "/v3/pay/transactions/jsapi", body.getBytes(UTF_8), foreign);
    String signedForQuery =
        merchant.authorization(
            "GET", "/v3/pay/transactions/out-trade-no/x?mchid=1230000109", new byte[0]);
    MerchantCalls.Answer queryWithoutQueryString =
        merchant.send("GET", "/v3/pay/transactions/out-trade-no/x", null, signedForQuery);

    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(json(unsigned).path("code").asText()).isEqualTo("SIGN_ERROR");
    assertThat(otherMerchant.status()).isEqualTo(401);
    assertThat(queryWithoutQueryString.status()).isEqualTo(401);
    assertThat(sim.trade("unsigned0001")).isEmpty();
  }

  @Test
  void invalidPrepayRequestsAnswerParamErrorWithTheField() throws IOException {
    String good = MerchantCalls.jsapiOrder("param0000001", 100, notifyUrl());
    List<String[]> cases =
        List.of(
            new String[] {good.replace("\"total\":100", "\"total\":0"), "/amount/total"},
            new String[] {
              good.replace(",\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}", ""),
              "/payer/openid"
            },
            new String[] {
              good.replace(
                  "\"notify_url\":\"" + notifyUrl() + "\"",
                  "\"notify_url\":\"" + notifyUrl() + "?a=1\""),
              "/notify_url"
            },
            new String[] {
              good.replace(
                  "\"description\":\"test\"", "\"description\":\"" + "测".repeat(43) + "\""),
              "/description"
            },
            new String[] {
              good.replace("{\"appid\"", "{\"time_expire\":\"2030-01-01T00:00:00Z\",\"appid\""),
              "/time_expire"
            },
            new String[] {good.replace("param0000001", "p1"), "/out_trade_no"});
    for (String[] c : cases) {
      MerchantCalls.Answer answer = merchant.post("/v3/pay/transactions/jsapi", c[0]);

      assertThat(answer.status()).as(c[1]).isEqualTo(400);
      assertThat(json(answer).path("code").asText()).isEqualTo("PARAM_ERROR");
      assertThat(json(answer).path("detail").path("field").asText()).isEqualTo(c[1]);
    }
    MerchantCalls.Answer h5 =
        merchant.post(
            "/v3/pay/transactions/h5",
            good.replace(",\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}", ""));
    assertThat(json(h5).path("detail").path("field").asText())
        .isEqualTo("/scene_info/payer_client_ip");
    MerchantCalls.Answer otherApp =
        merchant.post(
            "/v3/pay/transactions/jsapi", good.replace("wxd678efh567hg6787", "wx0000000000000001"));
    assertThat(json(otherApp).path("code").asText()).isEqualTo("APPID_MCHID_NOT_MATCH");
  }

  @Test
  void sameOutTradeNoReturnsTheSamePrepayOnlyForIdenticalParameters() throws IOException {
    String order = MerchantCalls.jsapiOrder("same00000001", 100, notifyUrl());
    String first =
        json(merchant.post("/v3/pay/transactions/jsapi", order)).path("prepay_id").asText();
    String second =
        json(merchant.post("/v3/pay/transactions/jsapi", order)).path("prepay_id").asText();
    MerchantCalls.Answer changed =
        merchant.post(
            "/v3/pay/transactions/jsapi", order.replace("\"total\":100", "\"total\":101"));

    assertThat(second).isEqualTo(first).startsWith("wx");
    assertThat(changed.status()).isEqualTo(403);
    assertThat(json(changed).path("code").asText()).isEqualTo("OUT_TRADE_NO_USED");
  }

  @Test
  void queryAndCloseFollowTheTradeState() throws IOException {
    merchant.post(
        "/v3/pay/transactions/jsapi", MerchantCalls.jsapiOrder("state0000001", 100, notifyUrl()));
    merchant.post(
        "/v3/pay/transactions/jsapi", MerchantCalls.jsapiOrder("state0000002", 100, notifyUrl()));

    assertThat(
            merchant
                .get("/v3/pay/transactions/out-trade-no/nope00000001?mchid=1230000109")
                .status())
        .isEqualTo(404);
    assertThat(
            json(merchant.get("/v3/pay/transactions/out-trade-no/state0000001?mchid=1230000109"))
                .path("trade_state")
                .asText())
        .isEqualTo("NOTPAY");
    sim.startPaying("state0000001");
    MerchantCalls.Answer paying =
        merchant.post(
            "/v3/pay/transactions/out-trade-no/state0000001/close", "{\"mchid\":\"1230000109\"}");
    assertThat(json(paying).path("code").asText()).isEqualTo("USERPAYING");
    sim.pay("state0000001");
    JsonNode paid =
        json(merchant.get("/v3/pay/transactions/out-trade-no/state0000001?mchid=1230000109"));
    assertThat(paid.path("trade_state").asText()).isEqualTo("SUCCESS");
    assertThat(paid.path("transaction_id").asText()).hasSize(28);
    assertThat(paid.path("success_time").asText()).endsWith("+08:00");
    assertThat(
            json(merchant.get(
                    "/v3/pay/transactions/id/"
                        + paid.path("transaction_id").asText()
                        + "?mchid=1230000109"))
                .path("out_trade_no")
                .asText())
        .isEqualTo("state0000001");
    assertThat(
            json(merchant.post(
                    "/v3/pay/transactions/out-trade-no/state0000001/close",
                    "{\"mchid\":\"1230000109\"}"))
                .path("code")
                .asText())
        .isEqualTo("ORDERPAID");
    sim.closeByTimeout("state0000002");
    assertThat(sim.trade("state0000002").orElseThrow().tradeState()).isEqualTo("CLOSED");
    assertThatThrownBy(() -> sim.pay("state0000002")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refundsCheckAmountsAndAreIdempotentByOutRefundNo() throws IOException {
    merchant.post(
        "/v3/pay/transactions/jsapi", MerchantCalls.jsapiOrder("refund000001", 100, notifyUrl()));
    String unpaid =
        "{\"out_trade_no\":\"refund000001\",\"out_refund_no\":\"RF1\",\"amount\":{\"refund\":60,\"total\":100,\"currency\":\"CNY\"}}";
    assertThat(json(merchant.post("/v3/refund/domestic/refunds", unpaid)).path("code").asText())
        .isEqualTo("INVALID_REQUEST");
    sim.pay("refund000001");

    JsonNode first = json(merchant.post("/v3/refund/domestic/refunds", unpaid));
    JsonNode again = json(merchant.post("/v3/refund/domestic/refunds", unpaid));
    MerchantCalls.Answer tooMuch =
        merchant.post("/v3/refund/domestic/refunds", unpaid.replace("RF1", "RF2"));
    MerchantCalls.Answer wrongTotal =
        merchant.post(
            "/v3/refund/domestic/refunds",
            unpaid.replace("RF1", "RF3").replace("\"total\":100", "\"total\":99"));

    assertThat(first.path("status").asText()).isEqualTo("PROCESSING");
    assertThat(again.path("refund_id").asText()).isEqualTo(first.path("refund_id").asText());
    assertThat(tooMuch.status()).isEqualTo(403);
    assertThat(json(tooMuch).path("code").asText()).isEqualTo("NOT_ENOUGH");
    assertThat(json(wrongTotal).path("code").asText()).isEqualTo("INVALID_REQUEST");

    sim.completeRefund("RF1", "CLOSED");
    assertThat(json(merchant.get("/v3/refund/domestic/refunds/RF1")).path("status").asText())
        .isEqualTo("CLOSED");
    assertThat(merchant.post("/v3/refund/domestic/refunds", unpaid.replace("RF1", "RF2")).status())
        .as("a closed refund releases its amount")
        .isEqualTo(200);
    assertThat(merchant.get("/v3/refund/domestic/refunds/NOPE").status()).isEqualTo(404);
  }

  @Test
  void certificatesAreServedEncryptedAndRotationKeepsThePreviousOne() throws Exception {
    WechatPaySimulator certSim =
        WechatPaySimulator.builder()
            .signingMode(WechatPaySimulator.SigningMode.CERTIFICATE)
            .start();
    try (certSim) {
      MerchantCalls calls = new MerchantCalls(certSim, Clock.systemUTC());
      String old = certSim.platformCertificateSerial();
      String fresh = certSim.rotatePlatformCertificate();
      MerchantCalls.Answer answer = calls.get("/v3/certificates?algorithm_type=RSA");
      JsonNode data = json(answer).path("data");

      assertThat(answer.headers().get("Wechatpay-Serial")).isEqualTo(fresh);
      assertThat(data).hasSize(2);
      for (JsonNode item : data) {
        JsonNode enc = item.path("encrypt_certificate");
        assertThat(enc.path("associated_data").asText()).isEqualTo("certificate");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
            Cipher.DECRYPT_MODE,
            new SecretKeySpec(certSim.apiV3Key().getBytes(UTF_8), "AES"),
            new GCMParameterSpec(128, enc.path("nonce").asText().getBytes(UTF_8)));
        cipher.updateAAD("certificate".getBytes(UTF_8));
        String pem =
            new String(
                cipher.doFinal(Base64.getDecoder().decode(enc.path("ciphertext").asText())), UTF_8);
        assertThat(SimCrypto.serial(SimCrypto.certificate(pem)))
            .isEqualTo(item.path("serial_no").asText());
      }
      assertThat(data.findValuesAsText("serial_no")).containsExactly(old, fresh);
    }
  }

  @Test
  void notificationsAreRedeliveredOnTheWechatScheduleAndThenGivenUp() {
    receiverStatus = 500;
    merchant.post(
        "/v3/pay/transactions/jsapi", MerchantCalls.jsapiOrder("retry0000001", 100, notifyUrl()));

    sim.pay("retry0000001");
    sim.awaitDelivery(d -> d.attempt() == 16, Duration.ofSeconds(10));
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }

    assertThat(sim.deliveries())
        .extracting(NotificationDelivery::attempt)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 16).boxed().toList());
    assertThat(notifications).hasSize(16);
    assertThat(notifications)
        .extracting(r -> JSON.readTree(r.getBody().toByteArray()).path("id").asText())
        .as("every redelivery carries the same notification id")
        .containsOnly(sim.deliveries().get(0).eventId());
  }

  @Test
  void notificationHeadersAreWrittenWithWechatSpelling() {
    merchant.post(
        "/v3/pay/transactions/jsapi", MerchantCalls.jsapiOrder("spell0000001", 100, notifyUrl()));
    sim.pay("spell0000001");
    sim.awaitAcknowledged("spell0000001", Duration.ofSeconds(10));

    okhttp3.Headers headers = notifications.get(0).getHeaders();
    assertThat(IntStream.range(0, headers.size()).mapToObj(headers::name))
        .contains(
            "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial");
  }

  @Test
  void droppedNotificationIsNeverSentAndDuplicatesAreOnDemand() {
    merchant.post(
        "/v3/pay/transactions/jsapi", MerchantCalls.jsapiOrder("drop00000001", 100, notifyUrl()));
    sim.inject(Fault.DROP_NOTIFICATION, 1);

    sim.pay("drop00000001");
    sim.awaitDelivery(d -> d.fault() == Fault.DROP_NOTIFICATION, Duration.ofSeconds(10));
    sim.duplicateNotify("drop00000001");
    sim.awaitAcknowledged("drop00000001", Duration.ofSeconds(10));

    assertThat(notifications).hasSize(1);
  }

  @Test
  void serverErrorFaultAnswersSystemErrorWithoutProcessing() throws IOException {
    sim.inject(Fault.SERVER_ERROR, 1);
    MerchantCalls.Answer answer =
        merchant.post(
            "/v3/pay/transactions/jsapi",
            MerchantCalls.jsapiOrder("fault0000001", 100, notifyUrl()));

    assertThat(answer.status()).isEqualTo(500);
    assertThat(json(answer).path("code").asText()).isEqualTo("SYSTEM_ERROR");
    assertThat(sim.trade("fault0000001")).isEmpty();
    assertThat(
            merchant
                .post(
                    "/v3/pay/transactions/jsapi",
                    MerchantCalls.jsapiOrder("fault0000001", 100, notifyUrl()))
                .status())
        .isEqualTo(200);
  }
}
