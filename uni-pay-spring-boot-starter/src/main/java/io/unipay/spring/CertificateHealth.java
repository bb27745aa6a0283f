package io.unipay.spring;

import io.unipay.alipay.AlipayCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges an Alipay app's certificates for the health indicator: DOWN when the app certificate has
 * expired or no Alipay certificate is valid any more; a warning when the app certificate, or the
 * Alipay certificate that lasts longest, expires within the warning period. Public data only.
 */
record CertificateHealth(boolean down, List<String> warnings, List<Map<String, Object>> details) {

  static CertificateHealth of(List<AlipayCertificate> certificates, Instant now, Duration warning) {
    List<String> warnings = new ArrayList<>();
    List<Map<String, Object>> details = new ArrayList<>();
    boolean down = false;
    for (AlipayCertificate c : certificates) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("kind", c.kind().name());
      detail.put("sn", c.sn());
      detail.put("notAfter", c.notAfter().toString());
      detail.put("daysLeft", c.validityLeft(now).toDays());
      detail.put("state", state(c, now, warning));
      details.add(detail);
    }
    for (AlipayCertificate app : of(certificates, AlipayCertificate.Kind.APP)) {
      if (!app.notAfter().isAfter(now)) {
        down = true;
        warnings.add("the app certificate " + app.sn() + " expired at " + app.notAfter());
      } else if (expiresWithin(app, now, warning)) {
        warnings.add(
            "the app certificate " + app.sn() + " expires at " + app.notAfter()
                + ": upload a new one to Alipay and configure it");
      }
    }
    Optional<AlipayCertificate> latest =
        of(certificates, AlipayCertificate.Kind.ALIPAY).stream()
            .max(Comparator.comparing(AlipayCertificate::notAfter));
    if (latest.isPresent()) {
      AlipayCertificate alipay = latest.get();
      if (!alipay.notAfter().isAfter(now)) {
        down = true;
        warnings.add("every Alipay certificate has expired (the last at " + alipay.notAfter() + ")");
      } else if (expiresWithin(alipay, now, warning)) {
        warnings.add(
            "the latest Alipay certificate " + alipay.sn() + " expires at " + alipay.notAfter());
      }
    }
    return new CertificateHealth(down, List.copyOf(warnings), List.copyOf(details));
  }

  private static List<AlipayCertificate> of(
      List<AlipayCertificate> certificates, AlipayCertificate.Kind kind) {
    return certificates.stream().filter(c -> c.kind() == kind).toList();
  }

  private static boolean expiresWithin(AlipayCertificate c, Instant now, Duration warning) {
    return c.notAfter().isBefore(now.plus(warning));
  }

  private static String state(AlipayCertificate c, Instant now, Duration warning) {
    if (!c.notAfter().isAfter(now)) return "expired";
    if (c.notBefore().isAfter(now)) return "not yet valid";
    return expiresWithin(c, now, warning) ? "expiring" : "valid";
  }
}
