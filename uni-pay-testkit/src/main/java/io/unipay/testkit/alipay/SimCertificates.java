package io.unipay.testkit.alipay;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;

/** Certificate mode: fresh app/Alipay certificates from the simulator's own root, and their SNs. */
record SimCertificates(
    String appCertPem,
    String alipayCertPem,
    String rootCertPem,
    String appCertSn,
    String alipayCertSn,
    String rootCertSn) {

  static SimCertificates issue(String appId, PublicKey appPublicKey, PublicKey alipayPublicKey) {
    String rootName = "CN=Simulated Alipay Root CA R1,OU=Certification Authority,O=Ant Financial,C=CN";
    String caName = "CN=Simulated Alipay CA Class 2 R1,OU=Certification Authority,O=Ant Financial,C=CN";
    KeyPair root = SimCrypto.caKeyPair();
    X509Certificate rootCert =
        SimCrypto.certificate(rootName, root.getPublic(), rootName, root.getPrivate(), true, "SHA256withRSA");
    X509Certificate ecRoot = SimCrypto.ecRoot("CN=Simulated Alipay Root CA E1,O=Ant Financial,C=CN");
    X509Certificate app =
        SimCrypto.certificate(
            "CN=" + appId + ",OU=Alipay Open Platform,O=Simulated Merchant,C=CN",
            appPublicKey, caName, root.getPrivate(), false, "SHA256withRSA");
    X509Certificate alipay =
        SimCrypto.certificate(
            "CN=Simulated Alipay Public Key,OU=Alipay Open Platform,O=Ant Financial,C=CN",
            alipayPublicKey, caName, root.getPrivate(), false, "SHA256withRSA");
    String appCertPem = SimCrypto.pem(app);
    String alipayCertPem = SimCrypto.pem(alipay);
    String rootCertPem = SimCrypto.pem(ecRoot, rootCert); // the ECDSA root must be skipped in the SN
    return new SimCertificates(
        appCertPem,
        alipayCertPem,
        rootCertPem,
        SimCrypto.certSn(SimCrypto.certificates(appCertPem).get(0)),
        SimCrypto.certSn(SimCrypto.certificates(alipayCertPem).get(0)),
        SimCrypto.rootCertSn(rootCertPem));
  }
}
