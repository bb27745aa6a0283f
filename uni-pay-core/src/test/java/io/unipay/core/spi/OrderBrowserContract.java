package io.unipay.core.spi;

import static io.unipay.core.spi.TestOrders.T0;
import static io.unipay.core.spi.TestOrders.paid;
import static io.unipay.core.spi.TestOrders.refund;
import static io.unipay.core.spi.TestOrders.unpaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OrderBrowser} must have. Extend it once per implementation and return
 * a fresh, empty repository that is also an {@link OrderBrowser} from {@link #newRepository()}.
 *
 * <p>Orders created at the same instant get out_trade_nos of one length and one letter case, so
 * that their order is the same under any database collation.
 */
public abstract class OrderBrowserContract {
  private static final Comparator<PayOrder> NEWEST_FIRST =
      Comparator.comparing(PayOrder::createDate).thenComparing(PayOrder::outTradeNo).reversed();

  private OrderRepository repository;
  private OrderBrowser browser;

  /** A fresh, empty repository implementing {@link OrderBrowser} too. */
  protected abstract OrderRepository newRepository();

  @BeforeEach
  void createRepository() {
    repository = newRepository();
    assertThat(repository).isInstanceOf(OrderBrowser.class);
    browser = (OrderBrowser) repository;
  }

  @Test
  void anEmptyRepositoryHasOneEmptyPage() {
    OrderPage page = browser.browse(OrderFilter.any(), 10);

    assertThat(page.orders()).isEmpty();
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  void ordersComeNewestFirstAndPagesFollowEachOtherWithoutRepeatsOrGaps() {
    List<PayOrder> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) all.add(insert(unpaid().createDate(T0.plusSeconds(i))));
    Instant tie = T0.plusSeconds(3).plusNanos(500_000);
    for (String no : List.of("TIE0000000002", "TIE0000000003", "TIE0000000001")) {
      all.add(insert(unpaid().outTradeNo(no).createDate(tie)));
    }
    all.sort(NEWEST_FIRST);

    List<PayOrder> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    OrderPage page = browser.browse(OrderFilter.any(), 3);
    while (true) {
      seen.addAll(page.orders());
      sizes.add(page.orders().size());
      if (!page.hasNext()) break;
      page = browser.browse(OrderFilter.any(), page.next(), 3);
    }

    assertThat(sizes).containsExactly(3, 3, 3, 1);
    assertThat(seen).extracting(PayOrder::outTradeNo)
        .containsExactlyElementsOf(all.stream().map(PayOrder::outTradeNo).toList());
    assertThat(seen.subList(3, 6)).extracting(PayOrder::outTradeNo)
        .containsExactly("TIE0000000003", "TIE0000000002", "TIE0000000001");
  }

  @Test
  void aPageThatTakesTheLastOrdersSaysNoneFollow() {
    for (int i = 0; i < 6; i++) insert(unpaid().createDate(T0.plusSeconds(i)));

    OrderPage first = browser.browse(OrderFilter.any(), 3);
    OrderPage second = browser.browse(OrderFilter.any(), first.next(), 3);

    assertThat(first.hasNext()).isTrue();
    assertThat(first.next())
        .isEqualTo(OrderCursor.after(first.orders().get(2)));
    assertThat(second.orders()).hasSize(3);
    assertThat(second.hasNext()).isFalse();
  }

  @Test
  void aListedOrderHasEveryFieldAsStored() {
    PayOrder stored = insert(unpaid());
    repository.inTransaction(
        tx -> tx.markPaid(stored.outTradeNo(), OrderStatus.UNPAID, paid("4200000000000000000001")));

    PayOrder listed = browser.browse(OrderFilter.any(), 1).orders().get(0);

    assertThat(listed).isEqualTo(repository.find(stored.outTradeNo()).orElseThrow());
  }

  @Test
  void theStatusFilterListsOnlyOrdersInTheGivenStatuses() {
    PayOrder open = insert(unpaid().createDate(T0));
    PayOrder paid = markPaid(insert(unpaid().createDate(T0.plusSeconds(1))));
    PayOrder refunded = markPaid(insert(unpaid().createDate(T0.plusSeconds(2))));
    assertThat(repository.reserveRefund(refund(refunded.outTradeNo(), 100, T0), T0)).isTrue();
    PayOrder closed = insert(unpaid().createDate(T0.plusSeconds(3)));
    assertThat(repository.markClosed(closed.outTradeNo(), T0.plusSeconds(4), null)).isTrue();

    assertThat(numbers(OrderFilter.any().withStatuses(OrderStatus.PAID)))
        .containsExactly(paid.outTradeNo());
    assertThat(
            numbers(
                OrderFilter.any()
                    .withStatuses(OrderStatus.FULLY_REFUNDED, OrderStatus.CLOSED)))
        .containsExactly(closed.outTradeNo(), refunded.outTradeNo());
    assertThat(numbers(OrderFilter.any().withStatuses(OrderStatus.UNPAID)))
        .containsExactly(open.outTradeNo());
    assertThat(numbers(OrderFilter.any().withStatuses(OrderStatus.PARTIALLY_REFUNDED))).isEmpty();
    assertThat(numbers(OrderFilter.any().withStatuses())).hasSize(4);
  }

  @Test
  void theProviderFilterListsOnlyThatProvidersOrders() {
    PayOrder wechat = insert(unpaid().createDate(T0));
    PayOrder alipay =
        insert(unpaid().provider(Provider.ALIPAY).payType(PayType.NATIVE).createDate(T0));

    assertThat(numbers(OrderFilter.any().withProvider(Provider.WXPAY)))
        .containsExactly(wechat.outTradeNo());
    assertThat(numbers(OrderFilter.any().withProvider(Provider.ALIPAY)))
        .containsExactly(alipay.outTradeNo());
    assertThat(numbers(OrderFilter.any().withProvider(null))).hasSize(2);
  }

  @Test
  void theCreationRangeIncludesItsStartAndExcludesItsEnd() {
    PayOrder first = insert(unpaid().createDate(T0));
    PayOrder second = insert(unpaid().createDate(T0.plusSeconds(1)));
    PayOrder third = insert(unpaid().createDate(T0.plusSeconds(2)));

    assertThat(numbers(OrderFilter.any().createdBetween(T0.plusSeconds(1), T0.plusSeconds(2))))
        .containsExactly(second.outTradeNo());
    assertThat(numbers(OrderFilter.any().createdBetween(null, T0.plusSeconds(1))))
        .containsExactly(first.outTradeNo());
    assertThat(numbers(OrderFilter.any().createdBetween(T0.plusSeconds(1), null)))
        .containsExactly(third.outTradeNo(), second.outTradeNo());
    assertThat(numbers(OrderFilter.any().createdBetween(T0.minusMillis(1), T0.plusMillis(1))))
        .containsExactly(first.outTradeNo());
  }

  @Test
  void filtersCombineAndPageTogether() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Provider provider = i % 2 == 0 ? Provider.WXPAY : Provider.ALIPAY;
      PayOrder o =
          insert(
              unpaid()
                  .provider(provider)
                  .payType(PayType.NATIVE)
                  .createDate(T0.plus(Duration.ofMinutes(i))));
      if (i % 4 != 0) o = markPaid(o); // 0, 4, 8 stay unpaid
      if (provider == Provider.WXPAY && o.status() == OrderStatus.PAID && i < 9) {
        expected.add(0, o.outTradeNo());
      }
    }
    OrderFilter filter =
        OrderFilter.any()
            .withStatuses(OrderStatus.PAID)
            .withProvider(Provider.WXPAY)
            .createdBetween(T0, T0.plus(Duration.ofMinutes(9)));

    OrderPage first = browser.browse(filter, 1);
    OrderPage second = browser.browse(filter, first.next(), 1);

    assertThat(expected).hasSize(2);
    assertThat(first.orders()).extracting(PayOrder::outTradeNo).containsExactly(expected.get(0));
    assertThat(first.hasNext()).isTrue();
    assertThat(second.orders()).extracting(PayOrder::outTradeNo).containsExactly(expected.get(1));
    assertThat(second.hasNext()).isFalse();
  }

  @Test
  void anOrderCreatedWhilePagingDoesNotShiftTheNextPage() {
    for (int i = 0; i < 4; i++) insert(unpaid().createDate(T0.plusSeconds(i)));
    OrderPage first = browser.browse(OrderFilter.any(), 2);

    PayOrder newer = insert(unpaid().createDate(T0.plusSeconds(60)));
    OrderPage second = browser.browse(OrderFilter.any(), first.next(), 2);

    assertThat(second.orders()).extracting(PayOrder::createDate)
        .containsExactly(T0.plusSeconds(1), T0);
    assertThat(second.hasNext()).isFalse();
    assertThat(browser.browse(OrderFilter.any(), 1).orders().get(0).outTradeNo())
        .isEqualTo(newer.outTradeNo());
  }

  @Test
  void aPageSizeOutsideOneTo500IsAnInvalidArgument() {
    for (int limit : new int[] {0, -1, OrderBrowser.MAX_PAGE_SIZE + 1}) {
      assertThatThrownBy(() -> browser.browse(OrderFilter.any(), limit))
          .isInstanceOfSatisfying(
              UniPayException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("limit").contains(String.valueOf(limit));
              });
    }
    assertThat(browser.browse(OrderFilter.any(), OrderBrowser.MAX_PAGE_SIZE).orders()).isEmpty();
  }

  private PayOrder insert(PayOrder.Builder order) {
    PayOrder built = order.build();
    PayOrder o =
        built.toBuilder().expireDate(built.createDate().plus(Duration.ofMinutes(30))).build();
    repository.insert(o);
    return repository.find(o.outTradeNo()).orElseThrow();
  }

  private PayOrder markPaid(PayOrder order) {
    String transactionId = "42" + order.outTradeNo();
    Boolean won =
        repository.inTransaction(
            tx -> tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid(transactionId)));
    assertThat(won).isTrue();
    return repository.find(order.outTradeNo()).orElseThrow();
  }

  private List<String> numbers(OrderFilter filter) {
    return browser.browse(filter, OrderBrowser.MAX_PAGE_SIZE).orders().stream()
        .map(PayOrder::outTradeNo)
        .toList();
  }
}
