package io.unipay.testkit.apple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The simulated App Store Server API and {@code verifyReceipt}, one server for both environments:
 * {@code /production/...} stands for {@code api.storekit.apple.com} / {@code buy.itunes.apple.com},
 * {@code /sandbox/...} for {@code api.storekit-sandbox.apple.com} / {@code sandbox.itunes.apple.com}.
 * Every API call must carry a valid bearer token ({@link BearerCheck}), else 401 with no body.
 */
final class AppStoreApi extends Dispatcher {
  private static final Pattern TRANSACTION = Pattern.compile("/inApps/v1/transactions/([^/]*)");
  private static final Pattern ID = Pattern.compile("[0-9]{1,32}");

  private final AppStoreSimulator sim;
  private final SimApiKey key;
  private final SimTransactions transactions;
  private final LegacyReceipts receipts;
  private final Queue<ApiFault> faults = new ConcurrentLinkedQueue<>();
  final List<String> refusedTokens = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();

  AppStoreApi(
      AppStoreSimulator sim, SimApiKey key, SimTransactions transactions, LegacyReceipts receipts) {
    this.sim = sim;
    this.key = key;
    this.transactions = transactions;
    this.receipts = receipts;
  }

  void failNext(ApiFault fault) {
    faults.add(fault);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return handle(request);
    } catch (RuntimeException e) {
      return json(500, "{\"errorCode\":5000000,\"errorMessage\":\"simulator failed: " + e + "\"}");
    }
  }

  private MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String environment;
    if (path.startsWith("/production/")) {
      environment = "Production";
    } else if (path.startsWith("/sandbox/")) {
      environment = "Sandbox";
    } else {
      return json(404, "{}");
    }
    String rest = path.substring(path.indexOf('/', 1));
    if (rest.equals("/verifyReceipt") && "POST".equals(request.getMethod())) {
      byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
      return json(200, receipts.answer(environment, body));
    }
    java.util.regex.Matcher m = TRANSACTION.matcher(rest);
    if (!m.matches() || !"GET".equals(request.getMethod())) {
      return json(404, "{\"errorCode\":4040000,\"errorMessage\":\"not found\"}");
    }
    calls.incrementAndGet();
    String refusal =
        BearerCheck.refusal(request.getHeaders().get("Authorization"), key, sim.bundleId(),
            Instant.now());
    if (refusal != null) {
      refusedTokens.add(refusal);
      return new MockResponse.Builder().code(401).build();
    }
    ApiFault fault = faults.poll();
    if (fault == ApiFault.UNAUTHORIZED) return new MockResponse.Builder().code(401).build();
    if (fault == ApiFault.RATE_LIMITED) {
      return json(429, "{\"errorCode\":4290000,\"errorMessage\":\"Rate limit exceeded.\"}");
    }
    if (fault == ApiFault.SERVER_ERROR) {
      return json(500, "{\"errorCode\":5000001,\"errorMessage\":\"An unknown retryable error"
          + " occurred. Please try again.\"}");
    }
    String id = m.group(1);
    if (!ID.matcher(id).matches()) {
      return json(400, "{\"errorCode\":4000006,\"errorMessage\":\"Invalid transaction id.\"}");
    }
    Optional<ObjectNode> found =
        transactions.find(id).filter(p -> environment.equals(p.path("environment").asText()));
    if (found.isEmpty()) {
      return json(404, "{\"errorCode\":4040010,\"errorMessage\":\"Transaction id not found.\"}");
    }
    ObjectNode payload = found.get();
    BadChain bad = null;
    if (fault == ApiFault.UNTRUSTED_SIGNATURE) bad = BadChain.UNTRUSTED_ROOT;
    if (fault == ApiFault.ANOTHER_TRANSACTION) {
      payload.put("transactionId", Long.toString(Long.parseLong(id) + 1_000_000L));
    }
    ObjectNode answer = payload.objectNode();
    answer.put("signedTransactionInfo", sim.sign(payload, bad));
    MockResponse.Builder response = new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json")
        .body(answer.toString());
    if (fault == ApiFault.SLOW) response.headersDelay(3, TimeUnit.SECONDS);
    return response.build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
