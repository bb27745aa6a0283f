package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** The simulated transfer-bill API, driven by a minimal hand-written merchant. */
class TransferBillsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BILLS = "/v3/fund-app/mch-transfer/transfer-bills";

  private WechatPaySimulator sim;
  private MerchantCalls merchant;
  private MockWebServer receiver;
  private final List<RecordedRequest> notifications = new CopyOnWriteArrayList<>();

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
            return new MockResponse.Builder().code(204).build();
          }
        });
    receiver.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    sim.close();
    receiver.close();
  }

  private String bill(String outBillNo, long fen, String userName) {
    return "{\"appid\":\"wxd678efh567hg6787\",\"out_bill_no\":\"" + outBillNo + "\","
        + "\"transfer_scene_id\":\"1000\",\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\","
        + (userName == null ? "" : "\"user_name\":\"" + userName + "\",")
        + "\"transfer_amount\":" + fen + ",\"transfer_remark\":\"活动奖励\","
        + "\"notify_url\":\"" + receiver.url("/notify/transfer") + "\","
        + "\"transfer_scene_report_infos\":[{\"info_type\":\"活动名称\",\"info_content\":\"新会员有礼\"},"
        + "{\"info_type\":\"奖励说明\",\"info_content\":\"注册会员抽奖一等奖\"}]}";
  }

  private String encryptForPublishedKey(String name) throws Exception {
    String pem =
        sim.platformPublicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PublicKey key =
        KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    cipher.init(Cipher.ENCRYPT_MODE, key);
    return Base64.getEncoder().encodeToString(cipher.doFinal(name.getBytes(UTF_8)));
  }

  private static JsonNode json(MerchantCalls.Answer answer) throws IOException {
    return JSON.readTree(answer.body());
  }

  @Test
  void aNewBillWaitsForThePayeeWithAPackage() throws IOException {
    MerchantCalls.Answer created = merchant.post(BILLS, bill("SIMB00000001", 100, null));

    assertThat(created.status()).isEqualTo(200);
    JsonNode answer = json(created);
    assertThat(answer.path("state").asText()).isEqualTo("WAIT_USER_CONFIRM");
    assertThat(answer.path("package_info").asText()).isNotEmpty();
    assertThat(answer.path("transfer_bill_no").asText()).isNotEmpty();
    assertThat(created.headers().get("Wechatpay-Signature")).isNotNull();
  }

  @Test
  void aBillCanBeQueriedByEitherNumber() throws IOException {
    String billNo = json(merchant.post(BILLS, bill("SIMB00000002", 100, null))).path("transfer_bill_no").asText();

    JsonNode byOurs = json(merchant.get(BILLS + "/out-bill-no/SIMB00000002"));
    JsonNode byTheirs = json(merchant.get(BILLS + "/transfer-bill-no/" + billNo));

    assertThat(byOurs).isEqualTo(byTheirs);
    assertThat(byOurs.path("mch_id").asText()).isEqualTo(sim.mchid());
    assertThat(byOurs.path("transfer_amount").asLong()).isEqualTo(100);
    MerchantCalls.Answer none = merchant.get(BILLS + "/out-bill-no/SIMBnone0001");
    assertThat(none.status()).isEqualTo(404);
    assertThat(json(none).path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void theSameNumberAnswersTheSameBillAndOtherContentIsRefused() throws IOException {
    String first = json(merchant.post(BILLS, bill("SIMB00000003", 100, null))).path("transfer_bill_no").asText();

    assertThat(json(merchant.post(BILLS, bill("SIMB00000003", 100, null))).path("transfer_bill_no").asText())
        .isEqualTo(first);
    MerchantCalls.Answer other = merchant.post(BILLS, bill("SIMB00000003", 101, null));
    assertThat(other.status()).isEqualTo(400);
    assertThat(json(other).path("code").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(sim.transfers().count("SIMB00000003")).isEqualTo(1);
    assertThat(sim.transfers().createRequests("SIMB00000003")).isEqualTo(3);
  }

  @Test
  void theNameIsDecryptedWithThePrivateKeyOfThePublishedKey() throws Exception {
    MerchantCalls.Answer created =
        merchant.post(BILLS, bill("SIMB00000004", 200_000, encryptForPublishedKey("王五")), sim.publicKeyId());

    assertThat(created.status()).isEqualTo(200);
    assertThat(sim.transfers().transfer("SIMB00000004").orElseThrow().userName()).isEqualTo("王五");
  }

  @Test
  void aWechatpaySerialThatNamesNoPublishedKeyIsRefusedAsWechatPayDoes() throws Exception {
    MerchantCalls.Answer refused =
        merchant.post(
            BILLS,
            bill("SIMB00000005", 200_000, encryptForPublishedKey("王五")),
            "PUB_KEY_ID_0000000000000000000000000000000001");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(json(refused).path("code").asText()).isEqualTo("PARAM_ERROR");
    assertThat(json(refused).path("message").asText()).isEqualTo("平台证书序列号Wechatpay-Serial错误");
    assertThat(sim.transfers().count("SIMB00000005")).isZero();
  }

  @Test
  void aNameThatDoesNotDecryptIsRefused() {
    String notForThisKey = Base64.getEncoder().encodeToString(new byte[256]);

    MerchantCalls.Answer refused =
        merchant.post(BILLS, bill("SIMB00000006", 100, notForThisKey), sim.publicKeyId());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("请确认待处理的消息是否为加密后的密文");
  }

  @Test
  void requestsWechatPayWouldRefuseAreRefused() throws IOException {
    assertThat(json(merchant.post(BILLS, bill("SIMB00000007", 200_000, null))).path("code").asText())
        .as("2000 yuan without a name")
        .isEqualTo("PARAM_ERROR");
    assertThat(
            merchant
                .post(BILLS, bill("SIMB00000008", 100, null).replaceAll(",\"transfer_scene_report_infos\":\\[.*\\]", ""))
                .text())
        .contains("需传入转账场景报备信息");
    assertThat(json(merchant.post(BILLS, bill("SIMB00000009", 100, null).replace("\"1000\"", "\"9999\""))).path("message").asText())
        .isEqualTo("你尚未获取该转账场景");
    assertThat(json(merchant.post(BILLS, bill("SIMB-0000010", 100, null))).path("code").asText())
        .isEqualTo("PARAM_ERROR");
    assertThat(merchant.post(BILLS, bill("SIMB00000011", 100, null).replace("{\"appid\"", "{\"extra\":1,\"appid\"")).text())
        .contains("未在API文档中定义的参数");
    assertThat(sim.transfers().all()).isEmpty();
  }

  @Test
  void aCancelIsAcceptedOnlyBeforeThePayeeConfirms() throws IOException {
    merchant.post(BILLS, bill("SIMB00000012", 100, null));
    merchant.post(BILLS, bill("SIMB00000013", 100, null));
    sim.confirmTransfer("SIMB00000013");

    JsonNode cancelled = json(merchant.post(BILLS + "/out-bill-no/SIMB00000012/cancel", ""));
    MerchantCalls.Answer refused = merchant.post(BILLS + "/out-bill-no/SIMB00000013/cancel", "");

    assertThat(cancelled.path("state").asText()).isEqualTo("CANCELING");
    assertThat(sim.transfers().transfer("SIMB00000012").orElseThrow().state()).isEqualTo("CANCELLED");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(json(refused).path("code").asText()).isEqualTo("INVALID_REQUEST");
    assertThatThrownBy(() -> sim.confirmTransfer("SIMB00000012")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFinalBillIsNotifiedAsAnEncryptedMchPayment() throws Exception {
    merchant.post(BILLS, bill("SIMB00000014", 300, null));
    sim.confirmTransfer("SIMB00000014");
    NotificationDelivery delivery = sim.awaitAcknowledged("SIMB00000014", Duration.ofSeconds(10));

    assertThat(delivery.eventType()).isEqualTo("MCHTRANSFER.BILL.FINISHED");
    JsonNode envelope = JSON.readTree(notifications.get(0).getBody().toByteArray());
    JsonNode resource = envelope.path("resource");
    assertThat(resource.path("original_type").asText()).isEqualTo("mch_payment");
    assertThat(resource.path("associated_data").asText()).isEqualTo("mch_payment");
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(sim.apiV3Key().getBytes(UTF_8), "AES"),
        new GCMParameterSpec(128, resource.path("nonce").asText().getBytes(UTF_8)));
    aes.updateAAD("mch_payment".getBytes(UTF_8));
    JsonNode plain =
        JSON.readTree(aes.doFinal(Base64.getDecoder().decode(resource.path("ciphertext").asText())));
    assertThat(plain.path("mch_id").asText()).isEqualTo(sim.mchid());
    assertThat(plain.path("out_bill_no").asText()).isEqualTo("SIMB00000014");
    assertThat(plain.path("state").asText()).isEqualTo("SUCCESS");
    assertThat(plain.path("transfer_amount").asLong()).isEqualTo(300);
  }

  @Test
  void theBalanceIsReservedByABillAndReleasedWhenItFails() throws IOException {
    sim.transfers().balance(500);
    merchant.post(BILLS, bill("SIMB00000015", 400, null));
    MerchantCalls.Answer poor = merchant.post(BILLS, bill("SIMB00000016", 200, null));

    assertThat(poor.status()).isEqualTo(403);
    assertThat(json(poor).path("code").asText()).isEqualTo("NOT_ENOUGH");
    sim.expireTransfer("SIMB00000015");
    assertThat(sim.transfers().balance()).isEqualTo(500);
    assertThat(sim.transfers().transfer("SIMB00000015").orElseThrow().failReason())
        .isEqualTo(TransferBills.EXPIRED_REASON);
  }

  @Test
  void faultsAimedAtTheTransferEndpointsStrikeThere() throws IOException {
    sim.inject(Fault.SERVER_ERROR, Endpoint.TRANSFER_CREATE, Fault.Timing.AFTER_APPLYING, 1);
    sim.inject(Fault.FOREIGN_ANSWER, Endpoint.TRANSFER_QUERY, 1);

    MerchantCalls.Answer created = merchant.post(BILLS, bill("SIMB00000017", 100, null));
    JsonNode foreign = json(merchant.get(BILLS + "/out-bill-no/SIMB00000017"));

    assertThat(created.status()).isEqualTo(500);
    assertThat(sim.transfers().count("SIMB00000017")).isEqualTo(1);
    assertThat(foreign.path("out_bill_no").asText()).isEqualTo("FOREIGNSIMB00000017");
    assertThat(sim.pendingFaults()).isZero();
  }
}
