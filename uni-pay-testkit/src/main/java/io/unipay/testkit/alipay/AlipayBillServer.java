package io.unipay.testkit.alipay;

import io.unipay.testkit.BillFault;
import io.unipay.testkit.ChunkedBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * The simulator's {@code alipay.data.dataservice.bill.downloadurl.query} and the download URL it
 * hands out ({@code GET /downloadBillFile.resource?...&token=...}, no signature, valid 30 s).
 */
final class AlipayBillServer {
  static final String METHOD = "alipay.data.dataservice.bill.downloadurl.query";
  static final String PATH = "/downloadBillFile.resource";
  static final Duration URL_LIFETIME = Duration.ofSeconds(30);

  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
  private static final LocalTime READY_AT = LocalTime.of(9, 0);

  private static final java.security.SecureRandom TOKENS = new java.security.SecureRandom();

  private record Issued(LocalDate day, Instant issuedAt) {}

  private final AlipaySimulator sim;
  private final AlipayBills bills;
  private final Map<String, Issued> issued = new HashMap<>(); // guarded by sim.lock

  AlipayBillServer(AlipaySimulator sim, AlipayBills bills) {
    this.sim = sim;
    this.bills = bills;
  }

  /** The method's result (the {@code ..._response} object). */
  Map<String, Object> downloadUrl(Map<String, String> params) {
    Map<String, String> biz = SimGateway.biz(params);
    if (!"trade".equals(biz.get("bill_type"))) {
      return SimGateway.error("40004", "Business Failed", "isv.invalid_arguments",
          "the simulator serves bill_type trade only");
    }
    LocalDate day;
    try {
      day = LocalDate.parse(String.valueOf(biz.get("bill_date")));
    } catch (DateTimeParseException e) {
      return SimGateway.error("40004", "Business Failed", "isv.invalid_arguments", "bill_date格式错误");
    }
    synchronized (sim.lock) {
      Instant now = sim.clock.instant();
      if (!day.isBefore(LocalDate.ofInstant(now, CHINA))) {
        return SimGateway.error("40004", "Business Failed", "isv.invalid_arguments",
            "不支持下载当日或未来的账单");
      }
      boolean ready = !now.isBefore(day.plusDays(1).atTime(READY_AT).toInstant(CHINA));
      boolean quiet = !bills.synthetic.containsKey(day) && lines(day).isEmpty()
          && !bills.emptyOnQuietDays;
      if (!ready || bills.notReady.contains(day) || bills.noBill.contains(day) || quiet) {
        return SimGateway.error("40004", "Business Failed", "isp.bill_not_exist", "账单不存在");
      }
      Instant at = bills.faults.get(day) == BillFault.EXPIRED_URL
          ? now.minus(URL_LIFETIME).minusSeconds(1) : now;
      issued.values().removeIf(i -> now.isAfter(i.issuedAt().plus(URL_LIFETIME)));
      byte[] random = new byte[16];
      TOKENS.nextBytes(random);
      String token = java.util.HexFormat.of().formatHex(random);
      issued.put(token, new Issued(day, at));
      String date = DateTimeFormatter.BASIC_ISO_DATE.format(day);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("code", "10000");
      r.put("msg", "Success");
      r.put("bill_download_url", sim.gatewayUrl().replace("/gateway.do", PATH)
          + "?bizType=trade&userId=" + sim.sellerId + "&fileType=csv.zip&bizDates=" + date
          + "&token=" + token);
      return r;
    }
  }

  /** The download: the ZIP, or 403 once the URL is older than 30 s. */
  MockResponse download(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String token = url.queryParameter("token");
    LocalDate day;
    BillFault fault;
    List<AlipayBillLine> lines;
    Long synthetic;
    int bp;
    Instant now;
    synchronized (sim.lock) {
      now = sim.clock.instant();
      Issued file = token == null ? null : issued.get(token);
      if (file == null || now.isAfter(file.issuedAt().plus(URL_LIFETIME))) {
        return new MockResponse.Builder().code(403).body("链接已过期或无效").build();
      }
      day = file.day();
      fault = bills.faults.get(day);
      synthetic = bills.synthetic.get(day);
      bp = bills.basisPoints;
      lines = synthetic == null ? lines(day) : null;
    }
    bills.served();
    String account = sim.sellerId + "0156";
    Instant exported = now;
    if (synthetic != null) {
      long count = synthetic;
      return ChunkedBody.respond("application/zip", out -> AlipayBillFile.write(
          account, day, generated(day, count, bp), null, exported, out));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      AlipayBillFile.write(account, day, lines.iterator(), fault, exported, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] zip = out.toByteArray();
    if (fault == BillFault.TRUNCATED_BODY) zip = Arrays.copyOf(zip, zip.length / 2);
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/zip")
        .body(new Buffer().write(zip))
        .build();
  }

  /**
   * The day's lines from the simulator's state and the external ones, less the omitted ones, in
   * time order.
   */
  private List<AlipayBillLine> lines(LocalDate day) {
    int bp = bills.basisPoints;
    List<AlipayBillLine> lines = new ArrayList<>();
    for (SimTrade t : sim.trades.values()) {
      if (t.isPaid() && on(t.paidAt, day)) {
        lines.add(new AlipayBillLine(false, t.tradeNo, t.outTradeNo, t.subject, t.createdAt,
            t.paidAt, t.totalFen, AlipayBillLine.fee(t.totalFen, bp), null));
      }
      for (SimTrade.SimRefund r : t.refunds.values()) {
        if (r.settled && on(r.at, day)) {
          lines.add(new AlipayBillLine(true, t.tradeNo, t.outTradeNo, t.subject, t.createdAt, r.at,
              r.fen, AlipayBillLine.fee(r.fen, bp), r.outRequestNo));
        }
      }
    }
    for (AlipayBillLine l : bills.external) {
      if (on(l.doneAt(), day)) lines.add(l);
    }
    lines.removeIf(bills::omitted);
    lines.sort(Comparator.comparing(AlipayBillLine::doneAt));
    return lines;
  }

  private static boolean on(Instant time, LocalDate day) {
    return time != null && LocalDate.ofInstant(time, CHINA).equals(day);
  }

  /** {@code count} generated trade lines of {@code day}, one at a time. */
  private static Iterator<AlipayBillLine> generated(LocalDate day, long count, int bp) {
    Instant start = day.atStartOfDay().toInstant(CHINA);
    long step = Math.max(1, 86_400L / Math.max(1, count));
    String date = DateTimeFormatter.BASIC_ISO_DATE.format(day);
    return new Iterator<>() {
      long i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public AlipayBillLine next() {
        if (i >= count) throw new NoSuchElementException();
        long n = i++;
        long amount = 1 + (n * 7919) % 9_999;
        Instant at = start.plusSeconds(Math.min(n * step, 86_399));
        // A trade_no from a bit mixer, not a counter: the ZIP must not compress to almost nothing.
        long z = n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return new AlipayBillLine(false,
            date + "22001" + String.format("%015d", Long.remainderUnsigned(z, 1_000_000_000_000_000L)),
            "SYN" + date + String.format("%012d", n) + Long.toString(z & Long.MAX_VALUE, 36),
            "synthetic item " + (n % 97), at, at, amount, AlipayBillLine.fee(amount, bp), null);
      }
    };
  }
}
