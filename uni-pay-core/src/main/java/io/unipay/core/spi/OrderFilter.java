package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.UniPayException;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which payment orders an {@link OrderBrowser} lists. Every criterion left empty matches all;
 * the criteria set must all hold.
 *
 * <pre>{@code
 * OrderFilter paidWechatInJanuary = OrderFilter.any()
 *     .withStatuses(OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED)
 *     .withProvider(Provider.WXPAY)
 *     .createdBetween(Instant.parse("2026-01-01T00:00:00Z"),
 *         Instant.parse("2026-02-01T00:00:00Z"));
 * }</pre>
 *
 * @param statuses the statuses to list; empty for any
 * @param provider the provider to list, or null for any
 * @param createdFrom the earliest {@code create_date} listed (inclusive), or null
 * @param createdBefore the {@code create_date} before which orders are listed (exclusive), or null
 */
public record OrderFilter(
    Set<OrderStatus> statuses, Provider provider, Instant createdFrom, Instant createdBefore) {

  private static final OrderFilter ANY = new OrderFilter(Set.of(), null, null, null);

  /**
   * @throws UniPayException {@code INVALID_ARGUMENT} when {@code createdFrom} is not before {@code
   *     createdBefore}
   */
  public OrderFilter {
    statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
    if (createdFrom != null && createdBefore != null && !createdFrom.isBefore(createdBefore)) {
      throw UniPayException.invalid(
          "createdFrom " + createdFrom + " must be before createdBefore " + createdBefore);
    }
  }

  /** The filter that matches every order. */
  public static OrderFilter any() {
    return ANY;
  }

  /** This filter listing only orders in one of {@code statuses} (none given: any status). */
  public OrderFilter withStatuses(OrderStatus... statuses) {
    requireNonNull(statuses, "statuses == null");
    return withStatuses(statuses.length == 0 ? Set.of() : EnumSet.of(statuses[0], statuses));
  }

  /** This filter listing only orders in one of {@code statuses} (empty: any status). */
  public OrderFilter withStatuses(Collection<OrderStatus> statuses) {
    requireNonNull(statuses, "statuses == null");
    return new OrderFilter(Set.copyOf(statuses), provider, createdFrom, createdBefore);
  }

  /** This filter listing only orders of {@code provider} (null: any provider). */
  public OrderFilter withProvider(Provider provider) {
    return new OrderFilter(statuses, provider, createdFrom, createdBefore);
  }

  /**
   * This filter listing only orders created at or after {@code from} and before {@code before};
   * either may be null for no bound on that side.
   */
  public OrderFilter createdBetween(Instant from, Instant before) {
    return new OrderFilter(statuses, provider, from, before);
  }

  /** Whether {@code order} is listed by this filter. */
  public boolean matches(PayOrder order) {
    requireNonNull(order, "order == null");
    return (statuses.isEmpty() || statuses.contains(order.status()))
        && (provider == null || provider == order.provider())
        && (createdFrom == null || !order.createDate().isBefore(createdFrom))
        && (createdBefore == null || order.createDate().isBefore(createdBefore));
  }
}
