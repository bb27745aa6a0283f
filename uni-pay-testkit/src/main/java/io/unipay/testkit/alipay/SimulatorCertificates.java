package io.unipay.testkit.alipay;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificate mode: the {@link AlipaySimulator}'s own PKI ({@link AlipaySimulator#certificates()}),
 * shaped like Alipay's. A root ({@value #ROOT_NAME}) issues an intermediate CA ({@value #CA_NAME}),
 * which issues the app certificate and every Alipay public-key certificate; an Alipay certificate
 * file is leaf + intermediate, as Alipay ships it. The gateway signs with one of the issued Alipay
 * certificates at a time (the latest rotation unless {@link #signWith} chose another); every issued
 * certificate stays downloadable by SN. An impostor root with the genuine root's subject name (and
 * an intermediate with the genuine intermediate's name) can issue certificates too. Thread-safe.
 */
public final class SimulatorCertificates {
  static final String ROOT_NAME =
      "CN=Simulated Alipay Root CA R1,OU=Certification Authority,O=Ant Financial,C=CN";
  static final String CA_NAME =
      "CN=Simulated Alipay CA Class 2 R1,OU=Certification Authority,O=Ant Financial,C=CN";
  private static final String ALIPAY_NAME =
      "CN=Simulated Alipay Public Key,OU=Alipay Open Platform,O=Ant Financial,C=CN";

  /** One issued Alipay certificate: its SN, the file (leaf + intermediate) and the signing key. */
  record Issued(String sn, String chainPem, PrivateKey key, boolean impostor) {
    /** {@code alipay_cert_content}: Base64 of the PEM file. */
    String content() {
      return Base64.getEncoder().encodeToString(chainPem.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final String rootCertPem;
  private final String rootCertSn;
  private final String appCertPem;
  private final String appCertSn;
  private final X509Certificate caCert;
  private final KeyPair ca;
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final List<String> downloads = new ArrayList<>();
  private volatile Issued signing;
  private volatile X509Certificate impostorCaCert;
  private String misdirectedTo;
  private int misdirections;

  private SimulatorCertificates(String appId, PublicKey appPublicKey, PrivateKey alipayPrivateKey) {
    KeyPair root = SimCrypto.caKeyPair("root");
    this.ca = SimCrypto.caKeyPair("ca");
    X509Certificate rootCert =
        SimCrypto.certificate(
            ROOT_NAME, root.getPublic(), ROOT_NAME, root.getPrivate(), true, "SHA256withRSA");
    this.caCert =
        SimCrypto.certificate(
            CA_NAME, ca.getPublic(), ROOT_NAME, root.getPrivate(), true, "SHA256withRSA");
    X509Certificate ecRoot =
        SimCrypto.ecRoot("CN=Simulated Alipay Root CA E1,O=Ant Financial,C=CN");
    this.rootCertPem = SimCrypto.pem(ecRoot, rootCert); // the ECDSA root must be skipped in the SN
    this.rootCertSn = SimCrypto.rootCertSn(rootCertPem);
    X509Certificate app =
        SimCrypto.certificate(
            "CN=" + appId + ",OU=Alipay Open Platform,O=Simulated Merchant,C=CN",
            appPublicKey,
            CA_NAME,
            ca.getPrivate(),
            false,
            "SHA256withRSA");
    this.appCertPem = SimCrypto.pem(app);
    this.appCertSn = SimCrypto.certSn(SimCrypto.certificates(appCertPem).get(0));
    this.signing = issue(SimCrypto.publicKeyOf(alipayPrivateKey), alipayPrivateKey, false, null);
  }

  static SimulatorCertificates issue(
      String appId, PublicKey appPublicKey, PrivateKey alipayPrivateKey) {
    return new SimulatorCertificates(appId, appPublicKey, alipayPrivateKey);
  }

  private Issued issue(PublicKey key, PrivateKey privateKey, boolean impostor, Instant notAfter) {
    X509Certificate issuer = impostor ? impostorCa() : caCert;
    PrivateKey issuerKey =
        impostor ? SimCrypto.caKeyPair("impostor-ca").getPrivate() : ca.getPrivate();
    Instant now = Instant.now();
    X509Certificate leaf =
        SimCrypto.certificate(
            ALIPAY_NAME,
            key,
            CA_NAME,
            issuerKey,
            false,
            "SHA256withRSA",
            now.minusSeconds(86_400),
            notAfter != null ? notAfter : now.plusSeconds(3650L * 86_400));
    String pem = SimCrypto.pem(leaf, issuer);
    Issued result =
        new Issued(SimCrypto.certSn(SimCrypto.certificates(pem).get(0)), pem, privateKey, impostor);
    issued.put(result.sn(), result);
    return result;
  }

  private X509Certificate impostorCa() {
    X509Certificate c = impostorCaCert;
    if (c == null) {
      KeyPair root = SimCrypto.caKeyPair("impostor-root");
      KeyPair impostor = SimCrypto.caKeyPair("impostor-ca");
      c =
          SimCrypto.certificate(
              CA_NAME, impostor.getPublic(), ROOT_NAME, root.getPrivate(), true, "SHA256withRSA");
      impostorCaCert = c;
    }
    return c;
  }

  /**
   * Alipay re-issues its public-key certificate, with a fresh key, from the genuine intermediate
   * CA. From now on answers carry its SN and answers and notifications are signed with its key;
   * every earlier certificate stays downloadable.
   *
   * @return the new {@code alipay_cert_sn}
   */
  public String rotateAlipayCertificate() {
    return rotate(false, null).sn();
  }

  /** {@link #rotateAlipayCertificate()} with a certificate that expires at {@code notAfter}. */
  public String rotateAlipayCertificate(Instant notAfter) {
    return rotate(false, java.util.Objects.requireNonNull(notAfter, "notAfter == null")).sn();
  }

  /**
   * As {@link #rotateAlipayCertificate()}, but the certificate is issued by an impostor root (and
   * intermediate) with the <b>same subject names</b> as the genuine ones and other keys; the
   * gateway serves it on download. A client must refuse it.
   *
   * @return the impostor certificate's {@code alipay_cert_sn}
   */
  public String rotateToImpostorCertificate() {
    return rotate(true, null).sn();
  }

  private synchronized Issued rotate(boolean impostor, Instant notAfter) {
    KeyPair fresh = SimCrypto.rsaKeyPair();
    signing = issue(fresh.getPublic(), fresh.getPrivate(), impostor, notAfter);
    return signing;
  }

  /** The gateway signs with the earlier issued certificate {@code sn} again. */
  public synchronized void signWith(String sn) {
    Issued found = issued.get(sn);
    if (found == null) throw new IllegalArgumentException("the simulator never issued " + sn);
    signing = found;
  }

  /** The app certificate (PEM), issued by the simulator's intermediate CA. */
  public String appCertPem() {
    return appCertPem;
  }

  /** The {@code app_cert_sn} the gateway expects. */
  public String appCertSn() {
    return appCertSn;
  }

  /**
   * The Alipay public-key certificate file (PEM: leaf, then the intermediate CA) the gateway signs
   * with now; it changes with {@link #rotateAlipayCertificate()}.
   */
  public String alipayCertPem() {
    return signing.chainPem();
  }

  /** The {@code alipay_cert_sn} every answer carries now. */
  public String alipayCertSn() {
    return signing.sn();
  }

  /** The file of any Alipay certificate the simulator issued (genuine or impostor). */
  public String alipayCertPem(String sn) {
    Issued found = issued.get(sn);
    if (found == null) throw new IllegalArgumentException("the simulator never issued " + sn);
    return found.chainPem();
  }

  /** The root bundle (PEM; an ECDSA root first, then the RSA root). */
  public String alipayRootCertPem() {
    return rootCertPem;
  }

  /** The {@code alipay_root_cert_sn} the gateway expects. */
  public String alipayRootCertSn() {
    return rootCertSn;
  }

  Issued signing() {
    return signing;
  }

  /**
   * The certificate a download of {@code sn} is answered with (null: no such certificate); records
   * the download. A pending {@link #misdirect} serves another certificate instead.
   */
  Issued download(String sn) {
    synchronized (downloads) {
      downloads.add(sn);
      if (misdirections > 0) {
        misdirections--;
        return issued.get(misdirectedTo);
      }
    }
    return sn == null ? null : issued.get(sn);
  }

  /**
   * The next {@code times} downloads, whatever SN they ask for, serve certificate {@code servedSn}.
   */
  void misdirect(String servedSn, int times) {
    if (issued.get(servedSn) == null) {
      throw new IllegalArgumentException("the simulator never issued " + servedSn);
    }
    if (times < 0) throw new IllegalArgumentException("times < 0: " + times);
    synchronized (downloads) {
      misdirectedTo = servedSn;
      misdirections = times;
    }
  }

  List<String> downloads() {
    synchronized (downloads) {
      return List.copyOf(downloads);
    }
  }
}
