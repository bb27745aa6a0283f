package io.unipay.testkit.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorCertificatesTest {
  private static final String DOWNLOAD = "alipay.open.app.alipaycert.download";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AlipaySimulator alipay = AlipaySimulator.builder().certificateMode(true).start();
  private final SimulatorCertificates pki = alipay.certificates();

  @AfterEach
  void close() {
    alipay.close();
  }

  private JsonNode download(String sn) throws Exception {
    String body =
        GatewayCall.certSignedPost(alipay, DOWNLOAD, "{\"alipay_cert_sn\":\"" + sn + "\"}").body();
    return JSON.readTree(body);
  }

  private static String pem(JsonNode answer) {
    String content =
        answer
            .path("alipay_open_app_alipaycert_download_response")
            .path("alipay_cert_content")
            .asText();
    return new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8);
  }

  private static PublicKey key(X509CertificateHolder holder) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(holder).getPublicKey();
  }

  @Test
  void aRotationChangesTheSnAndKeyOfAnswersAndKeepsEveryCertificateDownloadable() throws Exception {
    String original = pki.alipayCertSn();
    String rotated = pki.rotateAlipayCertificate();

    JsonNode answer = download(original);

    assertThat(rotated).isNotEqualTo(original).matches("[0-9a-f]{32}");
    assertThat(answer.path("alipay_cert_sn").asText()).isEqualTo(rotated);
    assertThat(pem(answer)).isEqualTo(pki.alipayCertPem(original));
    String signed = answer.path("alipay_open_app_alipaycert_download_response").toString();
    PublicKey rotatedKey = key(SimCrypto.certificates(pki.alipayCertPem()).get(0));
    assertThat(SimCrypto.verify(rotatedKey, signed, answer.path("sign").asText())).isTrue();
    assertThat(alipay.truth().certificateDownloads()).containsExactly(original);
  }

  @Test
  void anAlipayCertificateFileIsLeafThenIntermediateSignedUpToTheRoot() throws Exception {
    List<X509CertificateHolder> file = SimCrypto.certificates(pki.alipayCertPem());
    List<X509CertificateHolder> bundle = SimCrypto.certificates(pki.alipayRootCertPem());
    X509CertificateHolder root = bundle.get(1);

    assertThat(file).hasSize(2);
    assertThat(file.get(0).getIssuer()).isEqualTo(file.get(1).getSubject());
    assertThat(file.get(1).getIssuer()).isEqualTo(root.getSubject());
    assertThat(SimCrypto.certSn(file.get(0))).isEqualTo(pki.alipayCertSn());
    new JcaX509CertificateConverter().getCertificate(file.get(0)).verify(key(file.get(1)));
    new JcaX509CertificateConverter().getCertificate(file.get(1)).verify(key(root));
  }

  @Test
  void anImpostorCertificateBorrowsTheGenuineNamesButNotTheRootsKey() throws Exception {
    String genuineIssuer =
        SimCrypto.certificates(pki.alipayCertPem()).get(0).getIssuer().toString();
    String impostor = pki.rotateToImpostorCertificate();
    List<X509CertificateHolder> file = SimCrypto.certificates(pki.alipayCertPem(impostor));
    X509CertificateHolder root = SimCrypto.certificates(pki.alipayRootCertPem()).get(1);

    assertThat(file.get(0).getIssuer().toString()).isEqualTo(genuineIssuer);
    assertThat(file.get(1).getIssuer()).isEqualTo(root.getSubject());
    assertThat(pem(download(impostor))).isEqualTo(pki.alipayCertPem(impostor));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new JcaX509CertificateConverter().getCertificate(file.get(1)).verify(key(root)))
        .isInstanceOf(java.security.SignatureException.class);
  }

  @Test
  void aMisdirectedDownloadServesAnotherCertificateAsManyTimesAsAsked() throws Exception {
    String original = pki.alipayCertSn();
    String rotated = pki.rotateAlipayCertificate();
    alipay.faults().serveAnotherCertificateOnDownload(original, 1);

    assertThat(pem(download(rotated))).isEqualTo(pki.alipayCertPem(original));
    assertThat(pem(download(rotated))).isEqualTo(pki.alipayCertPem(rotated));
  }

  @Test
  void anUnknownSnIsABusinessFailure() throws Exception {
    assertThat(download("0".repeat(32)).toString()).contains("ALIPAY_CERT_NOT_EXIST");
  }

  @Test
  void theGatewaySignsWithAnEarlierCertificateWhenAsked() throws Exception {
    String original = pki.alipayCertSn();
    pki.rotateAlipayCertificate();

    pki.signWith(original);

    assertThat(pki.alipayCertSn()).isEqualTo(original);
    assertThat(download(original).path("alipay_cert_sn").asText()).isEqualTo(original);
  }
}
