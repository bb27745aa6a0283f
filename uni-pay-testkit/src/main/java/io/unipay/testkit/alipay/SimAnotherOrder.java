package io.unipay.testkit.alipay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Fault#ANOTHER_ORDER}: the call is carried out for another trade (and, for a refund query,
 * another refund; for a transfer method, another transfer), so the signed answer is genuine but
 * about something else, as a replayed answer would be.
 */
final class SimAnotherOrder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SimAnotherOrder() {}

  static Map<String, String> rewrite(AlipaySimulator sim, Map<String, String> params, String other) {
    try {
      ObjectNode biz = (ObjectNode) JSON.readTree(params.get("biz_content"));
      if (biz.has("out_biz_no")) {
        String askedTransfer = biz.path("out_biz_no").asText();
        biz.put("out_biz_no", other != null ? other : sim.transfers().latestOther(askedTransfer));
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.put("biz_content", JSON.writeValueAsString(biz));
        return copy;
      }
      String asked = biz.path("out_trade_no").asText(null);
      String target = other != null ? other : latestOtherTrade(sim, asked);
      biz.put("out_trade_no", target);
      biz.remove("trade_no");
      if ("alipay.trade.fastpay.refund.query".equals(params.get("method"))) {
        synchronized (sim.lock) {
          SimTrade t = sim.trades.get(target);
          if (t != null && !t.refunds.isEmpty()) {
            String last = null;
            for (String no : t.refunds.keySet()) last = no;
            biz.put("out_request_no", last);
          }
        }
      }
      Map<String, String> copy = new LinkedHashMap<>(params);
      copy.put("biz_content", JSON.writeValueAsString(biz));
      return copy;
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("ANOTHER_ORDER needs a JSON biz_content", e);
    }
  }

  private static String latestOtherTrade(AlipaySimulator sim, String asked) {
    synchronized (sim.lock) {
      String found = null;
      for (String no : sim.trades.keySet()) {
        if (!no.equals(asked)) found = no;
      }
      if (found == null) {
        throw new IllegalStateException("ANOTHER_ORDER: the simulator knows no other trade than " + asked);
      }
      return found;
    }
  }
}
