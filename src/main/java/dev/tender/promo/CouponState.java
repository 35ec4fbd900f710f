package dev.tender.promo;

import dev.tender.cluster.PartitionActor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.OrderedPMap;
import org.pcollections.PMap;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;
import org.pcollections.TreePVector;

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
 * @param seq the number of the newest change of a use ({@link Use#seq()}; 0 = none)
 * @param changes the newest changes of uses, oldest first: what a store writes as rows (one per order),
 *                so a write of a hot coupon costs what changed, not what it holds
 * @param reservationsDue when the coupon's one reservation timer fires: at or before the earliest open
 *                        reservation's expiry whenever one is open (null: no timer set)
 * @param expiring the open reservations by expiry (derived from {@code reservations}; pass null)
 */
public record CouponState(String code, Coupon coupon, boolean disabled, long confirmed, Map<String, Reservation> reservations,
                          Map<String, Integer> perCustomer, Map<String, Long> confirmedOrders, long seq, List<Use> changes,
                          Instant reservationsDue, PSortedMap<Expiry, String> expiring) {
  public static final int CONFIRMED_KEPT = 1_024;
  /**
   * Changes kept in memory (the newest; older ones are dropped): enough to still hold every change not yet
   * written. A partition decides at most {@link PartitionActor#MAX_QUEUED} commands and timers (a full queue
   * holds both back) in the batch being written and as many in the next, each changing at most one use but
   * the coupon's reservation timer, which changes up to {@code PromoBehaviour.RELEASES_PER_FIRING}.
   */
  static final int CHANGES_KEPT = 4 * PartitionActor.MAX_QUEUED;

  /** An order's open use of the coupon, released at {@code expiresAt} unless confirmed. */
  public record Reservation(String orderId, String customerId, Instant expiresAt) {}

  /** A reservation's place in expiry order (then by order id). */
  public record Expiry(Instant at, String orderId) implements Comparable<Expiry> {
    @Override
    public int compareTo(Expiry o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : orderId.compareTo(o.orderId);
    }
  }

  /** Where an order's use of the coupon stands. Released and given-back uses no longer count. */
  public enum UseState { RESERVED, CONFIRMED, RELEASED, GIVEN_BACK }

  /**
   * One change of an order's use: the whole of its row afterwards. {@code useNo} numbers confirmed uses
   * (1, 2, ...; 0 when not confirmed); {@code expiresAt} is the reservation's.
   */
  public record Use(long seq, String orderId, String customerId, UseState state, Instant expiresAt, long useNo) {}

  /** Kept as persistent collections: the next state shares all but what changed with this one. */
  public CouponState {
    reservations = reservations instanceof PMap<String, Reservation> p ? p : HashTreePMap.from(reservations);
    perCustomer = perCustomer instanceof PMap<String, Integer> p ? p : HashTreePMap.from(perCustomer);
    confirmedOrders = confirmedOrders instanceof OrderedPMap<String, Long> p ? p : OrderedPMap.from(confirmedOrders);
    changes = changes instanceof TreePVector<Use> p ? p : TreePVector.from(changes);
    if (expiring == null) {
      TreePMap<Expiry, String> byExpiry = TreePMap.empty();
      for (Reservation r : reservations.values()) {
        byExpiry = byExpiry.plus(new Expiry(r.expiresAt(), r.orderId()), r.orderId());
      }
      expiring = byExpiry;
    }
  }

  /** A state with no changes in memory and no reservation timer (a new coupon). */
  public CouponState(String code, Coupon coupon, boolean disabled, long confirmed, Map<String, Reservation> reservations,
                     Map<String, Integer> perCustomer, Map<String, Long> confirmedOrders, long seq) {
    this(code, coupon, disabled, confirmed, reservations, perCustomer, confirmedOrders, seq, null);
  }

  /** A state with no changes in memory (one just read from a store). */
  public CouponState(String code, Coupon coupon, boolean disabled, long confirmed, Map<String, Reservation> reservations,
                     Map<String, Integer> perCustomer, Map<String, Long> confirmedOrders, long seq, Instant reservationsDue) {
    this(code, coupon, disabled, confirmed, reservations, perCustomer, confirmedOrders, seq, List.of(), reservationsDue, null);
  }

  public static CouponState none(String code) {
    return new CouponState(code, null, false, 0, HashTreePMap.empty(), HashTreePMap.empty(), OrderedPMap.empty(), 0);
  }

  /** What a listing needs of this coupon, with {@code customerId}'s uses (null: nobody's). */
  public CouponSummary summary(String customerId) {
    return new CouponSummary(code, coupon, disabled, confirmed, reserved(), customerId == null ? 0 : usesBy(customerId));
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
    return new CouponState(code, coupon, true, confirmed, reservations, perCustomer, confirmedOrders, seq, changes, reservationsDue,
        expiring);
  }

  /** With the reservation timer due at {@code due} (null: none set). */
  CouponState withReservationsDue(Instant due) {
    return new CouponState(code, coupon, disabled, confirmed, reservations, perCustomer, confirmedOrders, seq, changes, due, expiring);
  }

  /** Up to {@code max} open reservations expired by {@code now}, earliest first. */
  List<String> expiredBy(Instant now, int max) {
    List<String> expired = new ArrayList<>();
    for (Map.Entry<Expiry, String> e : expiring.entrySet()) {
      if (expired.size() >= max || e.getKey().at().isAfter(now)) {
        break;
      }
      expired.add(e.getValue());
    }
    return expired;
  }

  /** The earliest expiry of an open reservation, or null. */
  Instant earliestExpiry() {
    return expiring.isEmpty() ? null : expiring.firstKey().at();
  }

  /** The changes this state has beyond {@code before}: every one of them, or a loud failure (a gap would lose a use). */
  public List<Use> changesSince(CouponState before) {
    int from = changes.size();
    while (from > 0 && changes.get(from - 1).seq() > before.seq()) {
      from--;
    }
    List<Use> since = new ArrayList<>(changes.size() - from);
    for (int i = from; i < changes.size(); i++) {
      since.add(changes.get(i)); // by index: a sub-list of the tree would walk it whole
    }
    if (since.size() != seq - before.seq()) {
      throw new IllegalStateException(code + ": " + (seq - before.seq()) + " use changes to write, " + since.size() + " kept");
    }
    return since;
  }

  private TreePVector<Use> changed(String orderId, String customerId, UseState state, Instant expiresAt, long useNo) {
    TreePVector<Use> next = ((TreePVector<Use>) changes).plus(new Use(seq + 1, orderId, customerId, state, expiresAt, useNo));
    return next.size() > CHANGES_KEPT ? next.minus(0) : next;
  }

  /** With an open reservation, counted for its customer if the coupon limits customers. */
  CouponState reserving(Reservation r) {
    PMap<String, Integer> counts = (PMap<String, Integer>) perCustomer;
    if (coupon.perCustomerLimit() != null) {
      counts = counts.plus(r.customerId(), usesBy(r.customerId()) + 1);
    }
    return new CouponState(code, coupon, disabled, confirmed, ((PMap<String, Reservation>) reservations).plus(r.orderId(), r), counts,
        confirmedOrders, seq + 1, changed(r.orderId(), r.customerId(), UseState.RESERVED, r.expiresAt(), 0), reservationsDue,
        expiring.plus(new Expiry(r.expiresAt(), r.orderId()), r.orderId()));
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
        confirmedOrders, seq + 1, changed(orderId, gone.customerId(), UseState.RELEASED, gone.expiresAt(), 0), reservationsDue,
        expiring.minus(new Expiry(gone.expiresAt(), orderId)));
  }

  /** The confirmed use of a cancelled paid order uncounted, for the coupon and for its customer. */
  CouponState givingBack(String orderId, String customerId) {
    PMap<String, Integer> counts = (PMap<String, Integer>) perCustomer;
    Integer uses = counts.get(customerId);
    if (uses != null) {
      counts = uses <= 1 ? counts.minus(customerId) : counts.plus(customerId, uses - 1);
    }
    Long useNo = confirmedOrders.get(orderId);
    return new CouponState(code, coupon, disabled, confirmed - 1, reservations, counts,
        ((OrderedPMap<String, Long>) confirmedOrders).minus(orderId), seq + 1,
        changed(orderId, customerId, UseState.GIVEN_BACK, null, useNo == null ? 0 : useNo), reservationsDue, expiring);
  }

  /** The order's use counted for good and remembered (the oldest forgotten beyond {@link #CONFIRMED_KEPT}). */
  CouponState confirming(String orderId) {
    Reservation held = reservations.get(orderId);
    OrderedPMap<String, Long> orders = ((OrderedPMap<String, Long>) confirmedOrders).plus(orderId, confirmed + 1);
    if (orders.size() > CONFIRMED_KEPT) {
      orders = orders.minus(orders.keySet().iterator().next());
    }
    return new CouponState(code, coupon, disabled, confirmed + 1, ((PMap<String, Reservation>) reservations).minus(orderId), perCustomer,
        orders, seq + 1, changed(orderId, held.customerId(), UseState.CONFIRMED, held.expiresAt(), confirmed + 1), reservationsDue,
        expiring.minus(new Expiry(held.expiresAt(), orderId)));
  }
}
