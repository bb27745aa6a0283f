package io.unipay.spring;

import io.unipay.core.UniPay;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/** Registers the Spring MVC notify endpoint in servlet web applications. */
@AutoConfiguration(after = UniPayAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(UniPay.class)
@ConditionalOnProperty(prefix = "unipay", name = "notify-endpoint-enabled", matchIfMissing = true)
public class UniPayWebAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public UniPayNotifyController uniPayNotifyController(
      UniPayNotifications notifications, UniPayProperties properties) {
    return new UniPayNotifyController(notifications, properties);
  }
}
