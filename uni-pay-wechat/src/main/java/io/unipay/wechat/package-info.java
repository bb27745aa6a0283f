/**
 * WeChat Pay API v3 {@link io.unipay.core.spi.PayClient}: {@link io.unipay.wechat.WechatPayConfig}
 * and {@link io.unipay.wechat.WechatPayClient}.
 */
package io.unipay.wechat;
