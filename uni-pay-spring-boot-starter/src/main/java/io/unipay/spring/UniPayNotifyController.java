package io.unipay.spring;

import io.unipay.core.UniPay;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring MVC notify endpoint: {@code POST {unipay.notify-path}/{provider}/{payType}} (and
 * {@code .../{provider}/refund}). Hands the raw request to {@link UniPay#handleNotify} (through {@link
 * UniPayNotifications}, so that notify listeners and metrics see it) and writes
 * its answer back verbatim. Exclude this path from CSRF protection and from any filter that reads
 * request parameters, or the form body of Alipay notifications is consumed before it arrives here.
 */
@RestController
public class UniPayNotifyController {
  private final UniPayNotifications notifications;
  private final int maxBodyBytes;

  public UniPayNotifyController(UniPayNotifications notifications, UniPayProperties properties) {
    this.notifications = notifications;
    this.maxBodyBytes = properties.getMaxNotifyBodyBytes();
  }

  @PostMapping("${unipay.notify-path:/pay/notify}/{provider}/{payType}")
  public void notify(HttpServletRequest request, HttpServletResponse response) throws IOException {
    NotifyExchange.write(notifications.handle(NotifyExchange.read(request, maxBodyBytes)), response);
  }
}
