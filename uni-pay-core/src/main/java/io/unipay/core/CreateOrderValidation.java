package io.unipay.core;

import io.unipay.core.internal.Ids;
import io.unipay.core.internal.Json;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PayClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The checks of {@link UniPay#createOrder} (design §5.1): every failure names the field. */
final class CreateOrderValidation {
  private CreateOrderValidation() {}

  /** Validates {@code r} and returns the client of its provider. */
  static PayClient validate(
      CreateOrderRequest r, Map<String, NotifyHandler> handlers, Map<Provider, PayClient> clients,
      long maxTotalFee) {
    if (r.type() == null || !Ids.TYPE.matcher(r.type()).matches()) {
      throw UniPayException.invalid(
          "type '" + r.type() + "' must be 1..32 chars of [0-9A-Za-z_-]");
    }
    if (!handlers.containsKey(r.type())) {
      throw new UniPayException(
          ErrorCode.UNKNOWN_TYPE,
          "no NotifyHandler registered for type '" + r.type() + "'; registered: "
              + handlers.keySet());
    }
    if (r.orderNo() == null || !Ids.ORDER_NO.matcher(r.orderNo()).matches()) {
      throw UniPayException.invalid(
          "orderNo '" + r.orderNo() + "' must be 1..64 chars of [0-9A-Za-z_-]");
    }
    if (r.provider() == null) {
      throw UniPayException.invalid("provider is required (wxpay, alipay or appleiap)");
    }
    if (r.payType() == null) throw UniPayException.invalid("payType is required");
    if (!r.payType().supportedBy(r.provider())) {
      throw UniPayException.invalid(
          "pay type '" + r.payType().code() + "' is not offered by " + r.provider().code());
    }
    PayClient client = clients.get(r.provider());
    if (client == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "provider " + r.provider().code() + " is not configured; add its PayClient to the builder");
    }
    if (client.appId(r.payType(), r.type()).isEmpty()) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "pay type '" + r.payType().code() + "' has no app id configured for "
              + r.provider().code() + " (type '" + r.type() + "')");
    }
    if (r.totalFee() <= 0) {
      throw UniPayException.invalid("totalFee must be > 0 fen, was " + r.totalFee());
    }
    if (r.totalFee() > maxTotalFee) {
      throw UniPayException.invalid(
          "totalFee " + r.totalFee() + " fen exceeds the configured maximum " + maxTotalFee
              + " fen");
    }
    if (r.description() == null || r.description().isBlank()) {
      throw UniPayException.invalid("description must not be blank");
    }
    int bytes = r.description().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > client.maxDescriptionBytes()) {
      throw UniPayException.invalid(
          "description is " + bytes + " bytes (UTF-8); " + r.provider().code() + " allows "
              + client.maxDescriptionBytes());
    }
    if (r.payType().needsPayerId() && (r.openid() == null || r.openid().isBlank())) {
      throw UniPayException.invalid(
          "openid is required for pay type '" + r.payType().code() + "' (the payer's "
              + (r.provider() == Provider.WXPAY ? "openid" : "buyer id") + ")");
    }
    if (r.payType() == PayType.H5 && (r.clientIp() == null || r.clientIp().isBlank())) {
      throw UniPayException.invalid("clientIp is required for WeChat h5 payments");
    }
    if (r.custom() != null && !Json.isValid(r.custom())) {
      throw UniPayException.invalid("custom must be JSON text");
    }
    if (r.expireAfter() != null
        && (r.expireAfter().compareTo(Duration.ofMinutes(1)) < 0
            || r.expireAfter().compareTo(Duration.ofDays(15)) > 0)) {
      throw UniPayException.invalid(
          "expireAfter " + r.expireAfter() + " must be between 1 minute and 15 days");
    }
    checkLength("userId", r.userId(), 64);
    checkLength("openid", r.openid(), 128);
    checkLength("clientIp", r.clientIp(), 64);
    checkLength("returnUrl", r.returnUrl(), 512);
    return client;
  }

  private static void checkLength(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw UniPayException.invalid(
          field + " is " + value.length() + " chars; at most " + max + " are allowed");
    }
  }
}
