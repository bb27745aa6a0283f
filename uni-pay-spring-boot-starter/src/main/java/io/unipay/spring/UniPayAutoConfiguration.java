package io.unipay.spring;

import io.unipay.alipay.AlipayClient;
import io.unipay.core.SettlementListener;
import io.unipay.core.SweepListener;
import io.unipay.core.Sweeper;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.LedgerListener;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.jdbc.JdbiOrderRepository;
import io.unipay.wechat.WechatPayClient;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Auto-configuration of uni-pay: the {@link JdbiOrderRepository} on the application's {@link
 * DataSource} with Spring-managed transactions, a payment client per configured provider, the
 * {@link UniPay} engine with every {@link UniPayHandler} bean and {@link LedgerListener} bean, the
 * notify entry ({@link UniPayNotifications}), and the sweeper lifecycle with every {@link
 * SweepListener} bean.
 */
@AutoConfiguration(
    afterName = {
      // Boot 3.x
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
      // Boot 4.x
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"
    })
@EnableConfigurationProperties(UniPayProperties.class)
public class UniPayAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(UniPayAutoConfiguration.class);
  private static final Set<String> LOCAL_PROFILES = Set.of("local", "dev", "test");

  /**
   * The order repository on the application's DataSource. Its transactions are Spring
   * transactions of the application's transaction manager, so handler code participates.
   */
  @Bean
  @ConditionalOnMissingBean(OrderRepository.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  public JdbiOrderRepository uniPayOrderRepository(
      DataSource dataSource,
      ObjectProvider<PlatformTransactionManager> transactionManagers,
      UniPayProperties properties) {
    PlatformTransactionManager transactionManager =
        transactionManagers.getIfUnique(() -> new JdbcTransactionManager(dataSource));
    if (transactionManager instanceof DataSourceTransactionManager managed
        && managed.getDataSource() != dataSource) {
      throw new UniPayConfigurationException(
          "spring.datasource",
          "the application's transaction manager manages another DataSource than the one"
              + " uni-pay stores orders in",
          "Make the payment DataSource the transaction manager's, or declare your own"
              + " OrderRepository bean");
    }
    JdbiOrderRepository repository =
        JdbiOrderRepository.create(SpringJdbi.create(dataSource, transactionManager));
    if (properties.getJdbc().isCreateSchema()) repository.createSchemaIfMissing();
    return repository;
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(prefix = "unipay.wechat", name = "mchid")
  @ConditionalOnMissingBean(WechatPayClient.class)
  public WechatPayClient uniPayWechatClient(
      UniPayProperties properties, ResourceLoader resources) {
    return new WechatPayClient(
        ProviderConfigs.wechat(properties.getWechat(), new ConfigText(resources)));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(prefix = "unipay.alipay", name = "app-id")
  @ConditionalOnMissingBean(AlipayClient.class)
  public AlipayClient uniPayAlipayClient(UniPayProperties properties, ResourceLoader resources) {
    return new AlipayClient(
        ProviderConfigs.alipay(properties.getAlipay(), new ConfigText(resources)));
  }

  /** The engine, with every {@link NotifyHandler} bean annotated {@link UniPayHandler}. */
  @Bean
  @ConditionalOnMissingBean
  public UniPay uniPay(
      UniPayProperties properties,
      OrderRepository repository,
      ObjectProvider<PayClient> payClients,
      ListableBeanFactory beans,
      ObjectProvider<UniPayBuilderCustomizer> customizers,
      ObjectProvider<LedgerListener> ledgerListeners,
      ObjectProvider<SettlementListener> settlementListeners,
      ObjectProvider<HandlerDecorator> decorators,
      ObjectProvider<PayClientDecorator> clientDecorators,
      Environment environment) {
    List<PayClient> clients = payClients.orderedStream().toList();
    if (clients.isEmpty()) {
      throw new UniPayConfigurationException(
          "unipay.wechat.mchid", "no payment provider is configured",
          "Set unipay.wechat.mchid (and its keys) or unipay.alipay.app-id (and its keys)");
    }
    String notifyBaseUrl = notifyBaseUrl(properties, environment);
    UniPay.Builder builder = UniPay.builder().repository(repository);
    List<PayClientDecorator> clientDecorating = clientDecorators.orderedStream().toList();
    for (PayClient client : clients) {
      PayClient decorated = client;
      for (PayClientDecorator decorator : clientDecorating) {
        decorated = decorator.decorate(decorated);
      }
      builder.payClient(decorated);
    }
    Map<String, NotifyHandler> handlers = handlers(beans);
    if (handlers.isEmpty()) {
      throw new UniPayConfigurationException(
          "@UniPayHandler", "no NotifyHandler bean is annotated @UniPayHandler(\"type\")",
          "Declare at least one handler: @Component @UniPayHandler(\"vip\") class VipHandler"
              + " implements NotifyHandler");
    }
    List<HandlerDecorator> decorating = decorators.orderedStream().toList();
    handlers.forEach(
        (type, handler) -> {
          NotifyHandler decorated = handler;
          for (HandlerDecorator decorator : decorating) {
            decorated = decorator.decorate(type, decorated);
          }
          builder.handler(type, decorated);
        });
    List<LedgerListener> ledger = ledgerListeners.orderedStream().toList();
    if (!ledger.isEmpty()) builder.ledgerListener(new CompositeLedgerListener(ledger));
    List<SettlementListener> settled = settlementListeners.orderedStream().toList();
    if (!settled.isEmpty()) {
      builder.settlementListener(
          (provider, outTradeNo, outcome, source) -> {
            for (SettlementListener listener : settled) {
              try {
                listener.onSettlement(provider, outTradeNo, outcome, source);
              } catch (RuntimeException e) {
                // one failing listener must not keep the others from hearing it
                log.warn("settlement listener {} failed: {}", listener.getClass().getName(),
                        e.toString());
              }
            }
          });
    }
    try {
      builder
          .notifyBaseUrl(notifyBaseUrl)
          .defaultExpiry(properties.getDefaultExpiry())
          .maxTotalFee(properties.getMaxTotalFee())
          .maxNotifyBodyBytes(properties.getMaxNotifyBodyBytes())
          .maxAwait(properties.getMaxAwait())
          .firstCheckDelay(properties.getFirstCheckDelay())
          .refundDuplicatePayments(properties.isRefundDuplicatePayments())
          .refundLateAfterClose(properties.isRefundLateAfterClose());
    } catch (UniPayException e) {
      throw new UniPayConfigurationException(
          "unipay.*", e.getMessage(), "Correct the engine setting named above", e);
    }
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /** The notify entry of the endpoint and the servlet, with every notify listener bean. */
  @Bean
  @ConditionalOnMissingBean
  public UniPayNotifications uniPayNotifications(
      UniPay pay, ObjectProvider<UniPayNotifyListener> listeners) {
    return new UniPayNotifications(pay, listeners.orderedStream().toList());
  }

  /** Runs the sweeper with the application context (opt out: unipay.sweeper.enabled=false). */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "unipay.sweeper", name = "enabled", matchIfMissing = true)
  public UniPaySweeperLifecycle uniPaySweeper(
      UniPay pay, UniPayProperties properties, ObjectProvider<SweepListener> listeners) {
    UniPayProperties.SweeperSettings s = properties.getSweeper();
    Sweeper.Builder builder = pay.sweeper().interval(s.getInterval()).batchSize(s.getBatchSize());
    if (s.getPurgeClosedAfter() != null) builder.purgeClosedAfter(s.getPurgeClosedAfter());
    SweeperHeartbeat heartbeat = new SweeperHeartbeat(Clock.systemUTC());
    List<SweepListener> all = new ArrayList<>(listeners.orderedStream().toList());
    all.add(heartbeat);
    builder.listener(new CompositeSweepListener(all));
    return new UniPaySweeperLifecycle(builder.build(), s.getInterval(), heartbeat);
  }

  static Map<String, NotifyHandler> handlers(ListableBeanFactory beans) {
    Map<String, NotifyHandler> byType = new LinkedHashMap<>();
    Map<String, String> beanOfType = new LinkedHashMap<>();
    for (String name : beans.getBeanNamesForType(NotifyHandler.class)) {
      UniPayHandler annotation = beans.findAnnotationOnBean(name, UniPayHandler.class);
      if (annotation == null) {
        log.warn(
            "NotifyHandler bean '{}' has no @UniPayHandler(\"type\") and is not registered", name);
        continue;
      }
      String type = annotation.value();
      String previous = beanOfType.putIfAbsent(type, name);
      if (previous != null) {
        throw new UniPayConfigurationException(
            "@UniPayHandler(\"" + type + "\")",
            "two handler beans serve type '" + type + "': '" + previous + "' and '" + name + "'",
            "Give each order type exactly one handler");
      }
      byType.put(type, beans.getBean(name, NotifyHandler.class));
    }
    return byType;
  }

  static String notifyBaseUrl(UniPayProperties properties, Environment environment) {
    String url = properties.getNotifyBaseUrl();
    String property = "unipay.notify-base-url";
    if (url == null || url.isBlank()) {
      throw new UniPayConfigurationException(
          property, "is not set",
          "Set the public URL providers post notifications to, e.g."
              + " https://shop.example.com" + properties.getNotifyPath());
    }
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new UniPayConfigurationException(property, "'" + url + "' is not a URL",
          "Use an absolute https URL", e);
    }
    String scheme = uri.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme) || uri.getHost() == null) {
      throw new UniPayConfigurationException(property, "'" + url + "' is not an http(s) URL",
          "Use an absolute https URL, e.g. https://shop.example.com/pay/notify");
    }
    if ("http".equals(scheme) && !isLoopback(uri.getHost()) && !localProfile(environment)) {
      throw new UniPayConfigurationException(
          property,
          "'" + url + "' is not https (WeChat Pay and Alipay notify HTTPS URLs only)",
          "Use https://, or activate a local/dev/test profile for plain http");
    }
    return url.strip();
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  private static boolean localProfile(Environment environment) {
    return Arrays.stream(environment.getActiveProfiles()).anyMatch(LOCAL_PROFILES::contains);
  }

  /** Fans sweeper reports out to every {@link SweepListener} bean. */
  private record CompositeSweepListener(List<SweepListener> listeners) implements SweepListener {
    @Override
    public void onPass(io.unipay.core.SweepReport report) {
      for (SweepListener listener : listeners) {
        try {
          listener.onPass(report);
        } catch (RuntimeException e) {
          log.warn("sweep listener {} failed", listener.getClass().getName(), e);
        }
      }
    }

    @Override
    public void onError(String outTradeNo, UniPayException error) {
      for (SweepListener listener : listeners) {
        try {
          listener.onError(outTradeNo, error);
        } catch (RuntimeException e) {
          log.warn("sweep listener {} failed", listener.getClass().getName(), e);
        }
      }
    }
  }
}
