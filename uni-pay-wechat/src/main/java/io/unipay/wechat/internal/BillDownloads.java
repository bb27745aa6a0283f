package io.unipay.wechat.internal;

import io.unipay.core.internal.TransportGuard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.internal.LogSafe;
import io.unipay.wechat.bill.FundAccount;
import io.unipay.wechat.bill.FundFlowBill;
import io.unipay.wechat.bill.WechatFundFlowBillParser;
import io.unipay.wechat.bill.WechatTradeBillParser;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads WeChat Pay bills (protocols: features §B3). Step 1, {@code GET /v3/bill/tradebill} or
 * {@code /v3/bill/fundflowbill} with {@code tar_type=GZIP}, is an ordinary v3 call whose signed
 * answer names {@code hash_type} (SHA1), {@code hash_value} and {@code download_url}. Step 2 GETs
 * the {@code download_url} with an {@code Authorization} signed over its path and query (the
 * signing interceptor of the shared client does that); that answer is not signed. Its body is a
 * GZIP file, decompressed as it streams; the SHA1 of the decompressed bytes is computed as they
 * pass and compared once the parser has reached the end.
 *
 * <p>{@code NO_STATEMENT_EXIST} → {@code BILL_NOT_AVAILABLE}; {@code STATEMENT_CREATING} and a day
 * that has not ended yet (China time) → {@code BILL_NOT_READY}; both only from signed answers.
 */
public final class BillDownloads {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-fA-F]{40}");
  private static final int ERROR_BODY_LIMIT = 4096;

  private final ApiCaller api;
  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final String mchid;
  private final HttpUrl base;
  private final Clock clock;

  public BillDownloads(
      ApiCaller api,
      OkHttpClient http,
      ObjectMapper mapper,
      String mchid,
      String baseUrl,
      Clock clock) {
    this.api = api;
    this.http = http;
    this.mapper = mapper;
    this.mchid = mchid;
    this.base = HttpUrl.get(baseUrl);
    this.clock = clock;
  }

  /** The {@code ALL} trade bill of {@code day}, streaming. */
  public TradeBill openTradeBill(LocalDate day) {
    String what = "WeChat Pay trade bill " + requireEnded(day, "trade bill");
    Located located =
        locate(what, "/v3/bill/tradebill?bill_date=" + day + "&bill_type=ALL&tar_type=GZIP");
    DigestInputStream csv = download(what, located);
    return WechatTradeBillParser.forDay(day)
        .merchant(mchid)
        .atEnd(() -> checkHash(what, csv, located.sha1()))
        .open(csv);
  }

  /** The fund-flow bill of {@code account} on {@code day}, streaming. */
  public FundFlowBill openFundFlowBill(LocalDate day, FundAccount account) {
    if (account == null) throw UniPayException.invalid("fund-flow bill: account is required");
    String what =
        "WeChat Pay fund-flow bill " + requireEnded(day, "fund-flow bill") + " " + account;
    Located located =
        locate(
            what,
            "/v3/bill/fundflowbill?bill_date="
                + day
                + "&account_type="
                + account.name()
                + "&tar_type=GZIP");
    DigestInputStream csv = download(what, located);
    return WechatFundFlowBillParser.forDay(day, account)
        .atEnd(() -> checkHash(what, csv, located.sha1()))
        .open(csv);
  }

  private record Located(HttpUrl url, String sha1) {}

  private LocalDate requireEnded(LocalDate day, String kind) {
    if (day == null) throw UniPayException.invalid(kind + ": day is required");
    LocalDate today = LocalDate.ofInstant(clock.instant(), CHINA);
    if (!day.isBefore(today)) {
      throw new UniPayException(
          ErrorCode.BILL_NOT_READY,
          "WeChat Pay "
              + kind
              + " "
              + day
              + ": the day has not ended yet (China time, today is "
              + today
              + "); WeChat Pay generates it the next day, after 10:00");
    }
    return day;
  }

  private Located locate(String what, String pathAndQuery) {
    ApiCaller.ApiResponse response;
    try {
      response = api.call(ErrorVerdicts.Operation.BILL, what, "GET", pathAndQuery, null);
    } catch (ProviderRejectedException e) {
      if (e.verdict() == ProviderRejectedException.Verdict.NOT_FOUND) {
        if ("STATEMENT_CREATING".equals(e.providerCode())) {
          throw new UniPayException(
              ErrorCode.BILL_NOT_READY,
              what + ": WeChat Pay is still generating it (STATEMENT_CREATING); ask again later",
              e);
        }
        throw new UniPayException(
            ErrorCode.BILL_NOT_AVAILABLE,
            what + ": WeChat Pay has no bill for that day (NO_STATEMENT_EXIST)",
            e);
      }
      throw e;
    } catch (UniPayException e) {
      if (e.code() != ErrorCode.OUTCOME_UNKNOWN) throw e;
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": no usable answer from WeChat Pay (asking again is safe): " + e.getMessage(),
          e);
    }
    JsonNode answer = api.json(what, response.body());
    String hashType = text(answer, "hash_type");
    if (!"SHA1".equals(hashType)) {
      throw malformed(what, "the signed answer names hash_type " + LogSafe.quote(hashType)
          + ", not SHA1");
    }
    String hash = text(answer, "hash_value");
    if (hash == null || !SHA1_HEX.matcher(hash).matches()) {
      throw malformed(what, "the signed answer's hash_value is not 40 hex digits");
    }
    String url = text(answer, "download_url");
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) throw malformed(what, "the signed answer's download_url is not a URL");
    boolean sameOrigin =
        parsed.scheme().equals(base.scheme())
            && parsed.host().equals(base.host())
            && parsed.port() == base.port();
    boolean wechatHost = parsed.isHttps() && parsed.host().endsWith(".mch.weixin.qq.com");
    if (!sameOrigin && !wechatHost) {
      throw malformed(what, "the download_url points at " + LogSafe.quote(parsed.host())
          + ", neither the configured base URL's host nor a WeChat Pay host");
    }
    return new Located(parsed, hash.toLowerCase(Locale.ROOT));
  }

  private DigestInputStream download(String what, Located located) {
    Request request =
        new Request.Builder()
            .url(located.url())
            .header("Accept-Encoding", "identity")
            .header("User-Agent", "uni-pay-java")
            .get()
            .build();
    Response response;
    try {
      response = http.newCall(request).execute();
    } catch (IOException e) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": the download failed (" + e.getClass().getSimpleName() + "); open it again",
          e);
    }
    if (!response.isSuccessful()) {
      String code = errorCode(response);
      response.close();
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what
              + ": the download was answered HTTP "
              + response.code()
              + (code == null ? "" : " " + LogSafe.quote(code))
              + "; download URLs are short-lived: open the bill again");
    }
    InputStream body = new TransportGuard(response.body().byteStream(), what);
    try {
      return new DigestInputStream(new GZIPInputStream(body, 16 * 1024), sha1());
    } catch (UniPayException e) {
      response.close();
      throw e;
    } catch (IOException e) {
      response.close();
      throw malformed(what, "the download is not a GZIP file (" + e.getMessage() + ")");
    }
  }

  private static void checkHash(String what, DigestInputStream csv, String expected) {
    String actual = HexFormat.of().formatHex(csv.getMessageDigest().digest());
    if (!actual.equals(expected)) {
      throw malformed(
          what,
          "the SHA1 of the decompressed file is "
              + actual
              + ", WeChat Pay's signed answer stated "
              + expected
              + ": the file is not the one WeChat Pay issued; every row read from it is"
              + " unconfirmed and must be discarded");
    }
  }

  private String errorCode(Response response) {
    try (InputStream in = response.body().byteStream()) {
      byte[] head = in.readNBytes(ERROR_BODY_LIMIT);
      JsonNode node = mapper.readTree(head);
      return node == null ? null : text(node, "code");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private static UniPayException malformed(String what, String issue) {
    return new UniPayException(ErrorCode.BILL_MALFORMED, what + ": " + issue);
  }
}
