package io.unipay.testkit.alipay;

/** When an injected {@link Fault} strikes, relative to the call's effect at the simulator. */
public enum FaultPoint {
  /** The call is not carried out (e.g. no refund is made): only the fault is answered. */
  BEFORE_APPLY,
  /** The call is carried out (e.g. the refund exists), then its answer is lost or spoiled. */
  AFTER_APPLY
}
