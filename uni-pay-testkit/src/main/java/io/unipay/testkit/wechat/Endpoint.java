package io.unipay.testkit.wechat;

/** The simulator's API endpoints, for faults aimed at one of them. */
public enum Endpoint {
  /** {@code POST /v3/pay/transactions/{jsapi|app|native|h5}}. */
  PREPAY,
  /** {@code GET /v3/pay/transactions/out-trade-no/{no}} and {@code .../id/{transaction_id}}. */
  ORDER_QUERY,
  /** {@code POST /v3/pay/transactions/out-trade-no/{no}/close}. */
  CLOSE,
  /** {@code POST /v3/refund/domestic/refunds}. */
  REFUND,
  /** {@code GET /v3/refund/domestic/refunds/{out_refund_no}}. */
  REFUND_QUERY,
  /** {@code GET /v3/certificates}; only faults that name it hit it. */
  CERTIFICATES,
  /** {@code POST /v3/fund-app/mch-transfer/transfer-bills}. */
  TRANSFER_CREATE,
  /** {@code GET .../transfer-bills/out-bill-no/{no}} and {@code .../transfer-bill-no/{no}}. */
  TRANSFER_QUERY,
  /** {@code POST .../transfer-bills/out-bill-no/{no}/cancel}. */
  TRANSFER_CANCEL;

  /** The endpoint a request goes to, or null for a path the simulator does not serve. */
  static Endpoint of(String method, String path) {
    if (path.equals("/v3/certificates")) return method.equals("GET") ? CERTIFICATES : null;
    if (path.startsWith(TransferBills.PATH)) return transfer(method, path);
    if (path.equals("/v3/refund/domestic/refunds")) return method.equals("POST") ? REFUND : null;
    if (path.startsWith("/v3/refund/domestic/refunds/")) {
      return method.equals("GET") ? REFUND_QUERY : null;
    }
    if (!path.startsWith("/v3/pay/transactions/")) return null;
    String rest = path.substring("/v3/pay/transactions/".length());
    if (method.equals("POST") && rest.matches("jsapi|app|native|h5")) return PREPAY;
    if (method.equals("POST") && rest.startsWith("out-trade-no/") && rest.endsWith("/close")) {
      return CLOSE;
    }
    if (method.equals("GET") && (rest.startsWith("out-trade-no/") || rest.startsWith("id/"))) {
      return ORDER_QUERY;
    }
    return null;
  }

  private static Endpoint transfer(String method, String path) {
    String rest = path.substring(TransferBills.PATH.length());
    if (rest.isEmpty()) return method.equals("POST") ? TRANSFER_CREATE : null;
    if (method.equals("POST") && rest.startsWith("/out-bill-no/") && rest.endsWith("/cancel")) {
      return TRANSFER_CANCEL;
    }
    if (method.equals("GET")
        && (rest.startsWith("/out-bill-no/") || rest.startsWith("/transfer-bill-no/"))) {
      return TRANSFER_QUERY;
    }
    return null;
  }
}
