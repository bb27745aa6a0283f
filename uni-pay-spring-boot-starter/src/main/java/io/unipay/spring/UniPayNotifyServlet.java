package io.unipay.spring;

import static java.util.Objects.requireNonNull;

import io.unipay.core.UniPay;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * A plain Jakarta servlet for the notify endpoint, for applications without Spring MVC (or that
 * want the endpoint outside the DispatcherServlet). Map it to {@code /pay/notify/*}; routing uses
 * the request URI's last two segments ({@code {provider}/{payType}}):
 *
 * <pre>{@code
 * @Bean
 * ServletRegistrationBean<UniPayNotifyServlet> notifyServlet(UniPay pay) {
 *   return new ServletRegistrationBean<>(new UniPayNotifyServlet(pay, 64 * 1024), "/pay/notify/*");
 * }
 * }</pre>
 *
 * <p>Built from the auto-configured {@link UniPayNotifications} instead of the engine, it also
 * feeds the notify listeners (and the {@code unipay.notifications} metric):
 * {@code new UniPayNotifyServlet(notifications, 64 * 1024)}.
 */
public class UniPayNotifyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient UniPayNotifications notifications;
  private final int maxBodyBytes;

  /** A servlet that hands notifications to the engine directly, without listeners. */
  public UniPayNotifyServlet(UniPay pay, int maxBodyBytes) {
    this(new UniPayNotifications(requireNonNull(pay, "pay == null"), List.of()), maxBodyBytes);
  }

  /** A servlet that goes through {@code notifications}, so its listeners see every request. */
  public UniPayNotifyServlet(UniPayNotifications notifications, int maxBodyBytes) {
    this.notifications = requireNonNull(notifications, "notifications == null");
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    NotifyExchange.write(notifications.handle(NotifyExchange.read(request, maxBodyBytes)), response);
  }
}
