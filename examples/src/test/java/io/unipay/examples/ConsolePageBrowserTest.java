package io.unipay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.Reconciler;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console ({@code /admin}) in headless Chromium, used as an operator would: sign in
 * with the admin token, filter the orders, open a paid one, refund part of it with a reason, and
 * see the status and the timeline change; a reason with markup is shown as text; a day reconciled
 * from the console shows its totals and discrepancies. Writes the screenshot {@code
 * docs/console.png}.
 *
 * <p>Runs in {@link HeadlessChromium}: skipped without Debian's {@code chromium} and {@code
 * chromedriver}, unless {@code UNIPAY_REQUIRE_BROWSER=true} (as in CI), which makes it a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private String unavailable; // why the browser cannot run, or null
  private VipRechargeApp app;
  private AppClient user;
  private HeadlessChromium browser;
  private ChromeDriver driver;

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
                    "db.url",
                    "jdbc:h2:mem:console-page-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")));
    user = new AppClient(app.url()).signIn(AppClient.USER);
    browser = HeadlessChromium.start(1280, 1640);
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
  void theAdminFindsAPaidOrderRefundsItWithAReasonAndSeesTheTimelineChange() throws IOException {
    String unpaid = user.createOrder("q1", "alipay", "native").get("outTradeNo").asText();
    String paid = user.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    app.providers.sandbox.pay(Provider.WXPAY, paid);
    assertThat(user.order(paid, 10).get("status").asInt()).isEqualTo(1);

    driver.get(app.url() + "/style.css");
    driver.manage().deleteAllCookies(); // signed out, whichever test ran first
    driver.get(app.url() + "/admin");
    waitVisible("admin-signin");
    assertThat(driver.findElement(By.id("orders-box")).isDisplayed()).isFalse();
    signIn("wrong-token");
    assertThat(waitVisible("admin-error").getText()).contains("UNAUTHORIZED");
    assertThat(driver.findElement(By.id("orders-box")).isDisplayed()).isFalse();
    signIn(AppClient.ADMIN_TOKEN);
    waitVisible("orders-box");
    waitForRow(unpaid);

    new Select(driver.findElement(By.id("filter-status"))).selectByValue("1,2");
    new Select(driver.findElement(By.id("filter-provider"))).selectByValue("wxpay");
    driver.findElement(By.id("search")).click();
    new WebDriverWait(driver, WAIT).until(d -> rows("orders").size() == 1);
    WebElement row = waitForRow(paid);
    assertThat(row.getText()).contains("PAID").contains("¥9.90").contains(AppClient.USER);

    row.findElement(By.cssSelector("button.open")).click();
    waitVisible("order-box");
    waitText("order-status", "1 PAID");
    assertThat(driver.findElement(By.id("order-no")).getText()).isEqualTo(paid);
    int before = rows("timeline").size();
    assertThat(text("timeline")).contains("order created").contains("provider call: prepay")
        .contains("notification verified").contains("ledger fact #").contains("payment settled");
    assertThat(driver.findElement(By.id("refund-amount")).getAttribute("value")).isEqualTo("9.90");

    refund("3.00", "damaged in transit");

    assertThat(waitVisible("refund-message").getText()).startsWith("Refund ").contains("¥3.00");
    waitText("order-status", "2 PARTIALLY_REFUNDED");
    new WebDriverWait(driver, WAIT).until(d -> rows("timeline").size() > before);
    assertThat(text("timeline")).contains("refund requested")
        .contains("300 fen, reason “damaged in transit”").contains("provider call: refund");
    assertThat(driver.findElement(By.id("refund-amount")).getAttribute("value")).isEqualTo("6.90");
    assertThat(driver.findElement(By.id("refund-reason")).getAttribute("value"))
        .as("a further refund needs its own reason").isEmpty();
    List<Refund> refunds = app.pay.refunds(paid);
    assertThat(refunds).singleElement().satisfies(r -> {
      assertThat(r.refundFee()).isEqualTo(300);
      assertThat(r.reason()).isEqualTo("damaged in transit");
    });
    waitForRow(paid);
    assertThat(text("orders")).contains("¥3.00");

    driver.findElement(By.id("run-sweep")).click();
    new WebDriverWait(driver, WAIT).until(d -> rows("sweeps").size() >= 1);
    assertThat(driver.findElement(By.id("ledger-empty")).isDisplayed()).isTrue();
    js("window.scrollTo(0, 0)");
    screenshot();
  }

  @Test
  void aReasonWithMarkupIsShownAsTextAndNeverRun() {
    String paid = user.createOrder("m1", "alipay", "native").get("outTradeNo").asText();
    app.providers.sandbox.pay(Provider.ALIPAY, paid);
    assertThat(user.order(paid, 10).get("status").asInt()).isEqualTo(1);
    AppClient admin = new AppClient(app.url()).signInAdmin(AppClient.ADMIN_TOKEN);
    String markup = "<img src=x onerror=\"window.pwned=1\"><b>bold</b>";
    AppClient.Answer refunded =
        admin.post("/api/admin/payments/" + paid + "/refund",
            "{\"refundFee\":100,\"reason\":\"" + markup.replace("\"", "\\\"") + "\"}");
    assertThat(refunded.status()).as("%s", refunded).isEqualTo(200);

    driver.get(app.url() + "/admin");
    new WebDriverWait(driver, WAIT)
        .until(d -> d.findElement(By.id("admin-signin")).isDisplayed()
            || d.findElement(By.id("orders-box")).isDisplayed());
    if (driver.findElement(By.id("admin-signin")).isDisplayed()) signIn(AppClient.ADMIN_TOKEN);
    waitForRow(paid).findElement(By.cssSelector("button.open")).click();
    waitText("order-status", "2 PARTIALLY_REFUNDED");

    assertThat(text("timeline")).contains("reason “" + markup + "”");
    assertThat(driver.findElements(By.cssSelector("#timeline img, #timeline b"))).isEmpty();
    assertThat(js("return window.pwned === undefined")).isEqualTo(Boolean.TRUE);
  }

  @Test
  void aDayReconciledFromTheConsoleShowsItsTotalsAndDiscrepancyTable() {
    Instant at = Instant.now().minus(Duration.ofDays(30)); // a day whose bill is ready
    LocalDate day = LocalDate.ofInstant(at, Reconciler.BILL_ZONE);
    String foreign = "EXTPAGE" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    app.providers.wechatSimulator.bills().addExternalPayment(foreign, 1234, at);

    driver.get(app.url() + "/admin");
    new WebDriverWait(driver, WAIT)
        .until(d -> d.findElement(By.id("admin-signin")).isDisplayed()
            || d.findElement(By.id("recon-box")).isDisplayed());
    if (driver.findElement(By.id("admin-signin")).isDisplayed()) signIn(AppClient.ADMIN_TOKEN);
    waitVisible("recon-box");
    new Select(driver.findElement(By.id("recon-provider"))).selectByValue("wxpay");
    js("document.getElementById('recon-day').value = '" + day + "'");
    driver.findElement(By.id("recon-run")).click();

    WebElement row =
        new WebDriverWait(driver, WAIT)
            .until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#recon-discrepancies tbody tr")));
    assertThat(row.getText()).contains("PAID_AT_PROVIDER_MISSING_LOCALLY").contains(foreign)
        .contains("¥12.34").contains("LEFT_TO_OPERATOR");
    assertThat(text("recon-totals")).contains("provider").contains("local").contains("¥12.34");
    assertThat(text("recon-state")).contains("wxpay " + day + ": DISCREPANCIES");
  }

  private void signIn(String token) {
    WebElement input = driver.findElement(By.id("admin-token"));
    input.clear();
    input.sendKeys(token);
    driver.findElement(By.id("admin-signin-button")).click();
  }

  private void refund(String yuan, String reason) {
    WebElement amount = driver.findElement(By.id("refund-amount"));
    amount.clear();
    amount.sendKeys(yuan);
    driver.findElement(By.id("refund-reason")).sendKeys(reason);
    driver.findElement(By.id("refund-button")).click();
  }

  private WebElement waitForRow(String outTradeNo) {
    return new WebDriverWait(driver, WAIT)
        .until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#orders tr[data-no='" + outTradeNo + "']")));
  }

  private void waitText(String id, String expected) {
    new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.textToBe(By.id(id), expected));
  }

  private WebElement waitVisible(String id) {
    return new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  private List<WebElement> rows(String table) {
    return driver.findElements(By.cssSelector("#" + table + " tbody tr"));
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /**
   * Saves what the browser shows to {@code target/console.png}, and to {@code docs/console.png}
   * (the README shows it) only when asked with {@code -Dunipay.updateScreenshots=true}, so that a
   * test run never changes a tracked file.
   */
  private void screenshot() throws IOException {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Path target = Path.of("target", "console.png");
    Files.createDirectories(target.getParent());
    Files.write(target, png);
    Path docs = Path.of("..", "docs");
    if (Boolean.getBoolean("unipay.updateScreenshots")
        && Files.isDirectory(docs) && Files.isDirectory(Path.of("..", "examples"))) {
      Files.write(docs.resolve("console.png"), png);
    }
  }
}
