/**
 * Implementation details of the WeChat Pay client: signing, verification, certificate handling,
 * JSON mapping. Not API; may change in any release.
 */
package io.unipay.wechat.internal;
