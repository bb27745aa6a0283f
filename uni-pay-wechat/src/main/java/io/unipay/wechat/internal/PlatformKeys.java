package io.unipay.wechat.internal;

import io.unipay.core.internal.LogSafe;
import java.io.Closeable;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat Pay's verification keys, selected by {@code Wechatpay-Serial}: the public key under its
 * {@code PUB_KEY_ID_...}, and platform certificates under their serial numbers.
 *
 * <p>Downloaded certificates are refreshed on a daemon thread, off the request path. A serial
 * nobody knows (e.g. right after WeChat rotated its certificate) triggers at most one download per
 * {@code minOnDemandInterval}, shared by all threads that asked, so forged serials cannot cause a
 * download loop. A certificate verifies only inside its validity ({@code notBefore..notAfter} by
 * the injected clock); a refresh adds what was downloaded and drops the expired ones, so a
 * previous, still valid certificate keeps verifying during an overlap. Thread-safe.
 */
public final class PlatformKeys implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(PlatformKeys.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Downloads (and authenticates) the current platform certificates. */
  @FunctionalInterface
  public interface Downloader {
    List<X509Certificate> download() throws Exception;
  }

  private final String mchid;
  private final PublicKey publicKey;
  private final String publicKeyId;
  private final Clock clock;
  private final Duration minOnDemandInterval;
  private final AtomicReference<Map<String, X509Certificate>> certificates;
  private final Object refreshLock = new Object();
  private Downloader downloader;
  private ScheduledExecutorService scheduler;
  private Instant lastOnDemand = Instant.EPOCH;

  public PlatformKeys(
      String mchid,
      PublicKey publicKey,
      String publicKeyId,
      List<X509Certificate> pinned,
      Clock clock,
      Duration minOnDemandInterval) {
    this.mchid = mchid;
    this.publicKey = publicKey;
    this.publicKeyId = publicKeyId;
    this.clock = clock;
    this.minOnDemandInterval = minOnDemandInterval;
    Map<String, X509Certificate> initial = new LinkedHashMap<>();
    for (X509Certificate c : pinned) initial.put(Pem.serial(c), c);
    this.certificates = new AtomicReference<>(Map.copyOf(initial));
  }

  /** The serials of the last download (empty before one): the certificates WeChat Pay serves. */
  private volatile Set<String> lastServed = Set.of();

  /**
   * Enables certificate download: the first download runs at once in the background, then every
   * {@code interval}.
   */
  public void startDownloading(Downloader downloader, Duration interval) {
    synchronized (refreshLock) {
      if (this.downloader != null) throw new IllegalStateException("already downloading");
      this.downloader = downloader;
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "unipay-wechat-certs-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    scheduler.scheduleWithFixedDelay(
        this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The key for {@code serial}, without any download; a certificate only while it is valid. */
  public Optional<PublicKey> find(String serial) {
    if (publicKeyId != null && publicKeyId.equals(serial)) return Optional.of(publicKey);
    X509Certificate certificate = certificates.get().get(serial.toUpperCase(java.util.Locale.ROOT));
    return certificate == null || !isValidNow(certificate)
        ? Optional.empty()
        : Optional.of(certificate.getPublicKey());
  }

  /** Whether {@code certificate} is inside its validity period now, by this client's clock. */
  public boolean isValidNow(X509Certificate certificate) {
    Instant now = clock.instant();
    return !now.isBefore(certificate.getNotBefore().toInstant())
        && !now.isAfter(certificate.getNotAfter().toInstant());
  }

  /** The key for {@code serial}; an unknown serial may trigger one rate-limited download. */
  public Optional<PublicKey> findOrRefresh(String serial) {
    Optional<PublicKey> key = find(serial);
    if (key.isPresent() || serial.startsWith("PUB_KEY_ID_")) return key;
    synchronized (refreshLock) {
      if (downloader == null) return Optional.empty();
      key = find(serial); // another thread's download may have brought it
      if (key.isPresent()) return key;
      Instant now = clock.instant();
      if (Duration.between(lastOnDemand, now).compareTo(minOnDemandInterval) < 0) {
        return Optional.empty();
      }
      lastOnDemand = now;
      log.info("{} - unknown Wechatpay-Serial, downloading platform certificates", mchid);
      refreshQuietly();
    }
    return find(serial);
  }

  /**
   * The serial to send as {@code Wechatpay-Serial} in requests: the public key id when configured,
   * else the certificate that expires last; empty when nothing is known yet.
   */
  public Optional<String> preferredSerial() {
    if (publicKeyId != null) return Optional.of(publicKeyId);
    return certificates.get().values().stream()
        .filter(this::isValidNow)
        .max(Comparator.comparing(X509Certificate::getNotAfter))
        .map(Pem::serial);
  }

  /** A WeChat Pay public key under the id requests name it by ({@code Wechatpay-Serial}). */
  public record NamedKey(String serial, PublicKey key) {}

  /**
   * The key to encrypt sensitive request fields for (e.g. a transfer's {@code user_name}), with
   * the serial the request must then send: the same choice as {@link #preferredSerial()} — the
   * public key when configured, else the valid certificate that expires last; empty when nothing
   * is known yet (certificate mode before the first download).
   */
  public Optional<NamedKey> encryptionKey() {
    if (publicKeyId != null) return Optional.of(new NamedKey(publicKeyId, publicKey));
    // Only a certificate WeChat Pay still serves: one it stopped serving is kept for verifying
    // what it signed, but a name encrypted for it is refused.
    Set<String> served = lastServed;
    return certificates.get().entrySet().stream()
        .filter(e -> served.isEmpty() || served.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .filter(this::isValidNow)
        .max(Comparator.comparing(X509Certificate::getNotAfter))
        .map(c -> new NamedKey(Pem.serial(c), c.getPublicKey()));
  }

  /** Serial numbers of the certificates known now. */
  public List<String> certificateSerials() {
    return List.copyOf(certificates.get().keySet());
  }

  /** The certificates known now by serial (expired ones are pruned on refresh); immutable. */
  public Map<String, X509Certificate> certificatesBySerial() {
    return certificates.get();
  }

  /** The ids known now (public key id and certificate serials), for error messages. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    if (publicKeyId != null) out.append(publicKeyId);
    for (String serial : certificates.get().keySet()) {
      if (out.length() > 0) out.append(", ");
      out.append(serial);
    }
    return out.length() == 0 ? "none" : out.toString();
  }

  /**
   * Adds certificates (e.g. from a download), keeping the ones already known, and drops every
   * certificate that has expired.
   */
  public void addAll(List<X509Certificate> downloaded) {
    Instant now = clock.instant();
    if (!downloaded.isEmpty()) {
      lastServed = downloaded.stream().map(Pem::serial).collect(Collectors.toUnmodifiableSet());
    }
    certificates.updateAndGet(
        current -> {
          Map<String, X509Certificate> merged = new LinkedHashMap<>(current);
          for (X509Certificate c : downloaded) merged.put(Pem.serial(c), c);
          merged.values().removeIf(c -> now.isAfter(c.getNotAfter().toInstant()));
          return Map.copyOf(merged);
        });
  }

  private void refreshQuietly() {
    synchronized (refreshLock) {
      try {
        List<X509Certificate> downloaded = downloader.download();
        addAll(downloaded);
        log.debug("{} - platform certificates: {}", mchid, certificateSerials());
      } catch (Exception e) {
        log.warn(
            "{} - platform certificate download failed: {}", mchid, LogSafe.quote(e.toString()));
      }
    }
  }

  /** Stops the background refresh. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (refreshLock) {
      s = scheduler;
    }
    if (s != null) s.shutdownNow();
  }
}
