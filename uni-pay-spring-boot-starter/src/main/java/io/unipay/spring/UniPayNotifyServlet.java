package io.unipay.spring;

import static java.util.Objects.requireNonNull;

import io.unipay.core.UniPay;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

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
 */
public class UniPayNotifyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient UniPay pay;
  private final int maxBodyBytes;

  public UniPayNotifyServlet(UniPay pay, int maxBodyBytes) {
    this.pay = requireNonNull(pay, "pay == null");
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    NotifyExchange.write(pay.handleNotify(NotifyExchange.read(request, maxBodyBytes)), response);
  }
}
