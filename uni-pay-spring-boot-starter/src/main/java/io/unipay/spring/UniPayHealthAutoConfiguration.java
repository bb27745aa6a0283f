package io.unipay.spring;

import io.unipay.alipay.AlipayClient;
import io.unipay.core.UniPay;
import io.unipay.wechat.WechatPayClient;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code uniPay} Actuator health component ({@link UniPayHealthIndicator}), when Actuator is
 * on the classpath; off with {@code management.health.unipay.enabled=false}.
 */
@AutoConfiguration(after = UniPayAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
@ConditionalOnBean(UniPay.class)
@ConditionalOnEnabledHealthIndicator("unipay")
public class UniPayHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "uniPayHealthIndicator")
  public UniPayHealthIndicator uniPayHealthIndicator(
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<AlipayClient> alipay,
      ObjectProvider<WechatPayClient> wechat,
      ObjectProvider<UniPaySweeperLifecycle> sweeper,
      UniPayProperties properties) {
    return new UniPayHealthIndicator(
        dataSource.getIfUnique(),
        alipay.orderedStream().toList(),
        wechat.orderedStream().toList(),
        sweeper.getIfAvailable(),
        properties.getHealth().getCertificateExpiryWarning(),
        Clock.systemUTC());
  }
}
