package dev.tender.promo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A coupon and its uses. A use is reserved when an order is placed and then confirmed (paid) or
 * released (cancelled, failed, expired); limits count reserved and confirmed uses together, so a
 * limit is never exceeded however many orders race for the last use. Only the coupon's partition
 * owner changes this, one command at a time.
 *
 * @param coupon null if no coupon has this code
 * @param reservations open reservations by order id
 * @param perCustomer reserved and confirmed uses per customer, kept only if the coupon limits them
 * @param confirmedOrders the newest {@link #CONFIRMED_KEPT} orders whose use was confirmed, so an order
 *                        asking again (a retried step under a new request id) takes no second use
 */
public record CouponState(String code, Coupon coupon, boolean disabled, long confirmed, Map<String, Reservation> reservations,
                          Map<String, Integer> perCustomer, List<String> confirmedOrders) {
  static final int CONFIRMED_KEPT = 1_024;

  /** An order's open use of the coupon, released at {@code expiresAt} unless confirmed. */
  public record Reservation(String orderId, String customerId, Instant expiresAt) {}

  public CouponState {
    reservations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reservations));
    perCustomer = Map.copyOf(perCustomer);
    confirmedOrders = List.copyOf(confirmedOrders);
  }

  public static CouponState none(String code) {
    return new CouponState(code, null, false, 0, Map.of(), Map.of(), List.of());
  }

  public boolean exists() {
    return coupon != null;
  }

  public long reserved() {
    return reservations.size();
  }

  public int usesBy(String customerId) {
    return perCustomer.getOrDefault(customerId, 0);
  }

  CouponState with(boolean disabled, long confirmed, Map<String, Reservation> reservations, Map<String, Integer> perCustomer) {
    return new CouponState(code, coupon, disabled, confirmed, reservations, perCustomer, confirmedOrders);
  }

  /** With {@code orderId} remembered as confirmed (the oldest forgotten beyond {@link #CONFIRMED_KEPT}). */
  CouponState confirming(String orderId) {
    List<String> orders = new java.util.ArrayList<>(confirmedOrders.size() + 1);
    orders.addAll(confirmedOrders.size() >= CONFIRMED_KEPT ? confirmedOrders.subList(1, confirmedOrders.size()) : confirmedOrders);
    orders.add(orderId);
    return new CouponState(code, coupon, disabled, confirmed, reservations, perCustomer, orders);
  }
}
