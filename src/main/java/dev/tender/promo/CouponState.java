package dev.tender.promo;

import java.time.Instant;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.OrderedPMap;
import org.pcollections.PMap;

/**
 * A coupon and its uses. A use is reserved when an order is placed and then confirmed (paid) or
 * released (cancelled, failed, expired); limits count reserved and confirmed uses together, so a
 * limit is never exceeded however many orders race for the last use. Only the coupon's partition
 * owner changes this, one command at a time.
 *
 * @param coupon null if no coupon has this code
 * @param reservations open reservations by order id
 * @param perCustomer reserved and confirmed uses per customer, kept only if the coupon limits them
 * @param confirmedOrders the newest {@link #CONFIRMED_KEPT} orders whose use was confirmed (with the number
 *                        of that use), oldest first, so an order
 *                        asking again (a retried step under a new request id) takes no second use
 */
public record CouponState(String code, Coupon coupon, boolean disabled, long confirmed, Map<String, Reservation> reservations,
                          Map<String, Integer> perCustomer, Map<String, Long> confirmedOrders) {
  static final int CONFIRMED_KEPT = 1_024;

  /** An order's open use of the coupon, released at {@code expiresAt} unless confirmed. */
  public record Reservation(String orderId, String customerId, Instant expiresAt) {}

  /** Kept as persistent collections: the next state shares all but what changed with this one. */
  public CouponState {
    reservations = reservations instanceof PMap<String, Reservation> p ? p : HashTreePMap.from(reservations);
    perCustomer = perCustomer instanceof PMap<String, Integer> p ? p : HashTreePMap.from(perCustomer);
    confirmedOrders = confirmedOrders instanceof OrderedPMap<String, Long> p ? p : OrderedPMap.from(confirmedOrders);
  }

  public static CouponState none(String code) {
    return new CouponState(code, null, false, 0, HashTreePMap.empty(), HashTreePMap.empty(), OrderedPMap.empty());
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

  /** What the coupon answers about itself. */
  public PromoReply.CouponView view() {
    return new PromoReply.CouponView(coupon, disabled, confirmed, reserved());
  }

  boolean confirmedBefore(String orderId) {
    return confirmedOrders.get(orderId) != null; // get, not containsKey: the ordered map's containsKey walks it
  }

  CouponState disabling() {
    return new CouponState(code, coupon, true, confirmed, reservations, perCustomer, confirmedOrders);
  }

  /** With an open reservation, counted for its customer if the coupon limits customers. */
  CouponState reserving(Reservation r) {
    PMap<String, Integer> counts = (PMap<String, Integer>) perCustomer;
    if (coupon.perCustomerLimit() != null) {
      counts = counts.plus(r.customerId(), usesBy(r.customerId()) + 1);
    }
    return new CouponState(code, coupon, disabled, confirmed, ((PMap<String, Reservation>) reservations).plus(r.orderId(), r), counts,
        confirmedOrders);
  }

  /** Without the order's reservation, its use given back to its customer. */
  CouponState releasing(String orderId) {
    Reservation gone = reservations.get(orderId);
    PMap<String, Integer> counts = (PMap<String, Integer>) perCustomer;
    Integer uses = counts.get(gone.customerId());
    if (uses != null) {
      counts = uses <= 1 ? counts.minus(gone.customerId()) : counts.plus(gone.customerId(), uses - 1);
    }
    return new CouponState(code, coupon, disabled, confirmed, ((PMap<String, Reservation>) reservations).minus(orderId), counts,
        confirmedOrders);
  }

  /** The confirmed use of a cancelled paid order uncounted, for the coupon and for its customer. */
  CouponState givingBack(String orderId, String customerId) {
    PMap<String, Integer> counts = (PMap<String, Integer>) perCustomer;
    Integer uses = counts.get(customerId);
    if (uses != null) {
      counts = uses <= 1 ? counts.minus(customerId) : counts.plus(customerId, uses - 1);
    }
    return new CouponState(code, coupon, disabled, confirmed - 1, reservations, counts,
        ((OrderedPMap<String, Long>) confirmedOrders).minus(orderId));
  }

  /** The order's use counted for good and remembered (the oldest forgotten beyond {@link #CONFIRMED_KEPT}). */
  CouponState confirming(String orderId) {
    OrderedPMap<String, Long> orders = ((OrderedPMap<String, Long>) confirmedOrders).plus(orderId, confirmed + 1);
    if (orders.size() > CONFIRMED_KEPT) {
      orders = orders.minus(orders.keySet().iterator().next());
    }
    return new CouponState(code, coupon, disabled, confirmed + 1, ((PMap<String, Reservation>) reservations).minus(orderId), perCustomer,
        orders);
  }
}
