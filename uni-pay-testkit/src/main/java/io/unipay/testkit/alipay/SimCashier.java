package io.unipay.testkit.alipay;

import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Alipay app and cashier pages: they register the trades of app/page/wap payments. */
final class SimCashier {
  private SimCashier() {}

  static String acceptOrderString(AlipaySimulator sim, String orderStr) {
    return accept(sim, SimForm.decode(orderStr), "alipay.trade.app.pay");
  }

  static String acceptPageUrl(AlipaySimulator sim, String url) {
    String query = URI.create(url).getRawQuery();
    Map<String, String> params = SimForm.decode(query);
    return accept(sim, params, params.get("method"));
  }

  static String acceptPageForm(AlipaySimulator sim, String html) {
    Matcher action = Pattern.compile("action=\"([^\"]*)\"").matcher(html);
    Matcher biz = Pattern.compile("name=\"biz_content\" value=\"([^\"]*)\"").matcher(html);
    if (!action.find() || !biz.find()) throw new IllegalArgumentException("not an Alipay punchout form");
    Map<String, String> params = SimForm.decode(URI.create(unescape(action.group(1))).getRawQuery());
    params.put("biz_content", unescape(biz.group(1)));
    return accept(sim, params, params.get("method"));
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static String accept(AlipaySimulator sim, Map<String, String> params, String method) {
    if (!"alipay.trade.app.pay".equals(method)
        && !"alipay.trade.page.pay".equals(method)
        && !"alipay.trade.wap.pay".equals(method)) {
      throw new IllegalArgumentException("not an app/page/wap payment: method " + params.get("method"));
    }
    if (!method.equals(params.get("method"))) {
      throw new IllegalArgumentException("expected " + method + ", got " + params.get("method"));
    }
    Map<String, Object> error = SimGateway.checkRequest(sim, params);
    if (error != null) throw new IllegalArgumentException("rejected: " + error);
    Map<String, Object> answer = SimGateway.register(sim, params, method, true);
    if (!"10000".equals(answer.get("code"))) throw new IllegalArgumentException("rejected: " + answer);
    return SimGateway.biz(params).get("out_trade_no");
  }
}
