package io.unipay.alipay.internal;

import io.unipay.core.internal.TransportGuard;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.alipay.bill.AlipayTradeBillParser;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.TradeBill;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads Alipay trade bills (features §B4): {@code alipay.data.dataservice.bill.downloadurl.query}
 * with {@code biz_content{bill_type: trade, bill_date}}, a signed answer naming {@code
 * bill_download_url} (valid 30 s), then a plain GET of that URL (no signature either way) whose
 * ZIP is parsed as it streams.
 *
 * <p>Alipay answers {@code isp.bill_not_exist} both for a day without a bill and for one not
 * generated yet (ready at T+1 around 09:00): it is {@code BILL_NOT_READY} until {@value
 * #READY_HOUR}:00 China time the next day, {@code BILL_NOT_AVAILABLE} after. A day that has not
 * ended is {@code BILL_NOT_READY} without a call.
 */
public final class BillDownloads {
  /** The method asking for a download URL. */
  public static final String METHOD = "alipay.data.dataservice.bill.downloadurl.query";
  /** The hour (China time) of the next day from which "no bill" means there is none. */
  public static final int READY_HOUR = 12;

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private final Gateway gateway;
  private final ObjectMapper json;
  private final String sellerId;
  private final Clock clock;

  public BillDownloads(Gateway gateway, ObjectMapper json, String sellerId, Clock clock) {
    this.gateway = gateway;
    this.json = json;
    this.sellerId = sellerId;
    this.clock = clock;
  }

  /** The trade bill of {@code day}, streaming. */
  public TradeBill openTradeBill(LocalDate day) {
    if (day == null) throw UniPayException.invalid("trade bill: day is required");
    String what = "Alipay trade bill " + day;
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, CHINA);
    if (!day.isBefore(today)) {
      throw new UniPayException(
          ErrorCode.BILL_NOT_READY,
          what + ": the day has not ended yet (China time, today is " + today
              + "); Alipay generates it the next day, around 09:00");
    }
    ObjectNode biz = json.createObjectNode();
    biz.put("bill_type", "trade");
    biz.put("bill_date", day.toString());
    Answer answer = gateway.callAbout(METHOD, biz, true, "trade bill " + day);
    if (answer.verifiedSubCode("isp.bill_not_exist")) {
      Instant certain =
          day.plusDays(1).atTime(LocalTime.of(READY_HOUR, 0)).atZone(CHINA).toInstant();
      if (now.isBefore(certain)) {
        throw new UniPayException(
            ErrorCode.BILL_NOT_READY,
            what + ": Alipay has no bill yet (isp.bill_not_exist before " + READY_HOUR
                + ":00 the next day); ask again later");
      }
      throw new UniPayException(
          ErrorCode.BILL_NOT_AVAILABLE,
          what + ": Alipay has no bill for that day (isp.bill_not_exist)");
    }
    answer.requireOk();
    String url = answer.text("bill_download_url");
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new UniPayException(
          ErrorCode.BILL_MALFORMED, what + ": the signed answer's bill_download_url is not a URL");
    }
    Request request =
        new Request.Builder()
            .url(parsed)
            .header("Accept-Encoding", "identity")
            .header("User-Agent", "uni-pay-java")
            .get()
            .build();
    Response response;
    try {
      response = gateway.http().newCall(request).execute();
    } catch (IOException e) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": the download failed (" + e.getClass().getSimpleName() + "); open it again",
          e);
    }
    if (response.code() != 200) {
      int status = response.code();
      response.close();
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": the download was answered HTTP " + status
              + " (Alipay's download URLs are valid for 30 s): open the bill again");
    }
    AlipayTradeBillParser parser = AlipayTradeBillParser.forDay(day);
    if (sellerId != null) parser.seller(sellerId);
    return parser.open(new TransportGuard(response.body().byteStream(), what));
  }
}
