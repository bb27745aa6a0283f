package io.unipay.core.spi;

import static io.unipay.core.spi.TestOrders.NASTY;
import static io.unipay.core.spi.TestOrders.T0;
import static io.unipay.core.spi.TestOrders.event;
import static io.unipay.core.spi.TestOrders.newDedupeKey;
import static io.unipay.core.spi.TestOrders.paid;
import static io.unipay.core.spi.TestOrders.refund;
import static io.unipay.core.spi.TestOrders.unpaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository.PaidAndRecorded;
import io.unipay.core.spi.OrderRepository.PaidUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OrderRepository} must have. Extend it once per implementation and
 * return a fresh, empty repository from {@link #newRepository()}.
 *
 * <p>Instants: repositories keep at least <b>microsecond</b> precision and no time zone (an instant
 * reads back as the same instant whatever the JVM or database session zone). The contract only
 * stores instants truncated to microseconds (e.g. {@code 2026-01-02T03:04:05.123456Z}) and expects
 * them back exactly; nanoseconds below that may be truncated by an implementation.
 *
 * <p>Strings read back verbatim, whatever they contain: quotes, backslashes, SQL metacharacters,
 * Chinese text, 4-byte UTF-8 characters, and an {@code original_data} of 60 KiB.
 */
public abstract class OrderRepositoryContract {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Set<SettlementFlag> DUPLICATES =
      EnumSet.of(SettlementFlag.DUPLICATE_PAYMENT);

  protected OrderRepository repository;

  /**
   * A fresh, empty repository. Called before every test; implementations backed by a shared
   * database may delete every row here.
   */
  protected abstract OrderRepository newRepository();

  @BeforeEach
  void createRepository() {
    repository = newRepository();
  }

  @AfterEach
  void forgetRepository() {
    repository = null;
  }

  // ---------------------------------------------------------------- insert and find

  @Test
  public void insertedOrderReadsBackWithEveryField() {
    PayOrder order =
        unpaid()
            .transactionId("4200000000202601020000000001")
            .originalData("{\"a\":1}")
            .payDate(T0.plusSeconds(1))
            .notifyDate(T0.plusSeconds(2))
            .cancelDate(T0.plusSeconds(3))
            .refundDate(T0.plusSeconds(4))
            .nextCheckAt(T0.plusSeconds(5))
            .checkCount(7)
            .userOrderSuccess(true)
            .settleFlag(SettlementFlag.DUPLICATE_PAYMENT)
            .build();

    repository.insert(order);

    assertThat(repository.find(order.outTradeNo())).contains(order);
  }

  @Test
  public void orderWithOnlyRequiredFieldsReadsBackWithNulls() {
    PayOrder order = TestOrders.minimal().build();

    repository.insert(order);

    PayOrder found = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(found).isEqualTo(order);
    assertThat(found.userId()).isNull();
    assertThat(found.custom()).isNull();
    assertThat(found.payDate()).isNull();
    assertThat(found.nextCheckAt()).isEqualTo(T0);
    assertThat(found.settleFlag()).isEqualTo(SettlementFlag.NONE);
  }

  @Test
  public void unknownOrderIsNotFound() {
    assertThat(repository.find("NOSUCHORDER")).isEmpty();
    assertThat(repository.findByOrderNo("no_such_order")).isEmpty();
  }

  @Test
  public void repeatedOutTradeNoFailsWithDuplicateKeyAndKeepsTheFirstOrder() {
    PayOrder first = unpaid().build();
    repository.insert(first);
    PayOrder second = unpaid().outTradeNo(first.outTradeNo()).totalFee(999).build();

    assertThatThrownBy(() -> repository.insert(second))
        .isInstanceOf(UniPayException.class)
        .extracting(e -> ((UniPayException) e).code())
        .isEqualTo(ErrorCode.DUPLICATE_KEY);
    assertThat(repository.find(first.outTradeNo())).contains(first);
  }

  @Test
  public void findByOrderNoReturnsEveryPaymentOfTheBusinessOrderOldestFirst() {
    String orderNo = TestOrders.newOrderNo();
    PayOrder middle = unpaid(orderNo).createDate(T0.plusSeconds(10)).build();
    PayOrder oldest =
        unpaid(orderNo).createDate(T0).provider(Provider.ALIPAY).payType(PayType.WAP).build();
    PayOrder newest = unpaid(orderNo).createDate(T0.plusSeconds(20)).build();
    PayOrder other = unpaid().build();
    repository.insert(middle);
    repository.insert(newest);
    repository.insert(other);
    repository.insert(oldest);

    assertThat(repository.findByOrderNo(orderNo)).containsExactly(oldest, middle, newest);
  }

  @Test
  public void instantsRoundTripToTheMicrosecond() {
    PayOrder order =
        unpaid()
            .createDate(Instant.parse("1999-12-31T23:59:59.999999Z"))
            .expireDate(Instant.parse("2099-06-30T12:00:00.000001Z"))
            .payDate(Instant.parse("2026-03-29T01:30:00.500000Z"))
            .notifyDate(Instant.parse("2026-10-25T01:30:00.123456Z"))
            .cancelDate(Instant.parse("2026-01-01T00:00:00Z"))
            .refundDate(Instant.parse("2026-07-01T16:00:00.000010Z"))
            .nextCheckAt(Instant.parse("2026-02-28T23:59:59.654321Z"))
            .build();
    repository.insert(order);

    assertThat(repository.find(order.outTradeNo())).contains(order);

    Instant requested = Instant.parse("2026-05-05T05:05:05.050505Z");
    Instant succeeded = Instant.parse("2026-05-05T05:06:07.000007Z");
    PayOrder paidOrder = unpaid().build();
    repository.insert(paidOrder);
    repository.inTransaction(
        tx -> tx.markPaid(paidOrder.outTradeNo(), OrderStatus.UNPAID, paid("tx")));
    Refund refund = refund(paidOrder.outTradeNo(), 10, requested);
    repository.reserveRefund(refund, requested);
    repository.completeRefund(refund.outRefundNo(), RefundStatus.SUCCESS, "r1", succeeded);

    Refund found = repository.findRefund(refund.outRefundNo()).orElseThrow();
    assertThat(found.createDate()).isEqualTo(requested);
    assertThat(found.nextCheckAt()).isEqualTo(requested);
    assertThat(found.successDate()).isEqualTo(succeeded);
    assertThat(repository.find(paidOrder.outTradeNo()).orElseThrow().refundDate())
        .isEqualTo(requested);
  }

  @Test
  public void stringsWithQuotesSqlMetacharactersAndChineseReadBackVerbatim() {
    PayOrder order =
        unpaid()
            .type("vip'; --")
            .description(NASTY)
            .userId("u'1\"; DROP TABLE x; -- 用户")
            .openid("o'\"\\%_openid")
            .clientIp("::1'\"")
            .providerAppId("app'\"id")
            .mchId("mch'\"; --")
            .custom("{\"note\":\"" + NASTY.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
            .build();
    repository.insert(order);
    assertThat(repository.find(order.outTradeNo())).contains(order);

    PaidUpdate paid =
        new PaidUpdate(
            "tx'\"; --",
            T0,
            "payer'\"中文",
            T0,
            NASTY + "\n\t\r" + NASTY,
            SettlementFlag.NONE,
            true);
    boolean won =
        repository.inTransaction(tx -> tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid));
    assertThat(won).isTrue();
    PayOrder settled = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(settled.transactionId()).isEqualTo(paid.transactionId());
    assertThat(settled.openid()).isEqualTo(paid.payerId());
    assertThat(settled.originalData()).isEqualTo(paid.originalData());

    Refund refund =
        Refund.processing(TestOrders.newOutRefundNo(), order.outTradeNo(), 5, NASTY, T0);
    assertThat(repository.reserveRefund(refund, T0)).isTrue();
    assertThat(
            repository.completeRefund(refund.outRefundNo(), RefundStatus.SUCCESS, "ref'\"id 中", T0))
        .isTrue();
    Refund found = repository.findRefund(refund.outRefundNo()).orElseThrow();
    assertThat(found.reason()).isEqualTo(NASTY);
    assertThat(found.refundId()).isEqualTo("ref'\"id 中");
  }

  @Test
  public void largeOriginalDataReadsBackVerbatim() {
    StringBuilder large = new StringBuilder("{\"items\":[");
    while (large.length() < 60 * 1024) {
      large.append("{\"name\":\"会员'充值\\\"\",\"n\":").append(large.length()).append("},");
    }
    large.append("{}]}");
    PayOrder order = unpaid().custom(large.toString()).build();
    repository.insert(order);
    PaidUpdate paid =
        new PaidUpdate("tx", T0, null, T0, large.toString(), SettlementFlag.NONE, true);

    repository.inTransaction(tx -> tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid));

    PayOrder found = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(found.originalData()).hasSize(large.length()).isEqualTo(large.toString());
    assertThat(found.custom()).isEqualTo(large.toString());
  }

  // ---------------------------------------------------------------- close

  @Test
  public void closingAnUnpaidOrderRecordsTheCancelDate() {
    PayOrder order = unpaid().build();
    repository.insert(order);

    assertThat(repository.markClosed(order.outTradeNo(), T0.plusSeconds(1800), null)).isTrue();

    assertThat(repository.find(order.outTradeNo()))
        .contains(
            order.toBuilder().status(OrderStatus.CLOSED).cancelDate(T0.plusSeconds(1800)).build());
  }

  @Test
  public void closingIsACompareAndSetThatMovesOnlyUnpaidOrders() {
    PayOrder closed = unpaid().build();
    PayOrder paidOrder = unpaid().build();
    repository.insert(closed);
    repository.insert(paidOrder);
    repository.markClosed(closed.outTradeNo(), T0, null);
    settle(paidOrder.outTradeNo(), OrderStatus.UNPAID);
    PayOrder paidBefore = repository.find(paidOrder.outTradeNo()).orElseThrow();

    assertThat(repository.markClosed(closed.outTradeNo(), T0.plusSeconds(99), null)).isFalse();
    assertThat(repository.markClosed(paidOrder.outTradeNo(), T0, null)).isFalse();
    assertThat(repository.markClosed("NOSUCHORDER", T0, null)).isFalse();

    assertThat(repository.find(closed.outTradeNo()).orElseThrow().cancelDate()).isEqualTo(T0);
    assertThat(repository.find(paidOrder.outTradeNo())).contains(paidBefore);
  }

  // ---------------------------------------------------------------- settlement

  @Test
  public void markPaidFromUnpaidStoresEveryPaidUpdateField() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    PaidUpdate paid = paid("4200000000202601020000000001");

    boolean won =
        repository.inTransaction(tx -> tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid));

    assertThat(won).isTrue();
    assertThat(repository.find(order.outTradeNo()))
        .contains(
            order.toBuilder()
                .status(OrderStatus.PAID)
                .transactionId(paid.transactionId())
                .payDate(paid.payDate())
                .openid(paid.payerId())
                .notifyDate(paid.notifyDate())
                .originalData(paid.originalData())
                .settleFlag(SettlementFlag.NONE)
                .userOrderSuccess(true)
                .build());
  }

  @Test
  public void markPaidKeepsTheStoredOpenidWhenThePayerIsUnknown() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    PaidUpdate paid = new PaidUpdate("tx1", T0, null, T0, "{}", SettlementFlag.NONE, true);

    repository.inTransaction(tx -> tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid));

    assertThat(repository.find(order.outTradeNo()).orElseThrow().openid())
        .isEqualTo(order.openid());
  }

  @Test
  public void paymentAfterCloseSettlesTheClosedOrderWithItsFlag() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    repository.markClosed(order.outTradeNo(), T0.plusSeconds(1800), null);
    PaidUpdate late =
        new PaidUpdate(
            "tx-late",
            T0.plusSeconds(1799),
            "payer",
            T0.plusSeconds(1900),
            "{\"late\":true}",
            SettlementFlag.LATE_AFTER_CLOSE, true);

    boolean won =
        repository.inTransaction(tx -> tx.markPaid(order.outTradeNo(), OrderStatus.CLOSED, late));

    assertThat(won).isTrue();
    PayOrder found = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(found.status()).isEqualTo(OrderStatus.PAID);
    assertThat(found.settleFlag()).isEqualTo(SettlementFlag.LATE_AFTER_CLOSE);
    assertThat(found.transactionId()).isEqualTo("tx-late");
    assertThat(found.payDate()).isEqualTo(T0.plusSeconds(1799));
    assertThat(found.notifyDate()).isEqualTo(T0.plusSeconds(1900));
    assertThat(found.originalData()).isEqualTo("{\"late\":true}");
    assertThat(found.cancelDate()).isEqualTo(T0.plusSeconds(1800));
  }

  @Test
  public void markPaidFromTheWrongStatusReturnsFalseAndChangesNothing() {
    PayOrder unpaidOrder = unpaid().build();
    PayOrder paidOrder = unpaid().build();
    repository.insert(unpaidOrder);
    repository.insert(paidOrder);
    settle(paidOrder.outTradeNo(), OrderStatus.UNPAID);
    PayOrder paidBefore = repository.find(paidOrder.outTradeNo()).orElseThrow();

    repository.inTransaction(
        tx -> {
          assertThat(tx.markPaid(unpaidOrder.outTradeNo(), OrderStatus.CLOSED, paid("a")))
              .isFalse();
          assertThat(tx.markPaid(paidOrder.outTradeNo(), OrderStatus.UNPAID, paid("b"))).isFalse();
          assertThat(tx.markPaid(paidOrder.outTradeNo(), OrderStatus.CLOSED, paid("c"))).isFalse();
          assertThat(tx.markPaid("NOSUCHORDER", OrderStatus.UNPAID, paid("d"))).isFalse();
          return null;
        });

    assertThat(repository.find(unpaidOrder.outTradeNo())).contains(unpaidOrder);
    assertThat(repository.find(paidOrder.outTradeNo())).contains(paidBefore);
  }

  @Test
  public void markPaidAcceptsOnlyUnpaidOrClosedAsTheExpectedStatus() {
    PayOrder order = unpaid().build();
    repository.insert(order);

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> tx.markPaid(order.outTradeNo(), OrderStatus.PAID, paid("x"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(repository.find(order.outTradeNo())).contains(order);
  }

  @Test
  public void secondSettlementOfTheSameOrderLoses() {
    PayOrder order = unpaid().build();
    repository.insert(order);

    assertThat(settle(order.outTradeNo(), OrderStatus.UNPAID)).isTrue();
    PayOrder afterFirst = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(settle(order.outTradeNo(), OrderStatus.UNPAID)).isFalse();

    assertThat(repository.find(order.outTradeNo())).contains(afterFirst);
  }

  @Test
  public void markPaidSetsUserOrderSuccessToWhetherTheHandlerRuns() {
    PayOrder withHandler = unpaid().build();
    PayOrder withoutHandler = unpaid().build();
    repository.insert(withHandler);
    repository.insert(withoutHandler);
    PaidUpdate duplicate =
        new PaidUpdate("tx-d", T0, null, T0, "{}", SettlementFlag.DUPLICATE_PAYMENT, false);

    repository.inTransaction(
        tx -> {
          tx.markPaid(withHandler.outTradeNo(), OrderStatus.UNPAID, paid("tx"));
          tx.markPaid(withoutHandler.outTradeNo(), OrderStatus.UNPAID, duplicate);
          return null;
        });

    PayOrder found = repository.find(withHandler.outTradeNo()).orElseThrow();
    assertThat(found.userOrderSuccess()).isTrue();
    assertThat(found.status()).isEqualTo(OrderStatus.PAID);
    assertThat(repository.find(withoutHandler.outTradeNo()).orElseThrow().userOrderSuccess())
        .isFalse();
  }

  @Test
  public void markPaidAndAppendStoresTheOrderAndTheFactTogether() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    ProviderEvent fact = event(newDedupeKey(), order.outTradeNo(), EventOutcome.SETTLED);

    PaidAndRecorded result =
        repository.inTransaction(
            tx -> tx.markPaidAndAppend(order.outTradeNo(), OrderStatus.UNPAID, paid("tx"), fact));

    assertThat(result).isEqualTo(PaidAndRecorded.APPENDED);
    assertThat(repository.find(order.outTradeNo()))
        .contains(paid("tx").applyTo(order));
    assertThat(repository.findEvents(order.outTradeNo()))
        .singleElement()
        .satisfies(
            stored -> {
              assertThat(stored.dedupeKey()).isEqualTo(fact.dedupeKey());
              assertThat(stored.outcome()).isEqualTo(EventOutcome.SETTLED);
              assertThat(stored.data()).isEqualTo(fact.data());
              assertThat(stored.receivedAt()).isEqualTo(fact.receivedAt());
              assertThat(stored.occurredAt()).isEqualTo(fact.occurredAt());
              assertThat(stored.amount()).isEqualTo(fact.amount());
            });
  }

  @Test
  public void markPaidAndAppendThatLosesTheCompareAndSetAppendsNothing() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    assertThat(settle(order.outTradeNo(), OrderStatus.UNPAID)).isTrue();
    PayOrder settled = repository.find(order.outTradeNo()).orElseThrow();
    ProviderEvent fact = event(newDedupeKey(), order.outTradeNo(), EventOutcome.SETTLED);

    PaidAndRecorded result =
        repository.inTransaction(
            tx -> tx.markPaidAndAppend(order.outTradeNo(), OrderStatus.UNPAID, paid("tx2"), fact));

    assertThat(result).isEqualTo(PaidAndRecorded.LOST);
    assertThat(repository.find(order.outTradeNo())).contains(settled);
    assertThat(repository.findEventByKey(fact.dedupeKey())).isEmpty();
  }

  @Test
  public void markPaidAndAppendOfARecordedFactPaysAndKeepsTheTransactionUsable() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    ProviderEvent unmatched =
        event(newDedupeKey(), order.outTradeNo(), EventOutcome.UNMATCHED_MISMATCH);
    repository.appendEvent(unmatched);
    ProviderEvent settled =
        event(unmatched.dedupeKey(), order.outTradeNo(), EventOutcome.SETTLED);

    PaidAndRecorded result =
        repository.inTransaction(
            tx -> {
              PaidAndRecorded r =
                  tx.markPaidAndAppend(order.outTradeNo(), OrderStatus.UNPAID, paid("tx"), settled);
              assertThat(tx.resolveEvent(unmatched.dedupeKey(), EventOutcome.SETTLED, T0)).isTrue();
              return r;
            });

    assertThat(result).isEqualTo(PaidAndRecorded.ALREADY_RECORDED);
    assertThat(repository.find(order.outTradeNo()).orElseThrow().status())
        .isEqualTo(OrderStatus.PAID);
    assertThat(repository.findEvents(order.outTradeNo()))
        .singleElement()
        .satisfies(e -> assertThat(e.resolution()).isEqualTo(EventOutcome.SETTLED));
  }

  @Test
  public void markPaidAndAppendRollsBackTogether() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    ProviderEvent fact = event(newDedupeKey(), order.outTradeNo(), EventOutcome.SETTLED);
    IllegalStateException handlerFailure = new IllegalStateException("handler failed");

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> {
                      tx.markPaidAndAppend(
                          order.outTradeNo(), OrderStatus.UNPAID, paid("tx"), fact);
                      throw handlerFailure;
                    }))
        .isSameAs(handlerFailure);

    assertThat(repository.find(order.outTradeNo())).contains(order);
    assertThat(repository.findEventByKey(fact.dedupeKey())).isEmpty();
  }

  // ---------------------------------------------------------------- transactions

  @Test
  public void transactionCommitsItsWorkAndReturnsItsResult() {
    PayOrder order = unpaid().build();
    repository.insert(order);

    String result =
        repository.inTransaction(
            tx -> {
              tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid("tx"));
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(repository.find(order.outTradeNo()).orElseThrow().userOrderSuccess()).isTrue();
  }

  @Test
  public void exceptionInsideTheTransactionRollsBackTheCompareAndSetAndIsRethrown() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    IllegalStateException handlerFailure = new IllegalStateException("handler failed");

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> {
                      assertThat(tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid("tx")))
                          .isTrue();
                      throw handlerFailure;
                    }))
        .isSameAs(handlerFailure);

    assertThat(repository.find(order.outTradeNo())).contains(order);
    assertThat(settle(order.outTradeNo(), OrderStatus.UNPAID)).isTrue();
  }

  @Test
  public void lockByOrderNoReturnsEveryOrderOfTheBusinessOrder() {
    String orderNo = TestOrders.newOrderNo();
    PayOrder first = unpaid(orderNo).build();
    PayOrder second =
        unpaid(orderNo)
            .createDate(T0.plusSeconds(1))
            .provider(Provider.ALIPAY)
            .payType(PayType.APP)
            .build();
    repository.insert(second);
    repository.insert(first);
    repository.insert(unpaid().build());

    List<PayOrder> locked = repository.inTransaction(tx -> tx.lockByOrderNo(orderNo));
    List<PayOrder> none = repository.inTransaction(tx -> tx.lockByOrderNo("no_such_order"));

    assertThat(locked).containsExactly(first, second);
    assertThat(none).isEmpty();
  }

  @Test
  public void concurrentDuplicateSettlementsHaveExactlyOneWinner() throws Exception {
    PayOrder order = unpaid().build();
    repository.insert(order);

    List<Boolean> results = race(16, () -> settle(order.outTradeNo(), OrderStatus.UNPAID));

    assertThat(results).hasSize(16);
    assertThat(results.stream().filter(won -> won).count()).isEqualTo(1);
    assertThat(repository.find(order.outTradeNo()).orElseThrow().status())
        .isEqualTo(OrderStatus.PAID);
  }

  @Test
  public void concurrentCloseAndSettlementHaveExactlyOneWinner() throws Exception {
    PayOrder order = unpaid().build();
    repository.insert(order);

    List<String> winners =
        race(
            12,
            new Callable<>() {
              private int next;

              @Override
              public String call() {
                boolean close;
                synchronized (this) {
                  close = next++ % 2 == 0;
                }
                if (close) {
                  return repository.markClosed(order.outTradeNo(), T0, null) ? "close" : "";
                }
                return settle(order.outTradeNo(), OrderStatus.UNPAID) ? "paid" : "";
              }
            });

    List<String> won = winners.stream().filter(w -> !w.isEmpty()).toList();
    assertThat(won).hasSize(1);
    OrderStatus expected = won.get(0).equals("close") ? OrderStatus.CLOSED : OrderStatus.PAID;
    assertThat(repository.find(order.outTradeNo()).orElseThrow().status()).isEqualTo(expected);
  }

  // ---------------------------------------------------------------- refunds

  @Test
  public void partialRefundReservesTheAmountAndRecordsAProcessingRefund() {
    String outTradeNo = paidOrder(100);
    Instant now = T0.plusSeconds(3600);
    Refund refund = refund(outTradeNo, 30, now);

    assertThat(repository.reserveRefund(refund, now)).isTrue();

    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(order.refundFee()).isEqualTo(30);
    assertThat(order.refundCount()).isEqualTo(1);
    assertThat(order.refundDate()).isEqualTo(now);
    assertThat(order.refundableFee()).isEqualTo(70);
    assertThat(repository.findRefund(refund.outRefundNo())).contains(refund);
  }

  @Test
  public void reservingTheRemainderMakesTheOrderFullyRefunded() {
    String outTradeNo = paidOrder(100);

    assertThat(repository.reserveRefund(refund(outTradeNo, 40, T0), T0)).isTrue();
    assertThat(
            repository.reserveRefund(refund(outTradeNo, 60, T0.plusSeconds(1)), T0.plusSeconds(1)))
        .isTrue();

    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(order.refundFee()).isEqualTo(100);
    assertThat(order.refundCount()).isEqualTo(2);
    assertThat(order.refundDate()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  public void refundOfTheWholeAmountAtOnceMakesTheOrderFullyRefunded() {
    String outTradeNo = paidOrder(100);

    assertThat(repository.reserveRefund(refund(outTradeNo, 100, T0), T0)).isTrue();

    assertThat(repository.find(outTradeNo).orElseThrow().status())
        .isEqualTo(OrderStatus.FULLY_REFUNDED);
  }

  @Test
  public void overReservationReturnsFalseAndChangesNothing() {
    String outTradeNo = paidOrder(100);
    repository.reserveRefund(refund(outTradeNo, 70, T0), T0);
    PayOrder before = repository.find(outTradeNo).orElseThrow();
    Refund tooMuch = refund(outTradeNo, 31, T0.plusSeconds(1));

    assertThat(repository.reserveRefund(tooMuch, T0.plusSeconds(1))).isFalse();

    assertThat(repository.find(outTradeNo)).contains(before);
    assertThat(repository.findRefund(tooMuch.outRefundNo())).isEmpty();
    assertThat(repository.findRefunds(outTradeNo)).hasSize(1);
  }

  @Test
  public void unpaidClosedFullyRefundedAndUnknownOrdersAreNotRefundable() {
    PayOrder unpaidOrder = unpaid().build();
    PayOrder closed = unpaid().build();
    repository.insert(unpaidOrder);
    repository.insert(closed);
    repository.markClosed(closed.outTradeNo(), T0, null);
    String full = paidOrder(100);
    repository.reserveRefund(refund(full, 100, T0), T0);
    PayOrder fullBefore = repository.find(full).orElseThrow();

    assertThat(repository.reserveRefund(refund(unpaidOrder.outTradeNo(), 1, T0), T0)).isFalse();
    assertThat(repository.reserveRefund(refund(closed.outTradeNo(), 1, T0), T0)).isFalse();
    assertThat(repository.reserveRefund(refund(full, 1, T0), T0)).isFalse();
    assertThat(repository.reserveRefund(refund("NOSUCHORDER", 1, T0), T0)).isFalse();

    assertThat(repository.find(unpaidOrder.outTradeNo())).contains(unpaidOrder);
    assertThat(repository.find(closed.outTradeNo()).orElseThrow().refundFee()).isZero();
    assertThat(repository.find(full)).contains(fullBefore);
    assertThat(repository.findRefunds(unpaidOrder.outTradeNo())).isEmpty();
    assertThat(repository.findRefunds("NOSUCHORDER")).isEmpty();
  }

  @Test
  public void repeatedOutRefundNoFailsWithDuplicateKeyAndReservesNothing() {
    String outTradeNo = paidOrder(100);
    Refund first = refund(outTradeNo, 10, T0);
    repository.reserveRefund(first, T0);
    PayOrder before = repository.find(outTradeNo).orElseThrow();
    Refund again =
        Refund.processing(first.outRefundNo(), outTradeNo, 20, "again", T0.plusSeconds(1));

    assertThatThrownBy(() -> repository.reserveRefund(again, T0.plusSeconds(1)))
        .isInstanceOf(UniPayException.class)
        .extracting(e -> ((UniPayException) e).code())
        .isEqualTo(ErrorCode.DUPLICATE_KEY);

    assertThat(repository.find(outTradeNo)).contains(before);
    assertThat(repository.findRefund(first.outRefundNo())).contains(first);
  }

  @Test
  public void concurrentReservationsNeverExceedThePaidAmount() throws Exception {
    String outTradeNo = paidOrder(100);

    List<Boolean> results = race(50, () -> repository.reserveRefund(refund(outTradeNo, 3, T0), T0));

    assertThat(results.stream().filter(ok -> ok).count()).isEqualTo(33);
    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.refundFee()).isEqualTo(99);
    assertThat(order.refundCount()).isEqualTo(33);
    assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(repository.findRefunds(outTradeNo)).hasSize(33);
  }

  @Test
  public void completingARefundRecordsTheProviderRefundIdAndSuccessDate() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 100, T0);
    repository.reserveRefund(refund, T0);
    Instant success = T0.plusSeconds(120);

    assertThat(
            repository.completeRefund(
                refund.outRefundNo(), RefundStatus.SUCCESS, "50300000001", success))
        .isTrue();

    assertThat(repository.findRefund(refund.outRefundNo()))
        .contains(refund.withOutcome(RefundStatus.SUCCESS, "50300000001", success));
    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(order.refundFee()).isEqualTo(100);
  }

  @Test
  public void closedRefundsReleaseTheirReservationAndTheStatusIsRecomputed() {
    String outTradeNo = paidOrder(100);
    Refund a = refund(outTradeNo, 50, T0);
    Refund b = refund(outTradeNo, 30, T0.plusSeconds(1));
    Refund c = refund(outTradeNo, 20, T0.plusSeconds(2));
    repository.reserveRefund(a, T0);
    repository.reserveRefund(b, T0);
    repository.reserveRefund(c, T0);
    assertThat(repository.find(outTradeNo).orElseThrow().status())
        .isEqualTo(OrderStatus.FULLY_REFUNDED);

    assertThat(repository.completeRefund(c.outRefundNo(), RefundStatus.CLOSED, null, null))
        .isTrue();
    PayOrder afterFirst = repository.find(outTradeNo).orElseThrow();
    assertThat(afterFirst.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(afterFirst.refundFee()).isEqualTo(80);

    assertThat(repository.completeRefund(a.outRefundNo(), RefundStatus.SUCCESS, "ra", T0)).isTrue();
    assertThat(repository.completeRefund(b.outRefundNo(), RefundStatus.CLOSED, "rb", null))
        .isTrue();
    PayOrder afterSecond = repository.find(outTradeNo).orElseThrow();
    assertThat(afterSecond.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(afterSecond.refundFee()).isEqualTo(50);

    assertThat(repository.findRefund(b.outRefundNo()).orElseThrow().status())
        .isEqualTo(RefundStatus.CLOSED);
    assertThat(repository.findRefund(b.outRefundNo()).orElseThrow().refundId()).isEqualTo("rb");
    assertThat(repository.reserveRefund(refund(outTradeNo, 50, T0), T0)).isTrue();
    assertThat(repository.find(outTradeNo).orElseThrow().status())
        .isEqualTo(OrderStatus.FULLY_REFUNDED);
  }

  @Test
  public void closingTheOnlyRefundMakesTheOrderPaidAgain() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 100, T0);
    repository.reserveRefund(refund, T0);

    repository.completeRefund(refund.outRefundNo(), RefundStatus.CLOSED, null, null);

    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.status()).isEqualTo(OrderStatus.PAID);
    assertThat(order.refundFee()).isZero();
    assertThat(order.refundCount()).isEqualTo(1);
    assertThat(order.refundableFee()).isEqualTo(100);
  }

  @Test
  public void abnormalRefundKeepsItsReservation() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 60, T0);
    repository.reserveRefund(refund, T0);

    assertThat(repository.completeRefund(refund.outRefundNo(), RefundStatus.ABNORMAL, "r", null))
        .isTrue();

    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.refundFee()).isEqualTo(60);
    assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
  }

  @Test
  public void aRefundIsCompletedOnlyOnce() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 100, T0);
    repository.reserveRefund(refund, T0);
    repository.completeRefund(refund.outRefundNo(), RefundStatus.CLOSED, "r1", T0);
    PayOrder orderBefore = repository.find(outTradeNo).orElseThrow();

    assertThat(repository.completeRefund(refund.outRefundNo(), RefundStatus.CLOSED, "r2", T0))
        .isFalse();
    assertThat(repository.completeRefund(refund.outRefundNo(), RefundStatus.SUCCESS, "r3", T0))
        .isFalse();
    assertThat(repository.completeRefund("NOSUCHREFUND", RefundStatus.SUCCESS, "r4", T0)).isFalse();

    assertThat(repository.findRefund(refund.outRefundNo()).orElseThrow().refundId())
        .isEqualTo("r1");
    assertThat(repository.findRefund(refund.outRefundNo()).orElseThrow().status())
        .isEqualTo(RefundStatus.CLOSED);
    assertThat(repository.find(outTradeNo)).contains(orderBefore);
    assertThat(repository.findRefund("NOSUCHREFUND")).isEmpty();
  }

  @Test
  public void concurrentCompletionsOfOneRefundHaveExactlyOneWinner() throws Exception {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 40, T0);
    repository.reserveRefund(refund, T0);

    List<Boolean> results =
        race(
            8,
            () -> repository.completeRefund(refund.outRefundNo(), RefundStatus.CLOSED, null, T0));

    assertThat(results.stream().filter(won -> won).count()).isEqualTo(1);
    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.refundFee()).isZero();
    assertThat(order.status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  public void findRefundsReturnsEveryRefundOfTheOrderOldestFirst() {
    String outTradeNo = paidOrder(100);
    Refund second = refund(outTradeNo, 10, T0.plusSeconds(10));
    Refund first = refund(outTradeNo, 10, T0);
    Refund third = refund(outTradeNo, 10, T0.plusSeconds(20));
    repository.reserveRefund(second, T0.plusSeconds(10));
    repository.reserveRefund(third, T0.plusSeconds(20));
    repository.reserveRefund(first, T0);
    String other = paidOrder(100);
    repository.reserveRefund(refund(other, 10, T0), T0);

    assertThat(repository.findRefunds(outTradeNo)).containsExactly(first, second, third);
  }

  // ---------------------------------------------------------------- sweeper claims

  @Test
  public void claimUnpaidDueReturnsOnlyDueUnpaidOrdersAndLeasesThem() {
    Instant now = T0.plusSeconds(600);
    PayOrder due = unpaid().nextCheckAt(now.minusSeconds(1)).build();
    PayOrder dueExactlyNow = unpaid().nextCheckAt(now).build();
    PayOrder notYet = unpaid().nextCheckAt(now.plus(Duration.ofNanos(1000))).build();
    PayOrder closed = unpaid().nextCheckAt(T0).build();
    PayOrder paidOrder = unpaid().nextCheckAt(T0).build();
    for (PayOrder o : List.of(due, dueExactlyNow, notYet, closed, paidOrder)) repository.insert(o);
    repository.markClosed(closed.outTradeNo(), T0, null);
    settle(paidOrder.outTradeNo(), OrderStatus.UNPAID);

    List<PayOrder> claimed = repository.claimUnpaidDue(now, LEASE, 10);

    assertThat(claimed)
        .containsExactly(
            due.toBuilder().nextCheckAt(now.plus(LEASE)).build(),
            dueExactlyNow.toBuilder().nextCheckAt(now.plus(LEASE)).build());
    assertThat(repository.find(due.outTradeNo()).orElseThrow().nextCheckAt())
        .isEqualTo(now.plus(LEASE));
    assertThat(repository.find(notYet.outTradeNo())).contains(notYet);
  }

  @Test
  public void aLeasedOrderIsNotClaimedAgainUntilTheLeaseEnds() {
    PayOrder order = unpaid().nextCheckAt(T0).build();
    repository.insert(order);

    assertThat(repository.claimUnpaidDue(T0, LEASE, 10)).hasSize(1);
    assertThat(repository.claimUnpaidDue(T0, LEASE, 10)).isEmpty();
    assertThat(repository.claimUnpaidDue(T0.plus(LEASE).minusNanos(1000), LEASE, 10)).isEmpty();
    assertThat(repository.claimUnpaidDue(T0.plus(LEASE), LEASE, 10))
        .extracting(PayOrder::outTradeNo)
        .containsExactly(order.outTradeNo());
  }

  @Test
  public void claimUnpaidDueRespectsTheLimitMostOverdueFirst() {
    List<PayOrder> orders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      orders.add(unpaid().nextCheckAt(T0.plusSeconds(50 - i * 10)).build());
    }
    orders.forEach(repository::insert);

    List<PayOrder> first = repository.claimUnpaidDue(T0.plusSeconds(100), LEASE, 2);
    List<PayOrder> rest = repository.claimUnpaidDue(T0.plusSeconds(100), LEASE, 10);

    assertThat(first)
        .extracting(PayOrder::outTradeNo)
        .containsExactly(orders.get(4).outTradeNo(), orders.get(3).outTradeNo());
    assertThat(rest)
        .extracting(PayOrder::outTradeNo)
        .containsExactly(
            orders.get(2).outTradeNo(), orders.get(1).outTradeNo(), orders.get(0).outTradeNo());
  }

  @Test
  public void concurrentClaimsNeverReturnTheSameOrderTwice() throws Exception {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      PayOrder order = unpaid().nextCheckAt(T0.plusMillis(i)).build();
      repository.insert(order);
      all.add(order.outTradeNo());
    }
    Instant now = T0.plusSeconds(1);
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());

    race(
        4,
        () -> {
          List<PayOrder> batch;
          do {
            batch = repository.claimUnpaidDue(now, LEASE, 7);
            batch.forEach(o -> claimed.add(o.outTradeNo()));
          } while (!batch.isEmpty());
          return null;
        });

    assertThat(claimed).doesNotHaveDuplicates().hasSize(60);
    assertThat(new HashSet<>(claimed)).isEqualTo(all);
  }

  @Test
  public void scheduleCheckSetsTheNextCheckAndTheCheckCount() {
    PayOrder order = unpaid().nextCheckAt(T0).build();
    repository.insert(order);

    repository.scheduleCheck(order.outTradeNo(), T0.plusSeconds(300), 2);
    repository.scheduleCheck("NOSUCHORDER", T0, 1);

    assertThat(repository.find(order.outTradeNo()))
        .contains(order.toBuilder().nextCheckAt(T0.plusSeconds(300)).checkCount(2).build());
    assertThat(repository.claimUnpaidDue(T0.plusSeconds(299), LEASE, 10)).isEmpty();
    assertThat(repository.claimUnpaidDue(T0.plusSeconds(300), LEASE, 10)).hasSize(1);
  }

  @Test
  public void claimProcessingRefundsDueReturnsOnlyDueProcessingRefundsAndLeasesThem() {
    String outTradeNo = paidOrder(100);
    Refund due = refund(outTradeNo, 10, T0);
    Refund later = refund(outTradeNo, 10, T0.plusSeconds(3600));
    Refund done = refund(outTradeNo, 10, T0);
    for (Refund r : List.of(due, later, done)) repository.reserveRefund(r, r.createDate());
    repository.completeRefund(done.outRefundNo(), RefundStatus.SUCCESS, "r", T0);
    Instant now = T0.plusSeconds(10);

    List<Refund> claimed = repository.claimProcessingRefundsDue(now, LEASE, 10);

    Refund leased =
        new Refund(
            due.outRefundNo(),
            outTradeNo,
            10,
            due.reason(),
            RefundStatus.PROCESSING,
            null,
            T0,
            null,
            now.plus(LEASE));
    assertThat(claimed).containsExactly(leased);
    assertThat(repository.findRefund(due.outRefundNo())).contains(leased);
    assertThat(repository.claimProcessingRefundsDue(now, LEASE, 10)).isEmpty();
    assertThat(repository.claimProcessingRefundsDue(now.plus(LEASE), LEASE, 10))
        .extracting(Refund::outRefundNo)
        .containsExactly(due.outRefundNo());
  }

  @Test
  public void claimingUnrefundedDuplicatesReturnsOnlyDuplicatePaymentsWithNothingRefunded() {
    String duplicate = paidOrder(100, SettlementFlag.DUPLICATE_PAYMENT);
    String refunding = paidOrder(100, SettlementFlag.DUPLICATE_PAYMENT);
    repository.reserveRefund(refund(refunding, 100, T0), T0);
    paidOrder(100); // an ordinary payment
    PayOrder unpaid = unpaid().nextCheckAt(T0).build();
    repository.insert(unpaid);
    Instant now = T0.plusSeconds(10);

    List<PayOrder> claimed =
        repository.claimUnrefundedFlaggedDue(DUPLICATES, now, LEASE, 10);

    assertThat(claimed).extracting(PayOrder::outTradeNo).containsExactly(duplicate);
    assertThat(claimed.get(0).nextCheckAt()).isEqualTo(now.plus(LEASE));
    assertThat(repository.find(duplicate).orElseThrow().nextCheckAt()).isEqualTo(now.plus(LEASE));
    assertThat(repository.claimUnrefundedFlaggedDue(DUPLICATES, now, LEASE, 10)).isEmpty();
    assertThat(repository.claimUnrefundedFlaggedDue(DUPLICATES, now.plus(LEASE), LEASE, 10))
        .extracting(PayOrder::outTradeNo)
        .containsExactly(duplicate);
  }

  @Test
  public void aDuplicateWhoseRefundWasClosedIsDueAgain() {
    String duplicate = paidOrder(100, SettlementFlag.DUPLICATE_PAYMENT);
    Refund refused = refund(duplicate, 100, T0);
    repository.reserveRefund(refused, T0);
    assertThat(repository.claimUnrefundedFlaggedDue(DUPLICATES, T0.plusSeconds(10), LEASE, 10))
        .isEmpty();

    repository.completeRefund(refused.outRefundNo(), RefundStatus.CLOSED, null, null);

    assertThat(repository.claimUnrefundedFlaggedDue(DUPLICATES, T0.plusSeconds(10), LEASE, 10))
        .extracting(PayOrder::outTradeNo)
        .containsExactly(duplicate);
  }

  @Test
  public void claimProcessingRefundsDueRespectsTheLimitMostOverdueFirst() {
    String outTradeNo = paidOrder(100);
    List<Refund> refunds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Refund r = refund(outTradeNo, 5, T0.plusSeconds(40 - i * 10));
      repository.reserveRefund(r, T0);
      refunds.add(r);
    }

    List<Refund> first = repository.claimProcessingRefundsDue(T0.plusSeconds(60), LEASE, 3);
    List<Refund> rest = repository.claimProcessingRefundsDue(T0.plusSeconds(60), LEASE, 3);

    assertThat(first)
        .extracting(Refund::outRefundNo)
        .containsExactly(
            refunds.get(3).outRefundNo(),
            refunds.get(2).outRefundNo(),
            refunds.get(1).outRefundNo());
    assertThat(rest).extracting(Refund::outRefundNo).containsExactly(refunds.get(0).outRefundNo());
  }

  @Test
  public void concurrentRefundClaimsNeverReturnTheSameRefundTwice() throws Exception {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      String outTradeNo = paidOrder(100);
      for (int j = 0; j < 5; j++) {
        Refund r = refund(outTradeNo, 10, T0.plusMillis(i * 10L + j));
        repository.reserveRefund(r, T0);
        all.add(r.outRefundNo());
      }
    }
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());

    race(
        4,
        () -> {
          List<Refund> batch;
          do {
            batch = repository.claimProcessingRefundsDue(T0.plusSeconds(1), LEASE, 4);
            batch.forEach(r -> claimed.add(r.outRefundNo()));
          } while (!batch.isEmpty());
          return null;
        });

    assertThat(claimed).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed)).isEqualTo(all);
  }

  @Test
  public void scheduleRefundCheckPostponesTheNextQueryAndRecordsTheAttempts() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 10, T0);
    repository.reserveRefund(refund, T0);

    repository.scheduleRefundCheck(refund.outRefundNo(), T0.plusSeconds(900), 3);
    repository.scheduleRefundCheck("NOSUCHREFUND", T0, 1);

    Refund found = repository.findRefund(refund.outRefundNo()).orElseThrow();
    assertThat(found.nextCheckAt()).isEqualTo(T0.plusSeconds(900));
    assertThat(found.checkCount()).isEqualTo(3);
    assertThat(repository.claimProcessingRefundsDue(T0.plusSeconds(899), LEASE, 10)).isEmpty();
    assertThat(repository.claimProcessingRefundsDue(T0.plusSeconds(900), LEASE, 10)).hasSize(1);
  }

  // ---------------------------------------------------------------- purge

  @Test
  public void purgeClosedDeletesOnlyClosedOrdersCreatedBeforeTheCutoff() {
    Instant cutoff = T0.plus(Duration.ofDays(3));
    PayOrder oldClosed = unpaid().build();
    PayOrder closedAtCutoff = unpaid().createDate(cutoff).expireDate(cutoff).build();
    PayOrder newClosed = unpaid().createDate(cutoff.plusSeconds(1)).expireDate(cutoff).build();
    PayOrder oldUnpaid = unpaid().build();
    PayOrder oldPaid = unpaid().build();
    PayOrder oldLatePaid = unpaid().build();
    for (PayOrder o :
        List.of(oldClosed, closedAtCutoff, newClosed, oldUnpaid, oldPaid, oldLatePaid)) {
      repository.insert(o);
    }
    for (PayOrder o : List.of(oldClosed, closedAtCutoff, newClosed, oldLatePaid)) {
      repository.markClosed(o.outTradeNo(), T0, null);
    }
    settle(oldPaid.outTradeNo(), OrderStatus.UNPAID);
    settle(oldLatePaid.outTradeNo(), OrderStatus.CLOSED);

    assertThat(repository.purgeClosed(cutoff, 100)).isEqualTo(1);

    assertThat(repository.find(oldClosed.outTradeNo())).isEmpty();
    for (PayOrder kept : List.of(closedAtCutoff, newClosed, oldUnpaid, oldPaid, oldLatePaid)) {
      assertThat(repository.find(kept.outTradeNo())).isPresent();
    }
    assertThat(repository.purgeClosed(cutoff, 100)).isZero();
  }

  @Test
  public void purgeClosedRespectsTheLimit() {
    for (int i = 0; i < 5; i++) {
      PayOrder order = unpaid().build();
      repository.insert(order);
      repository.markClosed(order.outTradeNo(), T0, null);
    }

    assertThat(repository.purgeClosed(T0.plus(Duration.ofMinutes(31)), 2)).isEqualTo(2);
    assertThat(repository.purgeClosed(T0.plus(Duration.ofMinutes(31)), 2)).isEqualTo(2);
    assertThat(repository.purgeClosed(T0.plus(Duration.ofMinutes(31)), 2)).isEqualTo(1);
    assertThat(repository.purgeClosed(T0.plus(Duration.ofMinutes(31)), 2)).isZero();
  }

  // ---------------------------------------------------------------- final check of closed orders

  @Test
  public void closingWithAFinalCheckKeepsTheClosedOrderUnderWatch() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    Instant finalCheck = order.expireDate().plusSeconds(300);

    assertThat(repository.markClosed(order.outTradeNo(), T0.plusSeconds(60), finalCheck)).isTrue();

    assertThat(repository.find(order.outTradeNo()))
        .contains(
            order.toBuilder()
                .status(OrderStatus.CLOSED)
                .cancelDate(T0.plusSeconds(60))
                .finalCheckAt(finalCheck)
                .build());
  }

  @Test
  public void claimClosedWatchDueReturnsOnlyDueClosedOrdersAndLeasesThem() {
    Instant now = T0.plusSeconds(3600);
    PayOrder due = unpaid().build();
    PayOrder dueExactlyNow = unpaid().build();
    PayOrder notYet = unpaid().build();
    PayOrder finallyClosed = unpaid().build();
    PayOrder unpaidOrder = unpaid().nextCheckAt(T0).build();
    for (PayOrder o : List.of(due, dueExactlyNow, notYet, finallyClosed, unpaidOrder)) {
      repository.insert(o);
    }
    repository.markClosed(due.outTradeNo(), T0, now.minusSeconds(1));
    repository.markClosed(dueExactlyNow.outTradeNo(), T0, now);
    repository.markClosed(notYet.outTradeNo(), T0, now.plusSeconds(1));
    repository.markClosed(finallyClosed.outTradeNo(), T0, null);

    List<PayOrder> claimed = repository.claimClosedWatchDue(now, LEASE, 10);

    assertThat(claimed)
        .extracting(PayOrder::outTradeNo)
        .containsExactly(due.outTradeNo(), dueExactlyNow.outTradeNo());
    assertThat(claimed).allSatisfy(o -> assertThat(o.finalCheckAt()).isEqualTo(now.plus(LEASE)));
    assertThat(claimed.get(0)).isEqualTo(repository.find(due.outTradeNo()).orElseThrow());
    assertThat(repository.claimClosedWatchDue(now, LEASE, 10)).isEmpty();
    assertThat(repository.claimClosedWatchDue(now.plus(LEASE), LEASE, 10))
        .extracting(PayOrder::outTradeNo)
        .containsExactlyInAnyOrder(
            due.outTradeNo(), dueExactlyNow.outTradeNo(), notYet.outTradeNo());
  }

  @Test
  public void claimClosedWatchDueRespectsTheLimitMostOverdueFirst() {
    List<PayOrder> orders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      PayOrder order = unpaid().build();
      repository.insert(order);
      repository.markClosed(order.outTradeNo(), T0, T0.plusSeconds(40 - i * 10));
      orders.add(order);
    }

    List<PayOrder> first = repository.claimClosedWatchDue(T0.plusSeconds(60), LEASE, 3);
    List<PayOrder> rest = repository.claimClosedWatchDue(T0.plusSeconds(60), LEASE, 3);

    assertThat(first)
        .extracting(PayOrder::outTradeNo)
        .containsExactly(
            orders.get(3).outTradeNo(), orders.get(2).outTradeNo(), orders.get(1).outTradeNo());
    assertThat(rest).extracting(PayOrder::outTradeNo).containsExactly(orders.get(0).outTradeNo());
  }

  @Test
  public void concurrentClosedWatchClaimsNeverReturnTheSameOrderTwice() throws Exception {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      PayOrder order = unpaid().build();
      repository.insert(order);
      repository.markClosed(order.outTradeNo(), T0, T0.plusMillis(i));
      all.add(order.outTradeNo());
    }
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());

    race(
        4,
        () -> {
          List<PayOrder> batch;
          do {
            batch = repository.claimClosedWatchDue(T0.plusSeconds(1), LEASE, 4);
            batch.forEach(o -> claimed.add(o.outTradeNo()));
          } while (!batch.isEmpty());
          return null;
        });

    assertThat(claimed).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed)).isEqualTo(all);
  }

  @Test
  public void scheduleFinalCheckSetsOrClearsTheCheckOfClosedOrdersOnly() {
    PayOrder closed = unpaid().build();
    PayOrder unpaidOrder = unpaid().build();
    repository.insert(closed);
    repository.insert(unpaidOrder);
    repository.markClosed(closed.outTradeNo(), T0, null);

    repository.scheduleFinalCheck(closed.outTradeNo(), T0.plusSeconds(900));
    repository.scheduleFinalCheck(unpaidOrder.outTradeNo(), T0.plusSeconds(900));
    repository.scheduleFinalCheck("NOSUCHORDER", T0);

    assertThat(repository.find(closed.outTradeNo()).orElseThrow().finalCheckAt())
        .isEqualTo(T0.plusSeconds(900));
    assertThat(repository.find(unpaidOrder.outTradeNo())).contains(unpaidOrder);
    assertThat(repository.claimClosedWatchDue(T0.plusSeconds(899), LEASE, 10)).isEmpty();

    repository.scheduleFinalCheck(closed.outTradeNo(), null);

    assertThat(repository.find(closed.outTradeNo()).orElseThrow().finalCheckAt()).isNull();
    assertThat(repository.claimClosedWatchDue(T0.plus(Duration.ofDays(365)), LEASE, 10)).isEmpty();
  }

  @Test
  public void aClosedOrderPaidAfterAllLeavesTheWatch() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    repository.markClosed(order.outTradeNo(), T0, T0.plusSeconds(10));

    assertThat(settle(order.outTradeNo(), OrderStatus.CLOSED)).isTrue();

    assertThat(repository.claimClosedWatchDue(T0.plusSeconds(60), LEASE, 10)).isEmpty();
  }

  @Test
  public void purgeClosedKeepsOrdersWithAPendingFinalCheckAndKeysOnTheExpiryDate() {
    Instant cutoff = T0.plus(Duration.ofDays(3));
    PayOrder watched = unpaid().build();
    PayOrder checked = unpaid().build();
    PayOrder expiresAfterCutoff =
        unpaid()
            .createDate(T0.minus(Duration.ofDays(30)))
            .expireDate(cutoff.plusSeconds(1))
            .build();
    for (PayOrder o : List.of(watched, checked, expiresAfterCutoff)) {
      repository.insert(o);
    }
    repository.markClosed(watched.outTradeNo(), T0, cutoff.plus(Duration.ofDays(1)));
    repository.markClosed(checked.outTradeNo(), T0, T0.plusSeconds(1));
    repository.markClosed(expiresAfterCutoff.outTradeNo(), T0, null);

    assertThat(repository.purgeClosed(cutoff, 100)).isZero();

    repository.scheduleFinalCheck(checked.outTradeNo(), null);
    assertThat(repository.purgeClosed(cutoff, 100)).isEqualTo(1);
    assertThat(repository.find(checked.outTradeNo())).isEmpty();
    assertThat(repository.find(watched.outTradeNo())).isPresent();
    assertThat(repository.find(expiresAfterCutoff.outTradeNo())).isPresent();
  }

  // ---------------------------------------------------------------- flagged payments

  @Test
  public void claimUnrefundedFlaggedDueReturnsOnlyTheRequestedFlags() {
    String duplicate = paidOrder(100, SettlementFlag.DUPLICATE_PAYMENT);
    String late = paidOrder(100, SettlementFlag.LATE_AFTER_CLOSE);
    paidOrder(100, SettlementFlag.REFUNDED_AT_PROVIDER);
    paidOrder(100, SettlementFlag.NONE);
    Instant now = T0.plusSeconds(10);

    assertThat(
            repository.claimUnrefundedFlaggedDue(
                EnumSet.noneOf(SettlementFlag.class), now, LEASE, 10))
        .isEmpty();
    assertThat(
            repository.claimUnrefundedFlaggedDue(
                EnumSet.of(SettlementFlag.LATE_AFTER_CLOSE), now, LEASE, 10))
        .extracting(PayOrder::outTradeNo)
        .containsExactly(late);
    assertThat(
            repository.claimUnrefundedFlaggedDue(
                EnumSet.of(SettlementFlag.DUPLICATE_PAYMENT, SettlementFlag.LATE_AFTER_CLOSE),
                now,
                LEASE,
                10))
        .extracting(PayOrder::outTradeNo)
        .containsExactly(duplicate);
    assertThat(
            repository.claimUnrefundedFlaggedDue(
                EnumSet.of(SettlementFlag.DUPLICATE_PAYMENT, SettlementFlag.LATE_AFTER_CLOSE),
                now.plus(LEASE),
                LEASE,
                10))
        .extracting(PayOrder::outTradeNo)
        .containsExactlyInAnyOrder(duplicate, late);
  }

  @Test
  public void aLatePaymentWithARefundReservedIsNotClaimed() {
    String late = paidOrder(100, SettlementFlag.LATE_AFTER_CLOSE);
    repository.reserveRefund(refund(late, 1, T0), T0);

    assertThat(
            repository.claimUnrefundedFlaggedDue(
                EnumSet.of(SettlementFlag.LATE_AFTER_CLOSE), T0.plusSeconds(10), LEASE, 10))
        .isEmpty();
  }

  // ---------------------------------------------------------------- refund attempts

  @Test
  public void aReservedRefundHasNoAttemptsAndAClaimKeepsTheCount() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 10, T0);
    repository.reserveRefund(refund, T0);
    assertThat(repository.findRefund(refund.outRefundNo()).orElseThrow().checkCount()).isZero();

    repository.scheduleRefundCheck(refund.outRefundNo(), T0.plusSeconds(60), 4);
    List<Refund> claimed = repository.claimProcessingRefundsDue(T0.plusSeconds(60), LEASE, 10);

    assertThat(claimed).singleElement().satisfies(r -> assertThat(r.checkCount()).isEqualTo(4));
    assertThat(repository.findRefund(refund.outRefundNo())).contains(claimed.get(0));
  }

  // ---------------------------------------------------------------- refunds in a transaction

  @Test
  public void lockRefundAndFindSeeTheTransactionsOwnChanges() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 100, T0);
    repository.reserveRefund(refund, T0);

    repository.inTransaction(
        tx -> {
          assertThat(tx.lockRefund(refund.outRefundNo())).contains(refund);
          assertThat(tx.completeRefund(refund.outRefundNo(), RefundStatus.CLOSED, "r1", null))
              .isTrue();
          assertThat(tx.lockRefund(refund.outRefundNo()).orElseThrow().status())
              .isEqualTo(RefundStatus.CLOSED);
          PayOrder order = tx.find(outTradeNo).orElseThrow();
          assertThat(order.refundFee()).isZero();
          assertThat(order.status()).isEqualTo(OrderStatus.PAID);
          assertThat(tx.lockRefund("NOSUCHREFUND")).isEmpty();
          assertThat(tx.find("NOSUCHORDER")).isEmpty();
          return null;
        });

    assertThat(repository.findRefund(refund.outRefundNo()).orElseThrow().refundId())
        .isEqualTo("r1");
  }

  @Test
  public void completingARefundInATransactionThatRollsBackChangesNothing() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 40, T0);
    repository.reserveRefund(refund, T0);
    PayOrder before = repository.find(outTradeNo).orElseThrow();
    IllegalStateException hookFailure = new IllegalStateException("refund hook failed");

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> {
                      tx.completeRefund(refund.outRefundNo(), RefundStatus.CLOSED, "r", null);
                      throw hookFailure;
                    }))
        .isSameAs(hookFailure);

    assertThat(repository.findRefund(refund.outRefundNo())).contains(refund);
    assertThat(repository.find(outTradeNo)).contains(before);
  }

  @Test
  public void completeRefundInATransactionAcceptsOnlyAFinalOutcome() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 40, T0);
    repository.reserveRefund(refund, T0);

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx ->
                        tx.completeRefund(
                            refund.outRefundNo(), RefundStatus.PROCESSING, null, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(repository.findRefund(refund.outRefundNo())).contains(refund);
  }

  @Test
  public void reopeningAClosedRefundReservesItsAmountAgain() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 30, T0);
    repository.reserveRefund(refund, T0);
    repository.completeRefund(refund.outRefundNo(), RefundStatus.CLOSED, null, null);
    Instant success = T0.plusSeconds(600);

    boolean reopened =
        repository.inTransaction(tx -> tx.reopenRefund(refund.outRefundNo(), "5030001", success));

    assertThat(reopened).isTrue();
    assertThat(repository.findRefund(refund.outRefundNo()))
        .contains(refund.withOutcome(RefundStatus.SUCCESS, "5030001", success));
    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.refundFee()).isEqualTo(30);
    assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(order.refundCount()).isEqualTo(1);
    boolean again =
        repository.inTransaction(tx -> tx.reopenRefund(refund.outRefundNo(), "x", success));
    assertThat(again).isFalse();
  }

  @Test
  public void reopeningTheLastMissingAmountMakesTheOrderFullyRefunded() {
    String outTradeNo = paidOrder(100);
    Refund closed = refund(outTradeNo, 40, T0);
    repository.reserveRefund(closed, T0);
    repository.completeRefund(closed.outRefundNo(), RefundStatus.CLOSED, null, null);
    repository.reserveRefund(refund(outTradeNo, 60, T0), T0);

    boolean reopened =
        repository.inTransaction(tx -> tx.reopenRefund(closed.outRefundNo(), null, T0));
    assertThat(reopened).isTrue();

    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.refundFee()).isEqualTo(100);
    assertThat(order.status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
  }

  @Test
  public void reopeningIsRefusedWhenTheAmountNoLongerFitsOrTheRefundIsNotClosed() {
    String outTradeNo = paidOrder(100);
    Refund closed = refund(outTradeNo, 60, T0);
    repository.reserveRefund(closed, T0);
    repository.completeRefund(closed.outRefundNo(), RefundStatus.CLOSED, null, null);
    Refund processing = refund(outTradeNo, 50, T0);
    repository.reserveRefund(processing, T0);
    PayOrder before = repository.find(outTradeNo).orElseThrow();
    Refund closedBefore = repository.findRefund(closed.outRefundNo()).orElseThrow();

    repository.inTransaction(
        tx -> {
          assertThat(tx.reopenRefund(closed.outRefundNo(), "r", T0)).isFalse();
          assertThat(tx.reopenRefund(processing.outRefundNo(), "r", T0)).isFalse();
          assertThat(tx.reopenRefund("NOSUCHREFUND", "r", T0)).isFalse();
          return null;
        });

    assertThat(repository.find(outTradeNo)).contains(before);
    assertThat(repository.findRefund(closed.outRefundNo())).contains(closedBefore);
    assertThat(repository.findRefund(processing.outRefundNo())).contains(processing);
  }

  @Test
  public void reopeningInATransactionThatRollsBackChangesNothing() {
    String outTradeNo = paidOrder(100);
    Refund refund = refund(outTradeNo, 30, T0);
    repository.reserveRefund(refund, T0);
    repository.completeRefund(refund.outRefundNo(), RefundStatus.CLOSED, null, null);
    PayOrder before = repository.find(outTradeNo).orElseThrow();
    Refund closed = repository.findRefund(refund.outRefundNo()).orElseThrow();

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> {
                      assertThat(tx.reopenRefund(refund.outRefundNo(), "r", T0)).isTrue();
                      throw new IllegalStateException("refund hook failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(repository.find(outTradeNo)).contains(before);
    assertThat(repository.findRefund(refund.outRefundNo())).contains(closed);
  }

  @Test
  public void concurrentReopeningsOfCompetingClosedRefundsNeverExceedTheTotal() throws Exception {
    String outTradeNo = paidOrder(100);
    List<String> closed = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      List<Refund> reserved = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Refund r = refund(outTradeNo, 10, T0.plusMillis(round * 10L + i));
        assertThat(repository.reserveRefund(r, T0)).isTrue();
        reserved.add(r);
      }
      for (Refund r : reserved) {
        repository.completeRefund(r.outRefundNo(), RefundStatus.CLOSED, null, null);
        closed.add(r.outRefundNo());
      }
    }
    AtomicInteger next = new AtomicInteger();

    List<Boolean> results =
        race(
            20,
            () -> {
              String outRefundNo = closed.get(next.getAndIncrement());
              return repository.inTransaction(tx -> tx.reopenRefund(outRefundNo, "r", T0));
            });

    assertThat(results.stream().filter(ok -> ok).count()).isEqualTo(10);
    PayOrder order = repository.find(outTradeNo).orElseThrow();
    assertThat(order.refundFee()).isEqualTo(100);
    assertThat(order.status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(repository.findRefunds(outTradeNo))
        .filteredOn(r -> r.status() == RefundStatus.SUCCESS)
        .hasSize(10);
  }

  // ---------------------------------------------------------------- the ledger

  @Test
  public void anAppendedFactReadsBackWithEveryFieldAndALedgerId() {
    ProviderEvent event =
        event(newDedupeKey(), TestOrders.newOutTradeNo(), EventOutcome.UNMATCHED_MISMATCH);

    assertThat(repository.appendEvent(event)).isTrue();

    ProviderEvent stored = repository.findEventByKey(event.dedupeKey()).orElseThrow();
    assertThat(stored.id()).isPositive();
    assertThat(stored).isEqualTo(event.withId(stored.id()));
    assertThat(repository.findEvent(stored.id())).contains(stored);
    assertThat(repository.findEvent(stored.id() + 1_000_000)).isEmpty();
    assertThat(repository.findEventByKey("no-such-key")).isEmpty();
  }

  @Test
  public void aFactWithOnlyTheRequiredFieldsReadsBackWithNulls() {
    ProviderEvent event =
        new ProviderEvent(
            0, newDedupeKey(), Provider.ALIPAY, EventKind.NOTICE, "notify", null, null, null, -1,
            null, "trade_status_sync", null, null, null, null, EventOutcome.IGNORED_EVENT_TYPE,
            null, null, T0, null, null);

    assertThat(repository.appendEvent(event)).isTrue();

    ProviderEvent stored = repository.findEventByKey(event.dedupeKey()).orElseThrow();
    assertThat(stored).isEqualTo(event.withId(stored.id()));
    assertThat(stored.data()).isEmpty();
    assertThat(stored.currency()).isEqualTo("CNY");
  }

  @Test
  public void factTextsWithQuotesChineseAndTheLargestSizesReadBackVerbatim() {
    String data = ("{\"body\":\"" + NASTY + "\"}").repeat(200).substring(0, 16 * 1024 - 1) + "会";
    ProviderEvent event =
        new ProviderEvent(
            0, newDedupeKey(), Provider.ALIPAY, EventKind.PAYMENT, "query'\"",
            "A".repeat(64), "R'\"|*@-_".repeat(8), "2026010222001" + "9".repeat(51), 1,
            "CNY", "TRADE_SUCCESS'\"中", "2021000000000000", "2088'\"中文", "p".repeat(128),
            T0, EventOutcome.UNMATCHED_UNKNOWN_ORDER, "说明".repeat(256), data, T0, null, null);

    assertThat(repository.appendEvent(event)).isTrue();

    ProviderEvent stored = repository.findEventByKey(event.dedupeKey()).orElseThrow();
    assertThat(stored).isEqualTo(event.withId(stored.id()));
    assertThat(stored.data()).hasSize(ProviderEvent.MAX_DATA_CHARS);
    assertThat(repository.findEvents("A".repeat(64))).containsExactly(stored);
  }

  @Test
  public void appendingTheSameDedupeKeyAgainReturnsFalseAndKeepsTheFirstFact() {
    String key = newDedupeKey();
    ProviderEvent first = event(key, TestOrders.newOutTradeNo(), EventOutcome.SETTLED);
    ProviderEvent again = event(key, TestOrders.newOutTradeNo(), EventOutcome.ALREADY_SETTLED);
    repository.appendEvent(first);

    assertThat(repository.appendEvent(again)).isFalse();
    boolean inTransaction = repository.inTransaction(tx -> tx.appendEvent(again));
    assertThat(inTransaction).isFalse();

    ProviderEvent stored = repository.findEventByKey(key).orElseThrow();
    assertThat(stored).isEqualTo(first.withId(stored.id()));
    assertThat(repository.findEvents(again.outTradeNo())).isEmpty();
  }

  @Test
  public void aDuplicateFactLeavesTheTransactionUsable() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    ProviderEvent first = event(newDedupeKey(), order.outTradeNo(), EventOutcome.SETTLED);
    repository.appendEvent(first);
    ProviderEvent second = event(newDedupeKey(), order.outTradeNo(), EventOutcome.ALREADY_SETTLED);

    boolean settled =
        repository.inTransaction(
            tx -> {
              assertThat(tx.appendEvent(first)).isFalse();
              assertThat(tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid("tx"))).isTrue();
              assertThat(tx.appendEvent(first)).isFalse();
              assertThat(tx.appendEvent(second)).isTrue();
              return true;
            });

    assertThat(settled).isTrue();
    assertThat(repository.find(order.outTradeNo()).orElseThrow().userOrderSuccess()).isTrue();
    assertThat(repository.findEvents(order.outTradeNo()))
        .extracting(ProviderEvent::dedupeKey)
        .containsExactly(first.dedupeKey(), second.dedupeKey());
  }

  @Test
  public void concurrentAppendsOfOneFactStoreItExactlyOnce() throws Exception {
    PayOrder order = unpaid().build();
    repository.insert(order);
    String key = newDedupeKey();

    // Every thread appends the same fact, keeps its transaction open a moment (so the others meet
    // an uncommitted duplicate), then writes the order in the same transaction.
    List<Boolean> appended =
        race(
            8,
            () ->
                repository.inTransaction(
                    tx -> {
                      boolean inserted =
                          tx.appendEvent(event(key, order.outTradeNo(), EventOutcome.SETTLED));
                      pause(30);
                      tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid("tx"));
                      return inserted;
                    }));

    assertThat(appended.stream().filter(inserted -> inserted).count()).isEqualTo(1);
    assertThat(repository.findEvents(order.outTradeNo())).hasSize(1);
    assertThat(repository.find(order.outTradeNo()).orElseThrow().userOrderSuccess()).isTrue();
  }

  @Test
  public void concurrentAppendsOfOneFactOnTheirOwnStoreItExactlyOnce() throws Exception {
    String outTradeNo = TestOrders.newOutTradeNo();
    String key = newDedupeKey();

    List<Boolean> appended =
        race(
            8,
            () -> repository.appendEvent(event(key, outTradeNo, EventOutcome.UNMATCHED_MISMATCH)));

    assertThat(appended.stream().filter(inserted -> inserted).count()).isEqualTo(1);
    assertThat(repository.findEvents(outTradeNo)).hasSize(1);
    assertThat(repository.unresolvedEvents(0, 10)).hasSize(1);
  }

  @Test
  public void aFactWhoseFirstAppendRollsBackWhileASecondWaitsIsStoredByTheSecond()
      throws Exception {
    String outTradeNo = TestOrders.newOutTradeNo();
    ProviderEvent event = event(newDedupeKey(), outTradeNo, EventOutcome.UNMATCHED_MISMATCH);
    CountDownLatch firstAppended = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first =
          pool.submit(
              () ->
                  repository.inTransaction(
                      tx -> {
                        assertThat(tx.appendEvent(event)).isTrue();
                        firstAppended.countDown();
                        pause(300); // the second append meets this uncommitted row
                        throw new IllegalStateException("the first settlement fails");
                      }));
      assertThat(firstAppended.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Boolean> second = pool.submit(() -> repository.appendEvent(event));

      assertThat(second.get(60, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> first.get(60, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(IllegalStateException.class);
    } finally {
      pool.shutdownNow();
    }
    assertThat(repository.findEvents(outTradeNo)).hasSize(1);
  }

  @Test
  public void aFactAppendedInATransactionThatRollsBackIsNotKept() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    ProviderEvent event = event(newDedupeKey(), order.outTradeNo(), EventOutcome.SETTLED);

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> {
                      assertThat(tx.appendEvent(event)).isTrue();
                      tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid("tx"));
                      throw new IllegalStateException("handler failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(repository.findEventByKey(event.dedupeKey())).isEmpty();
    assertThat(repository.findEvents(order.outTradeNo())).isEmpty();
    assertThat(repository.find(order.outTradeNo())).contains(order);
    assertThat(repository.appendEvent(event)).isTrue();
  }

  @Test
  public void findEventsReturnsEveryFactOfTheOrderOldestFirst() {
    String outTradeNo = TestOrders.newOutTradeNo();
    List<String> keys = new ArrayList<>();
    for (EventOutcome outcome :
        List.of(
            EventOutcome.UNMATCHED_UNKNOWN_ORDER,
            EventOutcome.SETTLED,
            EventOutcome.REFUND_APPLIED)) {
      ProviderEvent event = event(newDedupeKey(), outTradeNo, outcome);
      repository.appendEvent(event);
      repository.appendEvent(event(newDedupeKey(), TestOrders.newOutTradeNo(), outcome));
      keys.add(event.dedupeKey());
    }

    List<ProviderEvent> found = repository.findEvents(outTradeNo);

    assertThat(found).extracting(ProviderEvent::dedupeKey).containsExactlyElementsOf(keys);
    assertThat(found).extracting(ProviderEvent::id).isSorted();
    assertThat(repository.findEvents("NOSUCHORDER")).isEmpty();
  }

  @Test
  public void unresolvedEventsPageByIdAndLeaveOutResolvedAndRoutineFacts() {
    List<String> attention = new ArrayList<>();
    List<EventOutcome> outcomes =
        List.of(
            EventOutcome.UNMATCHED_UNKNOWN_ORDER,
            EventOutcome.SETTLED,
            EventOutcome.UNMATCHED_MISMATCH,
            EventOutcome.DUPLICATE_PAYMENT,
            EventOutcome.REFUND_CONFLICT,
            EventOutcome.REFUND_STUCK,
            EventOutcome.INFORMATIONAL,
            EventOutcome.REFUNDED_AT_PROVIDER,
            EventOutcome.REFUND_REOPENED,
            EventOutcome.UNMATCHED_CONFLICT);
    for (EventOutcome outcome : outcomes) {
      ProviderEvent event = event(newDedupeKey(), TestOrders.newOutTradeNo(), outcome);
      repository.appendEvent(event);
      if (outcome.needsAttention()) attention.add(event.dedupeKey());
    }
    String resolved = attention.remove(1);
    repository.inTransaction(
        tx -> tx.resolveEvent(resolved, EventOutcome.SETTLED, T0.plusSeconds(60)));

    List<ProviderEvent> first = repository.unresolvedEvents(0, 3);
    List<ProviderEvent> second = repository.unresolvedEvents(first.get(2).id(), 3);
    List<ProviderEvent> last = repository.unresolvedEvents(second.get(second.size() - 1).id(), 3);

    assertThat(first)
        .extracting(ProviderEvent::dedupeKey)
        .containsExactlyElementsOf(attention.subList(0, 3));
    assertThat(second)
        .extracting(ProviderEvent::dedupeKey)
        .containsExactlyElementsOf(attention.subList(3, 6));
    assertThat(last).isEmpty();
    assertThat(first).allSatisfy(e -> assertThat(e.isUnresolved()).isTrue());
  }

  @Test
  public void resolveEventMarksOnlyAnUnresolvedFact() {
    ProviderEvent unmatched =
        event(newDedupeKey(), TestOrders.newOutTradeNo(), EventOutcome.UNMATCHED_UNKNOWN_ORDER);
    ProviderEvent settled = event(newDedupeKey(), TestOrders.newOutTradeNo(), EventOutcome.SETTLED);
    repository.appendEvent(unmatched);
    repository.appendEvent(settled);
    Instant at = T0.plusSeconds(3600);

    boolean resolved =
        repository.inTransaction(
            tx -> tx.resolveEvent(unmatched.dedupeKey(), EventOutcome.SETTLED, at));

    assertThat(resolved).isTrue();
    ProviderEvent stored = repository.findEventByKey(unmatched.dedupeKey()).orElseThrow();
    assertThat(stored).isEqualTo(unmatched.withId(stored.id()).resolved(EventOutcome.SETTLED, at));
    assertThat(stored.isUnresolved()).isFalse();
    repository.inTransaction(
        tx -> {
          assertThat(tx.resolveEvent(unmatched.dedupeKey(), EventOutcome.SETTLED, at)).isFalse();
          assertThat(tx.resolveEvent(settled.dedupeKey(), EventOutcome.SETTLED, at)).isFalse();
          assertThat(tx.resolveEvent("no-such-key", EventOutcome.SETTLED, at)).isFalse();
          return null;
        });
    assertThat(repository.findEventByKey(settled.dedupeKey()).orElseThrow().resolvedAt()).isNull();
    assertThat(repository.unresolvedEvents(0, 10)).isEmpty();
  }

  @Test
  public void aResolutionInATransactionThatRollsBackIsUndone() {
    ProviderEvent unmatched =
        event(newDedupeKey(), TestOrders.newOutTradeNo(), EventOutcome.UNMATCHED_MISMATCH);
    repository.appendEvent(unmatched);

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> {
                      tx.resolveEvent(unmatched.dedupeKey(), EventOutcome.SETTLED, T0);
                      throw new IllegalStateException("replay failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(repository.unresolvedEvents(0, 10))
        .extracting(ProviderEvent::dedupeKey)
        .containsExactly(unmatched.dedupeKey());
  }

  // ---------------------------------------------------------------- U+0000 in provider values

  /**
   * PostgreSQL cannot store U+0000 in text; a verified fact must still settle and be kept. The
   * value reads back as it was or with U+0000 replaced by U+FFFD.
   */
  @Test
  public void providerValuesContainingNulAreStored() {
    String nul = "\u0000";
    PayOrder order = unpaid().build();
    repository.insert(order);
    PaidUpdate paid =
        new PaidUpdate(
            "tx" + nul + "1", T0, "payer" + nul, T0, "{\"a\":\"" + nul + "\"}",
            SettlementFlag.NONE, true);
    ProviderEvent event =
        new ProviderEvent(
            0, newDedupeKey(), Provider.WXPAY, EventKind.PAYMENT, "notify", order.outTradeNo(),
            null, "tx" + nul + "1", 100, "CNY", "PAID" + nul, "app" + nul, "mch" + nul,
            "payer" + nul, T0, EventOutcome.SETTLED, "detail" + nul, "{\"a\":\"" + nul + "\"}",
            T0, null, null);

    boolean settled =
        repository.inTransaction(
            tx ->
                tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid)
                    && tx.appendEvent(event));

    assertThat(settled).isTrue();
    PayOrder found = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(found.transactionId()).isIn(paid.transactionId(), withoutNul(paid.transactionId()));
    assertThat(found.openid()).isIn(paid.payerId(), withoutNul(paid.payerId()));
    assertThat(found.originalData()).isIn(paid.originalData(), withoutNul(paid.originalData()));
    ProviderEvent stored = repository.findEventByKey(event.dedupeKey()).orElseThrow();
    assertThat(stored.data()).isIn(event.data(), withoutNul(event.data()));
    assertThat(stored.detail()).isIn(event.detail(), withoutNul(event.detail()));
    assertThat(stored.payerId()).isIn(event.payerId(), withoutNul(event.payerId()));
    assertThat(stored.providerState())
        .isIn(event.providerState(), withoutNul(event.providerState()));
  }

  private static String withoutNul(String value) {
    return value.replace('\u0000', '\uFFFD');
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Inserts an order of {@code totalFee} fen and settles it; returns its out_trade_no. */
  protected String paidOrder(long totalFee) {
    PayOrder order = unpaid().totalFee(totalFee).build();
    repository.insert(order);
    assertThat(settle(order.outTradeNo(), OrderStatus.UNPAID)).isTrue();
    return order.outTradeNo();
  }

  /** A PAID order settled with {@code flag}; its next check is at {@code T0}. */
  protected String paidOrder(long totalFee, SettlementFlag flag) {
    PayOrder order = unpaid().totalFee(totalFee).nextCheckAt(T0).build();
    repository.insert(order);
    boolean handlerRuns = flag == SettlementFlag.NONE || flag == SettlementFlag.LATE_AFTER_CLOSE;
    PaidUpdate paid =
        new PaidUpdate("tx-" + order.outTradeNo(), T0, null, T0, "{}", flag, handlerRuns);
    boolean won =
        repository.inTransaction(tx -> tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid));
    assertThat(won).isTrue();
    return order.outTradeNo();
  }

  /** One settlement transaction, as the engine runs it; returns whether it won the CAS. */
  protected boolean settle(String outTradeNo, OrderStatus from) {
    PaidUpdate paid =
        from == OrderStatus.CLOSED
            ? new PaidUpdate(
                "tx-" + outTradeNo, T0, null, T0, "{}", SettlementFlag.LATE_AFTER_CLOSE, true)
            : paid("tx-" + outTradeNo);
    // A database may pick this transaction as a deadlock victim (InnoDB, racing a close): it was
    // rolled back whole, and the engine's callers deliver it again; do the same here.
    for (int attempt = 1; ; attempt++) {
      try {
        return repository.inTransaction(tx -> tx.markPaid(outTradeNo, from, paid));
      } catch (io.unipay.core.UniPayException e) {
        if (attempt >= 3 || !deadlockVictim(e)) throw e;
      }
    }
  }

  private static boolean deadlockVictim(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql
          && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code task} on {@code threads} threads released together by a start gate, and returns
   * every result. Any failure of a task fails the test.
   */
  protected static <T> List<T> race(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures =
          IntStream.range(0, threads)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            ready.countDown();
                            start.await();
                            return task.call();
                          }))
              .toList();
      assertThat(ready.await(10, TimeUnit.SECONDS)).as("threads ready").isTrue();
      start.countDown();
      List<T> results = new ArrayList<>(threads);
      for (Future<T> future : futures) results.add(future.get(60, TimeUnit.SECONDS));
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
