package io.unipay.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromedriver} ({@code /usr/bin}, or {@code UNIPAY_CHROMIUM}
 * / {@code UNIPAY_CHROMEDRIVER}) for the browser tests; nothing is downloaded. Without them a test
 * class is skipped, unless {@code UNIPAY_REQUIRE_BROWSER=true} (as in CI), which makes it a
 * failure. Each browser gets a fresh profile, deleted on {@link #close}.
 */
final class HeadlessChromium implements AutoCloseable {
  static final String REQUIRE_BROWSER = "UNIPAY_REQUIRE_BROWSER";

  final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Why the browser cannot run here, or null when it can. Fails the calling test class instead
   * when {@link #REQUIRE_BROWSER} is {@code true}.
   */
  static String unavailable() {
    String missing = missing(chromium(), "chromium");
    if (missing == null) missing = missing(chromedriver(), "chromedriver");
    if (missing == null) return null;
    if (Boolean.parseBoolean(System.getenv(REQUIRE_BROWSER))) {
      Assertions.fail(missing + "; " + REQUIRE_BROWSER + "=true makes this a failure");
    }
    return missing + "; set " + REQUIRE_BROWSER + "=true to make this a failure";
  }

  /** A headless browser with a window of {@code width} × {@code height} pixels. */
  static HeadlessChromium start(int width, int height) throws IOException {
    // Driver and browser given explicitly, so Selenium Manager never tries to download either.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver().toString());
    Path profile = Files.createTempDirectory("unipay-chromium-");
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(chromium().toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=" + width + "," + height,
                "--lang=zh-CN",
                "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver().toFile()).build();
    return new HeadlessChromium(new ChromeDriver(service, options), profile);
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var paths = Files.walk(profile)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  private static Path chromium() {
    return Path.of(env("UNIPAY_CHROMIUM", "/usr/bin/chromium"));
  }

  private static Path chromedriver() {
    return Path.of(env("UNIPAY_CHROMEDRIVER", "/usr/bin/chromedriver"));
  }

  /** Why {@code path} cannot be used, or null when it can. */
  private static String missing(Path path, String what) {
    if (Files.isExecutable(path)) return null;
    return what + " not found at " + path + " (Debian: apt-get install chromium chromium-driver)";
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
