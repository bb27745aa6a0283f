package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.Reconciler;
import io.unipay.core.UniPay;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.ReconciliationReport;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console's reconciliation routes, admin only, like the rest of {@code /api/admin/}
 * (a POST must also be {@code application/json}, which {@link ApiServer} checks first):
 *
 * <pre>
 *   GET  /api/admin/reconciliation?provider=wxpay&amp;day=2026-12-01&amp;after=0&amp;limit=20
 *                                   the stored report and one page of its discrepancies
 *   POST /api/admin/reconciliation  {provider, day?, force?}: reconciles the day now (a day with a
 *                                   stored report is returned as it is unless force) and answers
 *                                   as the GET does, with the first page
 * </pre>
 *
 * {@code day} defaults to yesterday in Asia/Shanghai (the providers' calendar day) on the app's
 * clock. {@code after} is the {@code next} of the previous page (a discrepancy's running number).
 * Reading never reconciles: a day without a report answers {@code state NOT_RECONCILED}.
 */
final class ReconciliationRoutes implements Routes {
  static final String PATH = AdminRoutes.PREFIX + "reconciliation";
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  private static final Logger log = LoggerFactory.getLogger(ReconciliationRoutes.class);

  private final UniPay pay;
  private final Clock clock;

  ReconciliationRoutes(UniPay pay, Clock clock) {
    this.pay = pay;
    this.clock = clock;
  }

  @Override
  public boolean serve(HttpExchange ex, Caller caller, String path, String method)
      throws IOException {
    if (!path.equals(PATH)) return false;
    Access.requireAdmin(caller, "the operator routes");
    switch (method) {
      case "GET" -> show(ex);
      case "POST" -> run(ex);
      default -> throw BadRequest.noRoute(method, path);
    }
    return true;
  }

  private void show(HttpExchange ex) throws IOException {
    Map<String, String> q = Http.query(ex);
    Provider provider = provider(q.get("provider"));
    LocalDate day = day(q.get("day"));
    long after = Http.parseLong(q.getOrDefault("after", "0"), "after");
    if (after < 0) throw new BadRequest(400, "INVALID_ARGUMENT", "after must be ≥ 0");
    long limit = Http.parseLong(q.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)), "limit");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "limit must be 1 to " + MAX_LIMIT);
    }
    ReconciliationReport report = pay.reconciler().report(provider, day).orElse(null);
    answer(ex, provider, day, report, after, (int) limit);
  }

  /** An admin action: reconciles on this request's thread (a big day takes a while). */
  private void run(HttpExchange ex) throws IOException {
    JsonNode body = Http.jsonBody(ex);
    Provider provider = provider(Http.text(body, "provider", true));
    LocalDate day = day(Http.text(body, "day", false));
    JsonNode force = body.get("force");
    if (force != null && !force.isNull() && !force.isBoolean()) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "force must be true or false");
    }
    boolean forced = force != null && force.asBoolean(false);
    ReconciliationReport report = pay.reconciler().reconcile(provider, day, forced);
    log.info("operator reconciled {} {}{}: {}", provider.code(), day, forced ? " (forced)" : "",
        report);
    answer(ex, provider, day, report, 0, DEFAULT_LIMIT);
  }

  private void answer(
      HttpExchange ex, Provider provider, LocalDate day, ReconciliationReport report, long after,
      int limit) throws IOException {
    List<Discrepancy> page = List.of();
    Long next = null;
    if (report != null && !report.isClean()) {
      Reconciler reconciler = pay.reconciler();
      List<Discrepancy> more = reconciler.discrepancies(provider, day, after, limit + 1);
      page = more.size() > limit ? more.subList(0, limit) : more;
      if (more.size() > limit) next = page.get(limit - 1).seq();
    }
    Http.json(ex, 200, ReconciliationViews.day(provider, day, report, page, next));
  }

  private static Provider provider(String code) {
    if (code == null || code.isBlank()) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "provider is required (wxpay or alipay)");
    }
    return Provider.ofCode(code.strip());
  }

  /** {@code value} as a day, or yesterday in the providers' zone when blank. */
  private LocalDate day(String value) {
    if (value == null || value.isBlank()) {
      return LocalDate.ofInstant(clock.instant(), Reconciler.BILL_ZONE).minusDays(1);
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new BadRequest(400, "INVALID_ARGUMENT",
          "day must be a date such as 2026-12-01, was '" + value + "'");
    }
  }
}
