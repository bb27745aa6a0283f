package io.unipay.testkit.apple;

/** Deliberately wrong signing material, each of which a correct verifier must reject. */
public enum BadChain {
  /** Leaf and intermediate without Apple's OIDs. */
  WRONG_OIDS,
  /** Apple's intermediate, but a leaf without the App Store leaf OID. */
  LEAF_WITHOUT_APPLE_OID,
  /** A leaf with Apple's leaf OID under an intermediate without Apple's intermediate OID. */
  INTERMEDIATE_WITHOUT_APPLE_OID,
  /** The leaf (whose key signs) was issued by another intermediate than the one in x5c. */
  LEAF_NOT_ISSUED_BY_INTERMEDIATE,
  /** The leaf expired before the payload's signedDate. */
  EXPIRED_LEAF,
  /** A complete chain under a self-signed root that is only in x5c, not trusted. */
  UNTRUSTED_ROOT,
  /** Header {@code alg} is {@code ES384} (signature still ES256). */
  ALG_NOT_ES256,
  /** Header {@code alg} is {@code none} and the signature empty. */
  ALG_NONE,
  /** A valid signature over a payload that was changed afterwards. */
  TAMPERED_PAYLOAD,
  /** x5c holds only leaf and intermediate. */
  TWO_CERTIFICATES
}
