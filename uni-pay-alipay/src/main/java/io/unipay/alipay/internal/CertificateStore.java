package io.unipay.alipay.internal;

import io.unipay.alipay.AlipayCertificate;
import io.unipay.alipay.CertificateListener;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificate mode: the Alipay public-key certificates one client knows, by {@code alipay_cert_sn}
 * — the configured one, then each one Alipay re-issued, downloaded when an answer first names it
 * (protocols §B5). A download is trusted only when {@link CertificateTrust} accepts its chain
 * against the configured root bundle at the client clock's time <b>and</b> its SN is the one asked
 * for <b>and</b> the download answer verifies: with the downloaded certificate when the answer
 * names that SN (the gateway signs with its current certificate), or with a known one it names.
 * Only then is it kept, for good: earlier certificates keep verifying answers naming them.
 *
 * <p>Downloads are single-flight per SN (concurrent answers under the same new SN wait for one
 * download), at most one attempt per SN per {@code retryInterval} (a refused or failed SN is
 * refused at once until then, with the same error), and at most {@code maxPerHour} attempts per
 * hour over all SNs. Expiry of the app and known Alipay certificates is checked at start, on each
 * acceptance and then hourly, and warned about once per certificate. Thread-safe.
 */
public final class CertificateStore implements AlipayKeys {
  private static final Logger log = LoggerFactory.getLogger(CertificateStore.class);
  private static final Pattern SN = Pattern.compile("[0-9a-f]{32}");
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Duration EXPIRY_CHECK_EVERY = Duration.ofHours(1);

  private record Known(AlipayCertificate info, PublicKey key) {}

  private record Failure(Instant at, ErrorCode code, String message) {}

  private final String appId;
  private final AlipayCertificate app;
  private final List<X509Certificate> roots;
  private final Duration expiryWarning;
  private final Duration retryInterval;
  private final int maxPerHour;
  private final Clock clock;
  private final Rsa2 rsa;
  private final CertificateListener listener;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private volatile List<Known> newestFirst;
  private final Map<String, CompletableFuture<Known>> inflight = new ConcurrentHashMap<>();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final Deque<Instant> attempts = new ArrayDeque<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile Instant nextExpiryCheck;

  /**
   * @param roots the root bundle's certificates the JDK can read
   * @param retryInterval least time between two download attempts of one SN
   * @param maxPerHour most download attempts per hour, over all SNs
   */
  public CertificateStore(
      String appId,
      X509Certificate appCertificate,
      X509Certificate alipayCertificate,
      List<X509Certificate> roots,
      Duration expiryWarning,
      Duration retryInterval,
      int maxPerHour,
      Clock clock,
      Rsa2 rsa,
      CertificateListener listener) {
    this.appId = appId;
    this.app = describe(AlipayCertificate.Kind.APP, appCertificate, false);
    this.roots = List.copyOf(roots);
    this.expiryWarning = expiryWarning;
    this.retryInterval = retryInterval;
    this.maxPerHour = maxPerHour;
    this.clock = clock;
    this.rsa = rsa;
    this.listener = listener;
    Known configured =
        new Known(
            describe(AlipayCertificate.Kind.ALIPAY, alipayCertificate, false),
            alipayCertificate.getPublicKey());
    known.put(configured.info().sn(), configured);
    this.newestFirst = List.of(configured);
    Instant now = clock.instant();
    this.nextExpiryCheck = now.plus(EXPIRY_CHECK_EVERY);
    checkExpiry(now);
  }

  private static AlipayCertificate describe(
      AlipayCertificate.Kind kind, X509Certificate c, boolean downloaded) {
    return new AlipayCertificate(
        kind,
        KeyMaterial.certSn(c),
        c.getSubjectX500Principal().getName(),
        c.getIssuerX500Principal().getName(),
        c.getNotBefore().toInstant(),
        c.getNotAfter().toInstant(),
        downloaded);
  }

  /** The app certificate, then the known Alipay certificates, newest first. */
  public List<AlipayCertificate> certificates() {
    List<AlipayCertificate> all = new ArrayList<>();
    all.add(app);
    for (Known k : newestFirst) all.add(k.info());
    return List.copyOf(all);
  }

  @Override
  public List<PublicKey> forNotification() {
    maybeCheckExpiry();
    return newestFirst.stream().map(Known::key).toList();
  }

  @Override
  public List<PublicKey> forAnswer(String certSn, Downloader downloader) {
    if (certSn == null) return forNotification();
    maybeCheckExpiry();
    Known k = known.get(certSn);
    if (k != null) return List.of(k.key());
    if (!SN.matcher(certSn).matches()) {
      throw refusal("alipay_cert_sn " + LogSafe.quote(certSn) + " is not a certificate SN");
    }
    return List.of(obtain(certSn, downloader).key());
  }

  /** The certificate {@code sn}, downloaded by this thread or by the one already downloading it. */
  private Known obtain(String sn, Downloader downloader) {
    CompletableFuture<Known> mine = new CompletableFuture<>();
    CompletableFuture<Known> running = inflight.putIfAbsent(sn, mine);
    if (running != null) return await(running, sn);
    try {
      Known k = known.get(sn); // accepted while this thread was on its way here
      if (k == null) k = attempt(sn, downloader);
      mine.complete(k);
      return k;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inflight.remove(sn, mine);
    }
  }

  private static Known await(CompletableFuture<Known> running, String sn) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          "interrupted while waiting for the download of Alipay certificate " + sn,
          e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UniPayException u) {
        throw new UniPayException(u.code(), reason(u), u);
      }
      throw new IllegalStateException("the download of Alipay certificate " + sn + " failed", e);
    }
  }

  private Known attempt(String sn, Downloader downloader) {
    Instant now = clock.instant();
    Failure failed = failures.get(sn);
    if (failed != null && now.isBefore(failed.at().plus(retryInterval))) {
      throw new UniPayException(
          failed.code(),
          failed.message() + "; not downloaded again before " + failed.at().plus(retryInterval));
    }
    synchronized (attempts) {
      while (!attempts.isEmpty() && !attempts.peekFirst().isAfter(now.minus(WINDOW))) {
        attempts.pollFirst();
      }
      if (attempts.size() >= maxPerHour) {
        throw refusal(
            "alipay_cert_sn "
                + sn
                + " is unknown and "
                + attempts.size()
                + " certificate downloads were already attempted within an hour: not downloaded");
      }
      attempts.addLast(now);
    }
    try {
      Known k = download(sn, downloader, now);
      failures.remove(sn);
      return k;
    } catch (UniPayException e) {
      failures.values().removeIf(f -> !now.isBefore(f.at().plus(retryInterval)));
      String reason = reason(e);
      failures.put(sn, new Failure(now, e.code(), reason));
      log.warn("{} - Alipay certificate {} not accepted ({}): {}", appId, sn, e.code(), reason);
      notifyListener(() -> listener.refused(sn, reason));
      throw e;
    }
  }

  private Known download(String sn, Downloader downloader, Instant now) {
    Downloaded answer = downloader.download(sn);
    X509Certificate leaf;
    try {
      leaf = CertificateTrust.verify(answer.certContent(), roots, now, sn);
    } catch (CertificateTrust.UntrustedException e) {
      throw refusal("Alipay certificate " + sn + " refused: " + e.getMessage());
    }
    String signer = answer.answerCertSn();
    List<PublicKey> keys = new ArrayList<>();
    if (signer == null || signer.equals(sn)) keys.add(leaf.getPublicKey());
    if (signer == null) {
      keys.addAll(forNotification());
    } else if (known.containsKey(signer)) {
      keys.add(known.get(signer).key());
    } else if (!signer.equals(sn)) {
      throw refusal(
          "Alipay certificate "
              + sn
              + " refused: its download answer is signed under another"
              + " unknown alipay_cert_sn "
              + LogSafe.quote(signer));
    }
    if (keys.stream().noneMatch(k -> rsa.verifyAnswer(k, answer.content(), answer.sign()))) {
      throw refusal(
          "Alipay certificate "
              + sn
              + " refused: its download answer does not verify with "
              + (signer == null ? "it or a known certificate" : "alipay_cert_sn " + signer));
    }
    return accept(sn, leaf, now);
  }

  private Known accept(String sn, X509Certificate leaf, Instant now) {
    Known k = new Known(describe(AlipayCertificate.Kind.ALIPAY, leaf, true), leaf.getPublicKey());
    synchronized (this) {
      Known earlier = known.putIfAbsent(sn, k);
      if (earlier != null) return earlier;
      List<Known> list = new ArrayList<>(newestFirst.size() + 1);
      list.add(k);
      list.addAll(newestFirst);
      newestFirst = List.copyOf(list);
    }
    AlipayCertificate info = k.info();
    log.info(
        "{} - new Alipay certificate accepted: alipay_cert_sn {}, subject {}, issuer {}, valid"
            + " until {}",
        appId,
        sn,
        LogSafe.quote(info.subject()),
        LogSafe.quote(info.issuer()),
        info.notAfter());
    notifyListener(() -> listener.accepted(info));
    checkExpiry(now);
    return k;
  }

  private void maybeCheckExpiry() {
    Instant now = clock.instant();
    if (now.isBefore(nextExpiryCheck)) return;
    nextExpiryCheck = now.plus(EXPIRY_CHECK_EVERY);
    checkExpiry(now);
  }

  private void checkExpiry(Instant now) {
    for (AlipayCertificate c : certificates()) {
      Duration left = c.validityLeft(now);
      if (left.compareTo(expiryWarning) > 0 || !warned.add(c.kind() + "/" + c.sn())) continue;
      boolean appCert = c.kind() == AlipayCertificate.Kind.APP;
      log.warn(
          "{} - {} {} {} at {} ({}): {}",
          appId,
          appCert ? "the app certificate, app_cert_sn" : "the Alipay certificate, alipay_cert_sn",
          c.sn(),
          left.isNegative() ? "expired" : "expires",
          c.notAfter(),
          left.isNegative() ? "expired" : left.toDays() + " days left",
          appCert
              ? "renew it on the Alipay open platform and configure the new one"
              : "Alipay re-issues it; the new one is downloaded when an answer names it");
      notifyListener(() -> listener.expiring(c, left));
    }
  }

  private void notifyListener(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("{} - CertificateListener failed, ignored: {}", appId, e.toString());
    }
  }

  /** The message of {@code e} without its {@code CODE: } prefix. */
  static String reason(UniPayException e) {
    String prefix = e.code() + ": ";
    String message = e.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static UniPayException refusal(String message) {
    return new UniPayException(ErrorCode.SIGNATURE_INVALID, message);
  }
}
