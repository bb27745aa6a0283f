package io.unipay.core.spi;

import static io.unipay.core.spi.TestOrders.T0;
import static io.unipay.core.spi.TestOrders.unpaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link OrderFilter} and {@link OrderCursor}: what they match and what they refuse. */
class OrderFilterTest {

  @Test
  void aRangeThatEndsAtOrBeforeItsStartIsAnInvalidArgument() {
    for (var before : new java.time.Instant[] {T0, T0.minusSeconds(1)}) {
      assertThatThrownBy(() -> OrderFilter.any().createdBetween(T0, before))
          .isInstanceOfSatisfying(
              UniPayException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("createdFrom").contains(T0.toString());
              });
    }
  }

  @Test
  void theStatusesAreCopiedSoTheCallerCannotChangeTheFilterLater() {
    Set<OrderStatus> mine = new HashSet<>(Set.of(OrderStatus.PAID));
    OrderFilter filter = OrderFilter.any().withStatuses(mine);

    mine.add(OrderStatus.UNPAID);

    assertThat(filter.statuses()).containsExactly(OrderStatus.PAID);
    assertThat(filter.withStatuses(EnumSet.noneOf(OrderStatus.class)).statuses()).isEmpty();
  }

  @Test
  void everyCriterionMustHold() {
    PayOrder order = unpaid().createDate(T0).build();
    OrderFilter matching =
        OrderFilter.any()
            .withStatuses(OrderStatus.UNPAID)
            .withProvider(Provider.WXPAY)
            .createdBetween(T0, T0.plusNanos(1));

    assertThat(matching.matches(order)).isTrue();
    assertThat(matching.withStatuses(OrderStatus.PAID).matches(order)).isFalse();
    assertThat(matching.withProvider(Provider.ALIPAY).matches(order)).isFalse();
    assertThat(matching.createdBetween(T0.plusNanos(1), null).matches(order)).isFalse();
    assertThat(OrderFilter.any().matches(order)).isTrue();
  }

  @Test
  void aCursorFollowsOlderOrdersAndAtTheSameInstantSmallerNumbers() {
    OrderCursor cursor = new OrderCursor(T0, "B2");

    assertThat(cursor.isFollowedBy(unpaid().outTradeNo("Z9").createDate(T0.minusNanos(1)).build()))
        .isTrue();
    assertThat(cursor.isFollowedBy(unpaid().outTradeNo("B1").createDate(T0).build())).isTrue();
    assertThat(cursor.isFollowedBy(unpaid().outTradeNo("B2").createDate(T0).build())).isFalse();
    assertThat(cursor.isFollowedBy(unpaid().outTradeNo("A0").createDate(T0.plusNanos(1)).build()))
        .isFalse();
  }

  @Test
  void aCursorWithSomethingElseThanAnOutTradeNoIsAnInvalidArgument() {
    for (String bad : new String[] {"", "x'; DROP TABLE uni_pay_orders; --", "A".repeat(33)}) {
      assertThatThrownBy(() -> new OrderCursor(T0, bad))
          .isInstanceOfSatisfying(
              UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
  }
}
