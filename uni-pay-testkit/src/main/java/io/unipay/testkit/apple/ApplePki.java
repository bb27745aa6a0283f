package io.unipay.testkit.apple;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local stand-in for Apple's PKI: a root, an intermediate carrying Apple's intermediate OID
 * (1.2.840.113635.100.6.2.1) and a leaf carrying the App Store receipt-signing OID
 * (1.2.840.113635.100.6.11.1), all P-256 / ES256. Trust {@link #root()} in the client under test.
 */
public final class ApplePki {
  /** Apple's OID on the WWDR intermediate. */
  public static final String INTERMEDIATE_OID = "1.2.840.113635.100.6.2.1";
  /** Apple's OID on the App Store signing leaf. */
  public static final String LEAF_OID = "1.2.840.113635.100.6.11.1";

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private final Issued root;
  private final Issued intermediate;
  private final Issued leaf;

  private ApplePki(Issued root, Issued intermediate, Issued leaf) {
    this.root = root;
    this.intermediate = intermediate;
    this.leaf = leaf;
  }

  /** A fresh, valid chain (valid from a day ago for ten years). */
  public static ApplePki create() {
    Instant now = Instant.now();
    Instant from = now.minus(Duration.ofDays(1));
    Instant to = now.plus(Duration.ofDays(3650));
    Issued root = selfSigned("Test Apple Root CA - G3", from, to);
    Issued intermediate = issue(root, "Test Apple WWDR CA G6", true, INTERMEDIATE_OID, from, to);
    Issued leaf = issue(intermediate, "Test Prod ECC Mac App Store", false, LEAF_OID, from, to);
    return new ApplePki(root, intermediate, leaf);
  }

  /** The root to configure as trusted. */
  public X509Certificate root() {
    return root.certificate;
  }

  /** The leaf's signing key. */
  PrivateKey leafKey() {
    return leaf.keys.getPrivate();
  }

  /** The x5c header of the valid chain: leaf, intermediate, root. */
  List<String> x5c() {
    return List.of(b64(leaf), b64(intermediate), b64(root));
  }

  /** A chain whose leaf and intermediate lack Apple's OIDs. */
  Chain withoutAppleOids() {
    Instant[] v = validity();
    Issued i = issue(root, "No-OID intermediate", true, "1.2.3.4", v[0], v[1]);
    Issued l = issue(i, "No-OID leaf", false, "1.2.3.5", v[0], v[1]);
    return new Chain(l.keys.getPrivate(), List.of(b64(l), b64(i), b64(root)));
  }

  /** Apple's intermediate and a leaf it issued, but without the leaf OID. */
  Chain leafWithoutAppleOid() {
    Instant[] v = validity();
    Issued l = issue(intermediate, "Leaf without OID", false, "1.2.3.5", v[0], v[1]);
    return new Chain(l.keys.getPrivate(), List.of(b64(l), b64(intermediate), b64(root)));
  }

  /** A leaf with Apple's leaf OID under an intermediate lacking the intermediate OID. */
  Chain intermediateWithoutAppleOid() {
    Instant[] v = validity();
    Issued i = issue(root, "Intermediate without OID", true, "1.2.3.4", v[0], v[1]);
    Issued l = issue(i, "Leaf with OID", false, LEAF_OID, v[0], v[1]);
    return new Chain(l.keys.getPrivate(), List.of(b64(l), b64(i), b64(root)));
  }

  /** A leaf with Apple's OID issued by another intermediate than the one in x5c. */
  Chain leafNotIssuedByIntermediate() {
    Instant[] v = validity();
    Issued other = issue(root, "Other intermediate", true, INTERMEDIATE_OID, v[0], v[1]);
    Issued l = issue(other, "Foreign leaf", false, LEAF_OID, v[0], v[1]);
    return new Chain(l.keys.getPrivate(), List.of(b64(l), b64(intermediate), b64(root)));
  }

  /** A leaf that expired a year ago (valid for a day two years ago). */
  Chain expiredLeaf() {
    Instant start = Instant.now().minus(Duration.ofDays(730));
    Issued l = issue(intermediate, "Expired leaf", false, LEAF_OID, start,
        start.plus(Duration.ofDays(1)));
    return new Chain(l.keys.getPrivate(), List.of(b64(l), b64(intermediate), b64(root)));
  }

  /** A complete, well-formed chain under a self-signed root that only appears in x5c. */
  Chain untrustedRoot() {
    ApplePki attacker = create();
    return new Chain(attacker.leafKey(), attacker.x5c());
  }

  /** The valid chain. */
  Chain valid() {
    return new Chain(leafKey(), x5c());
  }

  /** A signing key with the x5c header it claims. */
  record Chain(PrivateKey key, List<String> x5c) {}

  private static Instant[] validity() {
    Instant now = Instant.now();
    return new Instant[] {now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650))};
  }

  private static String b64(Issued issued) {
    try {
      return Base64.getEncoder().encodeToString(issued.certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Issued selfSigned(String cn, Instant from, Instant to) {
    KeyPair keys = keys();
    return new Issued(keys, build(new X500Name("CN=" + cn), keys, new X500Name("CN=" + cn),
        keys, true, null, from, to));
  }

  private static Issued issue(
      Issued issuer, String cn, boolean ca, String oid, Instant from, Instant to) {
    KeyPair keys = keys();
    X500Name issuerName = X500Name.getInstance(
        issuer.certificate.getSubjectX500Principal().getEncoded());
    return new Issued(keys, build(new X500Name("CN=" + cn), keys, issuerName, issuer.keys, ca,
        oid, from, to));
  }

  private static X509Certificate build(
      X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys, boolean ca,
      String oid, Instant from, Instant to) {
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer, BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from),
              Date.from(to), subject, subjectKeys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      if (oid != null) b.addExtension(new ASN1ObjectIdentifier(oid), false, DERNull.INSTANCE);
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                  .build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot build test certificate " + subject, e);
    }
  }

  private static KeyPair keys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Issued(KeyPair keys, X509Certificate certificate) {}
}
