package io.unipay.examples.boot;

import io.unipay.core.UniPay;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sandbox only: plays the payer and the provider. {@code POST
 * /api/sandbox/orders/{outTradeNo}/pay} pays the order at its simulator, which then POSTs its
 * signed notification to the app's notify endpoint over HTTP; {@code .../redeliver} sends that
 * notification once more, as providers sometimes do.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/api/sandbox/orders/{outTradeNo}")
public class SandboxController {
  private final UniPay pay;
  private final WechatPaySimulator wechat;
  private final AlipaySimulator alipay;

  public SandboxController(UniPay pay, WechatPaySimulator wechat, AlipaySimulator alipay) {
    this.pay = pay;
    this.wechat = wechat;
    this.alipay = alipay;
  }

  @PostMapping("/pay")
  public ResponseEntity<Map<String, String>> pay(@PathVariable("outTradeNo") String outTradeNo) {
    PayOrder order = pay.getOrder(outTradeNo);
    if (order.provider() == Provider.WXPAY) wechat.pay(outTradeNo);
    else alipay.pay(outTradeNo);
    return accepted(order, "paid at the simulator; its notification is on the way");
  }

  @PostMapping("/redeliver")
  public ResponseEntity<Map<String, String>> redeliver(
      @PathVariable("outTradeNo") String outTradeNo) {
    PayOrder order = pay.getOrder(outTradeNo);
    if (order.provider() == Provider.WXPAY) wechat.duplicateNotify(outTradeNo);
    else alipay.duplicateNotify(outTradeNo);
    return accepted(order, "the notification is sent once more");
  }

  /** The simulator refuses, e.g. an order that is already paid or never reached it. */
  @ExceptionHandler(IllegalStateException.class)
  ResponseEntity<Map<String, String>> refused(IllegalStateException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(Map.of("error", "SANDBOX_REFUSED", "message", e.getMessage()));
  }

  private static ResponseEntity<Map<String, String>> accepted(PayOrder order, String message) {
    return ResponseEntity.accepted()
        .body(
            Map.of(
                "outTradeNo", order.outTradeNo(),
                "provider", order.provider().code(),
                "message", message));
  }
}
