package io.unipay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The checkout page in headless Chromium, clicked through as a user would: package, payment method,
 * Pay, the QR code (or the Alipay page link), "Simulate payment" (or, for Apple, the simulated
 * StoreKit purchase), success; and a payer's sign-in through the simulated WeChat authorize page.
 *
 * <p>Runs in {@link HeadlessChromium}: skipped without Debian's {@code chromium} and {@code
 * chromedriver}, unless {@code UNIPAY_REQUIRE_BROWSER=true} (as in CI), which makes it a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckoutPageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private String unavailable; // why the browser cannot run, or null
  private VipRechargeApp app;
  private AppClient client;
  private HeadlessChromium browser;
  private WebDriver driver;

  @BeforeAll
  void startAppAndBrowser() throws Exception {
    unavailable = HeadlessChromium.unavailable();
    if (unavailable != null) return; // each test reports the skip, with the reason

    app =
        VipRechargeApp.start(
            AppConfig.of(
                Map.of(
                    "mode", "sandbox",
                    "http.port", "0",
                    "db.url", "jdbc:h2:mem:browser-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")));
    client = new AppClient(app.url()).signIn(AppClient.USER);
    browser = HeadlessChromium.start(1100, 1000);
    driver = browser.driver;
  }

  @BeforeEach
  void skipWithoutBrowser() {
    Assumptions.assumeTrue(unavailable == null, () -> unavailable);
  }

  @AfterAll
  void stopBrowserAndApp() throws IOException {
    if (browser != null) browser.close();
    if (app != null) app.close();
  }

  @Test
  void wechatQrCheckoutShowsTheQrAndSucceedsAfterSimulatedPayment() throws IOException {
    Instant before = client.vipExpiry();
    openCheckout();

    choosePackage("m1");
    chooseMethod("wxpay:native");
    driver.findElement(By.id("pay")).click();

    WebElement qr = waitVisible("qr");
    new WebDriverWait(driver, WAIT)
        .until(
            d ->
                js("return arguments[0].complete" + " && arguments[0].naturalWidth > 0", qr)
                    .equals(Boolean.TRUE));
    assertThat(((Number) js("return arguments[0].naturalWidth", qr)).intValue()).isEqualTo(240);
    assertThat(driver.findElement(By.id("amount")).getText()).isEqualTo("¥9.90");
    assertThat(driver.findElement(By.id("page-link")).isDisplayed()).isFalse();
    String outTradeNo = driver.findElement(By.id("out-trade-no")).getText();
    screenshot("checkout-qr.png");

    driver.findElement(By.id("simulate")).click();
    waitVisible("step-done");
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElement(By.id("new-expiry")).getText().isBlank());

    assertThat(driver.findElement(By.id("step-checkout")).isDisplayed()).isFalse();
    assertThat(client.order(outTradeNo, 0).get("status").asInt()).isEqualTo(1);
    assertThat(client.vipExpiry()).isNotNull().isNotEqualTo(before);
    assertThat(driver.findElement(By.id("vip-expiry")).getText())
        .isEqualTo(driver.findElement(By.id("new-expiry")).getText());
    screenshot("checkout-success.png");
  }

  @Test
  void alipayPageCheckoutLinksToTheGatewayAndSucceedsAfterSimulatedPayment() {
    Instant before = client.vipExpiry();
    openCheckout();

    choosePackage("q1");
    chooseMethod("alipay:page");
    driver.findElement(By.id("pay")).click();

    WebElement link = waitVisible("page-link");
    assertThat(link.getAttribute("href")).startsWith("http://").contains("alipay.trade.page.pay");
    assertThat(driver.findElement(By.id("qr")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("amount")).getText()).isEqualTo("¥25.00");
    String outTradeNo = driver.findElement(By.id("out-trade-no")).getText();

    driver.findElement(By.id("simulate")).click();
    waitVisible("step-done");
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElement(By.id("new-expiry")).getText().isBlank());

    assertThat(client.order(outTradeNo, 0).get("status").asInt()).isEqualTo(1);
    assertThat(client.vipExpiry()).isNotNull().isNotEqualTo(before);
  }

  @Test
  void appleCheckoutSucceedsAfterTheSimulatedStoreKitPurchase() {
    Instant before = client.vipExpiry();
    openCheckout();

    choosePackage("y1");
    chooseMethod("appleiap:iap");
    driver.findElement(By.id("pay")).click();

    WebElement storeKit = waitVisible("storekit");
    assertThat(driver.findElement(By.id("simulate")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("qr")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("amount")).getText()).isEqualTo("¥88.00");
    String outTradeNo = driver.findElement(By.id("out-trade-no")).getText();

    storeKit.click();
    waitVisible("step-done");
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElement(By.id("new-expiry")).getText().isBlank());

    assertThat(client.order(outTradeNo, 0).get("status").asInt()).isEqualTo(1);
    assertThat(client.order(outTradeNo, 0).get("provider").asText()).isEqualTo("appleiap");
    assertThat(client.vipExpiry()).isNotNull().isNotEqualTo(before);
  }

  @Test
  void aPayerSignedInThroughTheSimulatedWechatAuthorizePagePaysWithJsapi() {
    driver.manage().deleteAllCookies();
    try {
      driver.get(app.url() + "/");
      WebElement redirect = waitVisible("login-oa-redirect");
      assertThat(driver.findElement(By.id("login-WECHAT_MINI_PROGRAM")).isDisplayed()).isTrue();
      assertThat(driver.findElement(By.id("login-ALIPAY")).isDisplayed()).isTrue();

      redirect.click(); // → the simulator's authorize page → the app's callback → "/"
      waitVisible("shop");

      assertThat(driver.getCurrentUrl()).isEqualTo(app.url() + "/");
      assertThat(driver.findElement(By.id("user")).getText()).startsWith("wxoa-");
      assertThat(driver.findElement(By.id("signed-in-with")).getText())
          .contains("WeChat official account");
      new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector(".card")).size() == 3);
      assertThat(driver.findElement(By.cssSelector("label[data-flow='WECHAT_MINI_PROGRAM']"))
          .isDisplayed()).isFalse();
      choosePackage("m1");
      chooseMethod("wxpay:jsapi");
      driver.findElement(By.id("pay")).click();
      waitVisible("simulate");
      String outTradeNo = driver.findElement(By.id("out-trade-no")).getText();
      assertThat(app.pay.getOrder(outTradeNo).openid())
          .isEqualTo(SimulatedPhone.DEMO_OFFICIAL_ACCOUNT_OPENID);

      driver.findElement(By.id("simulate")).click();
      waitVisible("step-done");
      assertThat(app.pay.getOrder(outTradeNo).status().code()).isEqualTo(1);
    } finally {
      driver.manage().deleteAllCookies(); // the other tests sign in as the demo user again
    }
  }

  /** Opens the page and signs in as the demo user when it asks (the first time: no cookie yet). */
  private void openCheckout() {
    driver.get(app.url() + "/");
    new WebDriverWait(driver, WAIT)
        .until(
            d ->
                d.findElement(By.id("signin")).isDisplayed()
                    || d.findElement(By.id("shop")).isDisplayed());
    if (driver.findElement(By.id("signin")).isDisplayed()) {
      WebElement name = driver.findElement(By.id("signin-name"));
      name.clear();
      name.sendKeys(AppClient.USER);
      driver.findElement(By.id("signin-button")).click();
      waitVisible("shop");
    }
    assertThat(driver.findElement(By.id("user")).getText()).isEqualTo(AppClient.USER);
    new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector(".card")).size() == 3);
    assertThat(driver.findElement(By.id("mode")).getText()).startsWith("sandbox");
    assertThat(driver.findElement(By.id("pay")).isEnabled()).isFalse();
  }

  private void choosePackage(String id) {
    WebElement card = driver.findElement(By.cssSelector(".card[data-id='" + id + "']"));
    card.click();
    assertThat(card.getAttribute("class")).contains("selected");
    List<WebElement> selected = driver.findElements(By.cssSelector(".card.selected"));
    assertThat(selected).hasSize(1);
    assertThat(driver.findElement(By.id("pay")).isEnabled()).isTrue();
  }

  private void chooseMethod(String value) {
    WebElement radio =
        driver.findElement(By.cssSelector("input[name=method][value='" + value + "']"));
    radio.click();
    assertThat(radio.isSelected()).isTrue();
  }

  private WebElement waitVisible(String id) {
    return new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  /** Saves what the browser shows to {@code target/name} (for people, and the README). */
  private void screenshot(String name) throws IOException {
    Path file = Path.of("target", name);
    Files.createDirectories(file.getParent());
    Files.write(file, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}
