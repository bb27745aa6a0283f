package io.unipay.spring;

import io.unipay.alipay.AlipayClient;
import io.unipay.wechat.WechatPayClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code uniPay} health component. DOWN when the database does not answer or lacks a uni-pay
 * table, when an Alipay app certificate (or every Alipay certificate) has expired, when a WeChat
 * Pay merchant without the WeChat Pay public key has no valid platform certificate, or when the
 * sweeper is stopped, or runs but has not finished a pass within three intervals. Certificates
 * that expire within {@code unipay.health.certificate-expiry-warning} (30 days by default) are
 * listed under {@code warnings} without changing the status. Details hold public data only.
 */
public class UniPayHealthIndicator extends AbstractHealthIndicator {
  private final DataSource dataSource;
  private final List<AlipayClient> alipay;
  private final List<WechatPayClient> wechat;
  private final UniPaySweeperLifecycle sweeper;
  private final Duration certificateWarning;
  private final Clock clock;

  UniPayHealthIndicator(
      DataSource dataSource,
      List<AlipayClient> alipay,
      List<WechatPayClient> wechat,
      UniPaySweeperLifecycle sweeper,
      Duration certificateWarning,
      Clock clock) {
    super("uni-pay health check failed");
    this.dataSource = dataSource;
    this.alipay = List.copyOf(alipay);
    this.wechat = List.copyOf(wechat);
    this.sweeper = sweeper;
    this.certificateWarning = certificateWarning;
    this.clock = clock;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Instant now = clock.instant();
    boolean down = false;
    List<String> warnings = new ArrayList<>();
    if (dataSource != null) {
      SchemaHealth schema = SchemaHealth.of(dataSource);
      down |= schema.down();
      builder.withDetail("database", schema.details());
    }
    for (AlipayClient client : alipay) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("appId", client.config().appId());
      if (client.config().isCertificateMode()) {
        CertificateHealth certificates =
            CertificateHealth.of(client.certificates(), now, certificateWarning);
        down |= certificates.down();
        warnings.addAll(certificates.warnings());
        detail.put("mode", "certificate");
        detail.put("certificates", certificates.details());
      } else {
        detail.put("mode", "public-key");
      }
      builder.withDetail(alipay.size() == 1 ? "alipay" : "alipay-" + client.config().appId(), detail);
    }
    for (WechatPayClient client : wechat) {
      WechatCertificateHealth keys = WechatCertificateHealth.of(client, now, certificateWarning);
      down |= keys.down();
      warnings.addAll(keys.warnings());
      builder.withDetail(
          wechat.size() == 1 ? "wechat" : "wechat-" + client.merchantId(), keys.details());
    }
    Map<String, Object> sweeping = sweeper(now);
    down |= "stale".equals(sweeping.get("state")) || "stopped".equals(sweeping.get("state"));
    builder.withDetail("sweeper", sweeping);
    if (!warnings.isEmpty()) builder.withDetail("warnings", warnings);
    if (down) builder.down();
    else builder.up();
  }

  private Map<String, Object> sweeper(Instant now) {
    Map<String, Object> detail = new LinkedHashMap<>();
    if (sweeper == null) {
      detail.put("state", "disabled");
      return detail;
    }
    if (!sweeper.isRunning()) {
      detail.put("state", "stopped");
      return detail;
    }
    sweeper.lastPassAt().ifPresent(at -> detail.put("lastPass", at.toString()));
    Duration interval = sweeper.interval().orElse(null);
    if (interval == null) {
      detail.put("state", "running");
      return detail;
    }
    detail.put("interval", interval.toString());
    Instant since = sweeper.lastPassAt().or(sweeper::startedAt).orElse(now);
    boolean stale = since.plus(interval.multipliedBy(3)).isBefore(now);
    detail.put("state", stale ? "stale" : "running");
    return detail;
  }
}
