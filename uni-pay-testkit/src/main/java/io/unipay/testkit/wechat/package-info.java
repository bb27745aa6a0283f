/**
 * An offline WeChat Pay API v3 simulator: {@link io.unipay.testkit.wechat.WechatPaySimulator} (a
 * loopback HTTP server with real crypto and test controls) and {@link
 * io.unipay.testkit.wechat.SignedNotification} / {@link
 * io.unipay.testkit.wechat.NotificationBuilder} for signed notifications without HTTP, and {@link
 * io.unipay.testkit.wechat.WechatLoginSimulator} for payer sign-in (getOpenid). Written from
 * the protocol, independent of the client code, so the two cannot drift together.
 */
package io.unipay.testkit.wechat;
