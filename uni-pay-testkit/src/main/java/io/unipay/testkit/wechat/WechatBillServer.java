package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.testkit.BillFault;
import io.unipay.testkit.ChunkedBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * The simulator's bill endpoints: {@code GET /v3/bill/tradebill}, {@code GET /v3/bill/fundflowbill}
 * (answers signed by the dispatcher like every API answer) and {@code GET /v3/billdownload/file}
 * (the file, not signed). The dispatcher has verified the merchant's signature before either.
 */
final class WechatBillServer {
  static final String TRADE = "/v3/bill/tradebill";
  static final String FUND = "/v3/bill/fundflowbill";
  static final String DOWNLOAD = "/v3/billdownload/file";

  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
  private static final LocalTime READY_AT = LocalTime.of(10, 0);
  private static final Duration URL_LIFETIME = Duration.ofMinutes(5);

  /** A JSON answer for the dispatcher to sign. */
  record Answer(int status, byte[] body) {}

  /** A download URL handed out: what it serves, until when. */
  private record Issued(
      LocalDate day, boolean gzip, byte[] file, WechatBills.Synthetic synthetic, Instant expires) {}

  private final WechatPaySimulator sim;
  private final WechatBills bills;
  private final Map<String, Issued> issued = new HashMap<>(); // guarded by sim.lock

  WechatBillServer(WechatPaySimulator sim, WechatBills bills) {
    this.sim = sim;
    this.bills = bills;
  }

  static boolean serves(String path) {
    return path.equals(TRADE) || path.equals(FUND) || path.equals(DOWNLOAD);
  }

  /** The answer to a bill request, or to a download the simulator will not serve. */
  Answer answer(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    if (!request.getMethod().equals("GET")) return error(405, "INVALID_REQUEST", "请使用GET");
    if (path.equals(DOWNLOAD)) {
      return error(400, "INVALID_REQUEST", "下载链接无效或已过期, 请重新申请账单");
    }
    boolean fund = path.equals(FUND);
    Set<String> allowed =
        fund ? Set.of("bill_date", "account_type", "tar_type") : Set.of("bill_date", "bill_type", "tar_type");
    for (String name : url.queryParameterNames()) {
      if (!allowed.contains(name)) return paramError(name, "unknown parameter for " + path);
    }
    LocalDate day;
    try {
      day = LocalDate.parse(String.valueOf(url.queryParameter("bill_date")));
    } catch (DateTimeParseException e) {
      return paramError("bill_date", "required, yyyy-MM-dd");
    }
    String tar = url.queryParameter("tar_type");
    if (tar != null && !tar.equals("GZIP")) return paramError("tar_type", "only GZIP");
    String account = fund ? String.valueOf(url.queryParameter("account_type")) : null;
    if (fund && url.queryParameter("account_type") == null) account = "BASIC";
    if (fund && !List.of("BASIC", "OPERATION", "FEES").contains(account)) {
      return paramError("account_type", "BASIC, OPERATION or FEES");
    }
    String type = url.queryParameter("bill_type");
    if (!fund && type != null && !type.equals("ALL")) {
      return paramError("bill_type", "the simulator serves ALL bills only");
    }
    synchronized (sim.lock) {
      Instant now = sim.clock.instant();
      LocalDate today = LocalDate.ofInstant(now, CHINA);
      if (day.isAfter(today)) return paramError("bill_date", "不能晚于今天");
      Instant ready = day.plusDays(1).atTime(READY_AT).toInstant(CHINA);
      if (bills.notReady.contains(day) || now.isBefore(ready)) {
        return error(400, "STATEMENT_CREATING", "账单生成中");
      }
      if (bills.noBill.contains(day)) return noStatement();
      BillFault fault = bills.faults.get(day);
      WechatBills.Synthetic synthetic = fund ? null : bills.synthetic.get(day);
      byte[] file = null;
      String sha1;
      if (synthetic != null) {
        sha1 = synthetic.sha1();
      } else {
        List<BillLine> trade = WechatBillLines.trade(sim, day, bills);
        List<WechatBillFile.FundLine> flow =
            fund && account.equals("BASIC") ? WechatBillLines.fundFlow(trade, 1) : List.of();
        if ((fund ? flow.isEmpty() : trade.isEmpty()) && !bills.emptyOnQuietDays) {
          return noStatement();
        }
        file = render(fund, trade, flow, fault);
        sha1 = HexFormat.of().formatHex(WechatBills.sha1().digest(file));
      }
      if (fault == BillFault.WRONG_HASH) sha1 = (sha1.charAt(0) == '0' ? "1" : "0") + sha1.substring(1);
      issued.values().removeIf(old -> now.isAfter(old.expires()));
      String token = SimCrypto.alnum(40);
      issued.put(token, new Issued(day, tar != null, file, synthetic, now.plus(URL_LIFETIME)));
      ObjectNode json = sim.mapper.createObjectNode();
      json.put("hash_type", "SHA1");
      json.put("hash_value", sha1);
      json.put("download_url",
          sim.baseUrl() + DOWNLOAD + "?token=" + token + (tar != null ? "&tartype=gzip" : ""));
      return new Answer(200, sim.json(json).getBytes(UTF_8));
    }
  }

  /** The file for a valid download URL, or null (the dispatcher then answers an error). */
  MockResponse download(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    if (!request.getMethod().equals("GET") || !url.encodedPath().equals(DOWNLOAD)) return null;
    String token = url.queryParameter("token");
    Issued file;
    BillFault fault;
    int bp;
    synchronized (sim.lock) {
      file = token == null ? null : issued.get(token);
      if (file == null || sim.clock.instant().isAfter(file.expires())) return null;
      fault = bills.faults.get(file.day());
      bp = bills.basisPoints;
    }
    bills.served();
    if (file.synthetic() != null) {
      Issued f = file;
      return ChunkedBody.respond("application/octet-stream", out -> {
        OutputStream target = f.gzip() ? fastGzip(out) : out;
        WechatBillFile.writeTrade(sim.mchid,
            WechatBillLines.synthetic(f.day(), f.synthetic().lines(), sim.appId(), bp), bp, null,
            target);
        target.close();
      });
    }
    byte[] body = file.gzip() ? gzip(file.file()) : file.file();
    if (fault == BillFault.TRUNCATED_BODY) body = Arrays.copyOf(body, body.length / 2);
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/octet-stream")
        .body(new Buffer().write(body))
        .build();
  }

  private byte[] render(
      boolean fund, List<BillLine> trade, List<WechatBillFile.FundLine> flow, BillFault fault) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (fund) WechatBillFile.writeFundFlow(flow, fault, out);
      else WechatBillFile.writeTrade(sim.mchid, trade.iterator(), bills.basisPoints, fault, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static OutputStream fastGzip(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    };
  }

  private Answer noStatement() {
    return error(400, "NO_STATEMENT_EXIST", "账单文件不存在");
  }

  private Answer paramError(String field, String issue) {
    ObjectNode body = sim.mapper.createObjectNode();
    body.put("code", "PARAM_ERROR");
    body.put("message", "参数错误: " + field + " " + issue);
    ObjectNode detail = body.putObject("detail");
    detail.put("field", field);
    detail.put("issue", issue);
    detail.put("location", "query");
    return new Answer(400, sim.json(body).getBytes(UTF_8));
  }

  private Answer error(int status, String code, String message) {
    ObjectNode body = sim.mapper.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    return new Answer(status, sim.json(body).getBytes(UTF_8));
  }
}
