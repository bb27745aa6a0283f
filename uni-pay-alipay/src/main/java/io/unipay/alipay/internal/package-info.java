/**
 * Implementation details of uni-pay-alipay (signing, verification, parsing). Public only so the
 * module's own package can use them; not an API, may change in any release.
 */
package io.unipay.alipay.internal;
