package io.unipay.examples;

import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this app instance asked the payment providers about each order, and which verified
 * notifications it received — for the operator console's timeline. <b>In memory, per instance,
 * since it started</b>: the last {@value #PER_ORDER} calls of the last {@value #MAX_ORDERS} orders;
 * another instance's calls (or this one's before a restart) are not here. The ledger is the
 * durable record of what the providers said; this is the operator's view of the traffic.
 *
 * <p>A call is kept as its operation, the ids it was about, and its result in a word (the trade or
 * refund state, the payload kind, or the error code). Never a request or response body, a
 * signature, a payer id or a key. Rejected notifications are not kept: before verification
 * nothing in them can be trusted to name an order.
 */
final class ProviderCalls {
  private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);
  static final int PER_ORDER = 20;
  static final int MAX_ORDERS = 2_000;
  private static final int MAX_TEXT = 64;

  /**
   * One call to a provider, or one verified notification from it.
   *
   * @param at when it ended
   * @param provider whose API
   * @param operation {@code prepay}, {@code query}, {@code close}, {@code refund}, {@code
   *     queryRefund} or {@code notification}
   * @param outTradeNo the order it was about
   * @param outRefundNo the refund it was about, or null
   * @param result the answer in a word: a state, a payload kind, or {@code failed: CODE}
   * @param took how long the call took (zero for a notification's verification)
   */
  record Call(
      Instant at,
      Provider provider,
      String operation,
      String outTradeNo,
      String outRefundNo,
      String result,
      Duration took) {}

  private final Clock clock;
  private final Map<String, Deque<Call>> byOrder =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Call>> eldest) {
          return size() > MAX_ORDERS;
        }
      };

  ProviderCalls(Clock clock) {
    this.clock = clock;
  }

  /**
   * {@code client} with its order calls and verified notifications recorded here. Every method of
   * {@link PayClient} — also those added to the interface later — reaches {@code client}
   * unchanged, with the same result or exception.
   */
  PayClient recording(PayClient client) {
    InvocationHandler handler = (proxy, method, args) -> invoke(proxy, client, method, args);
    return (PayClient)
        Proxy.newProxyInstance(
            PayClient.class.getClassLoader(), new Class<?>[] {PayClient.class}, handler);
  }

  /** The calls about {@code outTradeNo} this instance recorded, oldest first. */
  synchronized List<Call> of(String outTradeNo) {
    Deque<Call> calls = byOrder.get(outTradeNo);
    return calls == null ? List.of() : List.copyOf(calls);
  }

  private Object invoke(Object proxy, PayClient client, Method method, Object[] args)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args[0] == proxy;
        case "hashCode" -> System.identityHashCode(client);
        default -> "recording " + client;
      };
    }
    long start = System.nanoTime();
    Object result;
    try {
      result = method.invoke(client, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      quietly(() -> recordFailure(client.provider(), method.getName(), args, cause, start));
      throw cause;
    }
    quietly(() -> recordSuccess(client.provider(), method.getName(), args, result, start));
    return result;
  }

  /** Keeping a record never changes what the call answered or threw. */
  private static void quietly(Runnable record) {
    try {
      record.run();
    } catch (RuntimeException e) {
      log.warn("could not record a provider call: {}", e.toString());
    }
  }

  private void recordSuccess(
      Provider provider, String operation, Object[] args, Object result, long start) {
    switch (operation) {
      case "prepay" -> {
        PrepayRequest request = (PrepayRequest) args[0];
        add(provider, operation, request.outTradeNo(), null,
            result.getClass().getSimpleName(), start);
      }
      case "query" -> add(provider, operation, (String) args[0], null,
          ((TradeSnapshot) result).state().name(), start);
      case "close" -> add(provider, operation, (String) args[0], null,
          ((CloseResult) result).name(), start);
      case "refund" -> {
        RefundCommand command = (RefundCommand) args[0];
        add(provider, operation, command.outTradeNo(), command.outRefundNo(),
            ((RefundSnapshot) result).status().name(), start);
      }
      case "queryRefund" -> add(provider, operation, (String) args[0], (String) args[1],
          ((RefundSnapshot) result).status().name(), start);
      case "parseNotification" -> notification(provider, (ProviderNotification) result);
      default -> {
        // not about a payment order (keys, limits, transfers, bills): nothing to show
      }
    }
  }

  private void recordFailure(
      Provider provider, String operation, Object[] args, Throwable failure, long start) {
    String result = "failed: " + describe(failure);
    switch (operation) {
      case "prepay" -> add(provider, operation, ((PrepayRequest) args[0]).outTradeNo(), null,
          result, start);
      case "query", "close" -> add(provider, operation, (String) args[0], null, result, start);
      case "refund" -> {
        RefundCommand command = (RefundCommand) args[0];
        add(provider, operation, command.outTradeNo(), command.outRefundNo(), result, start);
      }
      case "queryRefund" -> add(provider, operation, (String) args[0], (String) args[1],
          result, start);
      default -> {
        // a rejected notification names no order that can be trusted; other calls: see above
      }
    }
  }

  private void notification(Provider provider, ProviderNotification n) {
    if (n instanceof ProviderNotification.Payment p) {
      add(provider, "notification", p.trade().outTradeNo(), null,
          "payment " + p.trade().state().name(), -1);
    } else if (n instanceof ProviderNotification.RefundResult r) {
      add(provider, "notification", r.refund().outTradeNo(), r.refund().outRefundNo(),
          "refund " + r.refund().status().name(), -1);
    } else if (n instanceof ProviderNotification.Informational i) {
      add(provider, "notification", i.outTradeNo(), null, "notice " + word(i.what()), -1);
    } else if (n instanceof ProviderNotification.Unrecognized u) {
      add(provider, "notification", u.outTradeNo(), null,
          "unrecognized " + word(u.eventType()), -1);
    }
    // a transfer result names no payment order
  }

  /** The error code, and for a provider's refusal its own code and what it means. */
  private static String describe(Throwable failure) {
    if (failure instanceof ProviderRejectedException r) {
      return r.code() + " (" + word(r.providerCode()) + ", " + r.verdict() + ")";
    }
    if (failure instanceof UniPayException u) return u.code().name();
    return failure.getClass().getSimpleName();
  }

  /**
   * A provider-supplied word, cut to what an operator needs: letters, digits and {@code _ . -}, at
   * most {@value #MAX_TEXT} chars. An error answer may be unsigned, so its code is not trusted.
   */
  private static String word(String text) {
    if (text == null) return "";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < MAX_TEXT; i++) {
      char c = text.charAt(i);
      boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
      out.append(plain ? c : '?');
    }
    return out.toString();
  }

  private void add(
      Provider provider, String operation, String outTradeNo, String outRefundNo, String result,
      long start) {
    if (outTradeNo == null || outTradeNo.isEmpty() || outTradeNo.length() > MAX_TEXT) return;
    if (outRefundNo != null && outRefundNo.length() > MAX_TEXT) outRefundNo = word(outRefundNo);
    Duration took = start < 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
    Call call =
        new Call(clock.instant(), provider, operation, outTradeNo, outRefundNo, result, took);
    synchronized (this) {
      Deque<Call> calls = byOrder.computeIfAbsent(outTradeNo, k -> new ArrayDeque<>());
      if (calls.size() == PER_ORDER) calls.removeFirst();
      calls.addLast(call);
    }
  }
}
