package dev.tender.promo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tender.cart.Cart;
import dev.tender.cart.CartId;
import dev.tender.cart.CartLine;
import dev.tender.cart.CartPricing;
import dev.tender.cart.Fixtures;
import dev.tender.cart.PricedCart;
import dev.tender.cart.ShippingPolicy;
import dev.tender.cart.Tenders;
import dev.tender.cart.UserId;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.cluster.WireCodec;
import dev.tender.promo.PromoReply.CouponView;
import dev.tender.promo.PromoReply.Reason;
import dev.tender.promo.PromoReply.Rejected;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A coupon's rules, decided in memory: validity, exact limits overall and per customer, reservations settled once. */
class PromoBehaviourTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Instant HOLD_UNTIL = T0.plus(Duration.ofMinutes(15));
  private static final String CODE = "SPRING25";
  private final PromoBehaviour rules = new PromoBehaviour();

  private static DecisionContext at(Instant now) {
    return DecisionContext.of(now, "req");
  }

  /** Applies a decision the way the partition actor would: the next state if it persisted one. */
  private static CouponState after(CouponState before, Decision<CouponState, PromoReply> d) {
    return d.next() != null ? d.next() : before;
  }

  private static Coupon coupon(Integer totalLimit, Integer perCustomerLimit, Instant startsAt, Instant expiresAt, Set<String> customers) {
    return new Coupon(CODE, "25% off", Coupon.DiscountType.PERCENTAGE, 2_500, 0, 50_000L, null, startsAt, expiresAt, totalLimit,
        perCustomerLimit, Coupon.AppliesTo.ALL, List.of(), List.of(), customers);
  }

  private static Coupon unlimited() {
    return coupon(null, null, null, null, Set.of());
  }

  private CouponState created(Coupon c) {
    Decision<CouponState, PromoReply> d = rules.decide(CouponState.none(CODE), new PromoCommand.Create(CODE, c), at(T0));
    assertThat(d.reply()).isInstanceOf(CouponView.class);
    assertThat(d.next()).isNotNull();
    return d.next();
  }

  private static PromoCommand.Reserve reserve(String orderId, String customerId) {
    return new PromoCommand.Reserve(CODE, orderId, customerId, HOLD_UNTIL);
  }

  private static Reason reason(Decision<CouponState, PromoReply> d) {
    assertThat(d.reply()).isInstanceOf(Rejected.class);
    return ((Rejected) d.reply()).reason();
  }

  private static CouponView view(Decision<CouponState, PromoReply> d) {
    assertThat(d.reply()).isInstanceOf(CouponView.class);
    return (CouponView) d.reply();
  }

  // ---- create, get, check ---------------------------------------------------------------------

  @Test
  void a_coupon_is_created_once_and_a_second_create_is_refused() {
    Coupon c = coupon(10, 2, null, null, Set.of());
    Decision<CouponState, PromoReply> create = rules.decide(CouponState.none(CODE), new PromoCommand.Create(CODE, c), at(T0));
    CouponView v = view(create);
    assertThat(v.coupon()).isEqualTo(c);
    assertThat(v.disabled()).isFalse();
    assertThat(v.redemptionCount()).isZero();
    assertThat(v.reservedCount()).isZero();
    CouponState s = create.next();
    assertThat(s.exists()).isTrue();
    assertThat(s.coupon()).isEqualTo(c);

    Decision<CouponState, PromoReply> again = rules.decide(s, new PromoCommand.Create(CODE, unlimited()), at(T0));
    assertThat(again.next()).isNull();
    assertThat(reason(again)).isEqualTo(Reason.ALREADY_EXISTS);
    assertThat(view(rules.decide(s, new PromoCommand.Get(CODE), at(T0))).coupon()).isEqualTo(c);
  }

  @Test
  void get_and_disable_of_an_unknown_coupon_are_invalid() {
    CouponState none = CouponState.none(CODE);
    assertThat(reason(rules.decide(none, new PromoCommand.Get(CODE), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    Decision<CouponState, PromoReply> disable = rules.decide(none, new PromoCommand.Disable(CODE), at(T0));
    assertThat(disable.next()).isNull();
    assertThat(reason(disable)).isEqualTo(Reason.INVALID_COUPON);
  }

  @Test
  void check_of_an_unknown_coupon_is_invalid() {
    Decision<CouponState, PromoReply> d = rules.decide(CouponState.none(CODE), new PromoCommand.Check(CODE, "alice"), at(T0));
    assertThat(d.next()).isNull();
    assertThat(reason(d)).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(CouponState.none(CODE), reserve("o1", "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
  }

  @Test
  void a_disabled_coupon_is_invalid_for_check_and_reserve() {
    CouponState s = created(unlimited());
    assertThat(view(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0))).disabled()).isFalse();
    Decision<CouponState, PromoReply> disable = rules.decide(s, new PromoCommand.Disable(CODE), at(T0));
    assertThat(view(disable).disabled()).isTrue();
    CouponState off = after(s, disable);
    assertThat(reason(rules.decide(off, new PromoCommand.Check(CODE, "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    Decision<CouponState, PromoReply> r = rules.decide(off, reserve("o1", "alice"), at(T0));
    assertThat(r.next()).isNull();
    assertThat(r.timers()).isEmpty();
    assertThat(reason(r)).isEqualTo(Reason.INVALID_COUPON);
  }

  @Test
  void a_coupon_not_yet_started_is_invalid_until_its_start() {
    CouponState s = created(coupon(null, null, T0.plusSeconds(3_600), null, Set.of()));
    assertThat(reason(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(s, reserve("o1", "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0.plusSeconds(3_599))))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0.plusSeconds(3_600))).reply()).isInstanceOf(CouponView.class);
  }

  @Test
  void an_expired_coupon_is_invalid_from_its_expiry_on() {
    CouponState s = created(coupon(null, null, null, T0, Set.of()));
    assertThat(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0.minusMillis(1))).reply()).isInstanceOf(CouponView.class);
    assertThat(reason(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0.plusSeconds(60))))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(s, reserve("o1", "alice"), at(T0.plusSeconds(60))))).isEqualTo(Reason.INVALID_COUPON);
  }

  @Test
  void a_customer_restricted_coupon_is_invalid_for_anyone_else() {
    CouponState s = created(coupon(null, null, null, null, Set.of("alice", "carol")));
    assertThat(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0)).reply()).isInstanceOf(CouponView.class);
    assertThat(reason(rules.decide(s, new PromoCommand.Check(CODE, "bob"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(s, reserve("o1", "bob"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(view(rules.decide(s, reserve("o2", "carol"), at(T0))).reservedCount()).isEqualTo(1);
  }

  /**
   * A command without a customer (the wire allows a null customer id) is not one of the listed
   * customers: INVALID_COUPON, not an exception out of the decision (which the runtime answers as 500).
   */
  @Test
  void a_check_or_reserve_without_a_customer_of_a_restricted_coupon_is_invalid_not_an_error() {
    CouponState s = created(coupon(null, null, null, null, Set.of("alice")));
    assertThat(reason(rules.decide(s, new PromoCommand.Check(CODE, null), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(s, reserve("o1", null), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
  }

  // ---- limits ---------------------------------------------------------------------------------

  @Test
  void a_total_limit_of_l_lets_exactly_l_orders_reserve_and_confirm_counts_and_release_frees() {
    int limit = 3;
    CouponState s = created(coupon(limit, null, null, null, Set.of()));
    for (int i = 1; i <= limit; i++) {
      Decision<CouponState, PromoReply> d = rules.decide(s, reserve("o" + i, "customer-" + i), at(T0));
      assertThat(view(d).reservedCount()).isEqualTo(i);
      s = after(s, d);
    }
    Decision<CouponState, PromoReply> over = rules.decide(s, reserve("o4", "customer-4"), at(T0));
    assertThat(over.next()).isNull();
    assertThat(over.timers()).isEmpty();
    assertThat(reason(over)).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(s, new PromoCommand.Check(CODE, "customer-4"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);

    // A confirmed use still counts toward the limit.
    Decision<CouponState, PromoReply> confirm = rules.decide(s, new PromoCommand.Confirm(CODE, "o1"), at(T0));
    assertThat(view(confirm).redemptionCount()).isEqualTo(1);
    assertThat(view(confirm).reservedCount()).isEqualTo(2);
    s = after(s, confirm);
    assertThat(s.confirmed()).isEqualTo(1);
    assertThat(s.reservations()).containsOnlyKeys("o2", "o3");
    assertThat(reason(rules.decide(s, reserve("o4", "customer-4"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);

    // A released use is given back: one more order may take it, and then no more.
    Decision<CouponState, PromoReply> release = rules.decide(s, new PromoCommand.Release(CODE, "o2"), at(T0));
    assertThat(view(release).redemptionCount()).isEqualTo(1);
    assertThat(view(release).reservedCount()).isEqualTo(1);
    s = after(s, release);
    Decision<CouponState, PromoReply> retake = rules.decide(s, reserve("o4", "customer-4"), at(T0));
    assertThat(view(retake).reservedCount()).isEqualTo(2);
    s = after(s, retake);
    assertThat(reason(rules.decide(s, reserve("o5", "customer-5"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    assertThat(s.confirmed() + s.reserved()).isEqualTo(limit);
  }

  @Test
  void a_per_customer_limit_counts_reserved_and_confirmed_uses_of_that_customer_only() {
    CouponState s = created(coupon(null, 2, null, null, Set.of()));
    s = after(s, rules.decide(s, reserve("a1", "alice"), at(T0)));
    s = after(s, rules.decide(s, reserve("a2", "alice"), at(T0)));
    assertThat(s.usesBy("alice")).isEqualTo(2);
    Decision<CouponState, PromoReply> third = rules.decide(s, reserve("a3", "alice"), at(T0));
    assertThat(third.next()).isNull();
    assertThat(reason(third)).isEqualTo(Reason.INVALID_COUPON);
    assertThat(reason(rules.decide(s, new PromoCommand.Check(CODE, "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    // Another customer is not affected.
    assertThat(rules.decide(s, new PromoCommand.Check(CODE, "bob"), at(T0)).reply()).isInstanceOf(CouponView.class);
    s = after(s, rules.decide(s, reserve("b1", "bob"), at(T0)));
    assertThat(s.usesBy("bob")).isEqualTo(1);

    // Confirming keeps the use counted; releasing gives it back.
    s = after(s, rules.decide(s, new PromoCommand.Confirm(CODE, "a1"), at(T0)));
    assertThat(s.usesBy("alice")).isEqualTo(2);
    assertThat(reason(rules.decide(s, reserve("a3", "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);
    s = after(s, rules.decide(s, new PromoCommand.Release(CODE, "a2"), at(T0)));
    assertThat(s.usesBy("alice")).isEqualTo(1);
    Decision<CouponState, PromoReply> again = rules.decide(s, reserve("a3", "alice"), at(T0));
    assertThat(again.reply()).isInstanceOf(CouponView.class);
    s = after(s, again);
    assertThat(s.usesBy("alice")).isEqualTo(2);
    assertThat(reason(rules.decide(s, reserve("a4", "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);

    // An expiring reservation gives the use back too.
    s = after(s, rules.onTimer(s, "reservation:a3", at(HOLD_UNTIL)));
    assertThat(s.usesBy("alice")).isEqualTo(1);
    assertThat(rules.decide(s, reserve("a4", "alice"), at(T0)).reply()).isInstanceOf(CouponView.class);
  }

  @Test
  void a_coupon_without_a_per_customer_limit_keeps_no_per_customer_counts() {
    CouponState s = created(unlimited());
    for (int i = 0; i < 5; i++) {
      s = after(s, rules.decide(s, reserve("o" + i, "alice"), at(T0)));
    }
    assertThat(s.reserved()).isEqualTo(5);
    assertThat(s.perCustomer()).isEmpty();
    s = after(s, rules.decide(s, new PromoCommand.Release(CODE, "o0"), at(T0)));
    s = after(s, rules.onTimer(s, "reservation:o1", at(HOLD_UNTIL)));
    assertThat(s.reserved()).isEqualTo(3);
  }

  // ---- reservations ---------------------------------------------------------------------------

  @Test
  void the_same_order_reserving_twice_holds_one_use_and_gets_the_view() {
    CouponState s = created(coupon(5, 1, null, null, Set.of()));
    Decision<CouponState, PromoReply> first = rules.decide(s, reserve("o1", "alice"), at(T0));
    s = after(s, first);
    Decision<CouponState, PromoReply> repeat = rules.decide(s, reserve("o1", "alice"), at(T0.plusSeconds(5)));
    assertThat(repeat.next()).isNull();
    assertThat(repeat.timers()).isEmpty();
    assertThat(view(repeat)).isEqualTo(view(first));
    assertThat(view(repeat).reservedCount()).isEqualTo(1);
    assertThat(s.reservations()).containsOnlyKeys("o1");
    assertThat(s.usesBy("alice")).isEqualTo(1);
  }

  /**
   * {@link PromoCommand.Reserve}: "the same order asking again gets the same answer" and uses are
   * idempotent by order id. An order whose use was confirmed asking again (a retry under a new
   * idempotency key, or after its record expired) must not take a second use of the coupon.
   */
  @Test
  void an_order_whose_use_was_confirmed_reserving_again_takes_no_second_use() {
    CouponState s = created(coupon(5, null, null, null, Set.of()));
    s = after(s, rules.decide(s, reserve("o1", "alice"), at(T0)));
    s = after(s, rules.decide(s, new PromoCommand.Confirm(CODE, "o1"), at(T0)));
    Decision<CouponState, PromoReply> again = rules.decide(s, reserve("o1", "alice"), at(T0));
    CouponState afterAgain = after(s, again);
    assertThat(afterAgain.confirmed() + afterAgain.reserved()).as("uses held by order o1 after %s", again.reply()).isEqualTo(1);
  }

  @Test
  void a_cancelled_paid_orders_use_is_given_back_once_to_the_coupon_and_its_customer() {
    CouponState s = created(coupon(5, 1, null, null, Set.of()));
    s = after(s, rules.decide(s, reserve("o1", "alice"), at(T0)));
    s = after(s, rules.decide(s, new PromoCommand.Confirm(CODE, "o1"), at(T0)));
    assertThat(s.confirmed()).isEqualTo(1);
    assertThat(reason(rules.decide(s, reserve("o2", "alice"), at(T0)))).isEqualTo(Reason.INVALID_COUPON); // her one use is spent
    CouponState back = after(s, rules.decide(s, new PromoCommand.GiveBack(CODE, "o1", "alice"), at(T0)));
    assertThat(back.confirmed()).isZero();
    assertThat(back.usesBy("alice")).isZero();
    assertThat(rules.decide(back, reserve("o2", "alice"), at(T0)).next()).isNotNull(); // she may use it again
    Decision<CouponState, PromoReply> again = rules.decide(back, new PromoCommand.GiveBack(CODE, "o1", "alice"), at(T0));
    assertThat(again.next()).isNull();
    assertThat(reason(again)).isEqualTo(Reason.RESERVATION_NOT_FOUND);
  }

  @Test
  void confirm_or_release_of_an_order_without_an_open_use_is_reservation_not_found() {
    CouponState s = created(coupon(5, null, null, null, Set.of()));
    s = after(s, rules.decide(s, reserve("o1", "alice"), at(T0)));
    Decision<CouponState, PromoReply> confirm = rules.decide(s, new PromoCommand.Confirm(CODE, "nope"), at(T0));
    assertThat(confirm.next()).isNull();
    assertThat(confirm.timers()).isEmpty();
    assertThat(reason(confirm)).isEqualTo(Reason.RESERVATION_NOT_FOUND);
    Decision<CouponState, PromoReply> release = rules.decide(s, new PromoCommand.Release(CODE, "nope"), at(T0));
    assertThat(release.next()).isNull();
    assertThat(reason(release)).isEqualTo(Reason.RESERVATION_NOT_FOUND);

    // Settled once: a second confirm changes nothing, a release after a confirm finds nothing open.
    CouponState confirmed = after(s, rules.decide(s, new PromoCommand.Confirm(CODE, "o1"), at(T0)));
    Decision<CouponState, PromoReply> confirmAgain = rules.decide(confirmed, new PromoCommand.Confirm(CODE, "o1"), at(T0));
    assertThat(confirmAgain.next()).isNull();
    assertThat(confirmAgain.timers()).isEmpty();
    Decision<CouponState, PromoReply> releaseAfter = rules.decide(confirmed, new PromoCommand.Release(CODE, "o1"), at(T0));
    assertThat(releaseAfter.next()).isNull();
    assertThat(reason(releaseAfter)).isEqualTo(Reason.RESERVATION_NOT_FOUND);
    assertThat(confirmed.confirmed()).isEqualTo(1);
    // Of an unknown coupon too.
    assertThat(reason(rules.decide(CouponState.none(CODE), new PromoCommand.Confirm(CODE, "o1"), at(T0))))
        .isEqualTo(Reason.RESERVATION_NOT_FOUND);
  }

  @Test
  void the_first_reservation_sets_the_coupons_timer_and_later_ones_confirms_and_releases_leave_it() {
    CouponState s = created(unlimited());
    Decision<CouponState, PromoReply> reserve = rules.decide(s, reserve("o1", "alice"), at(T0));
    assertThat(reserve.timers()).extracting(Decision.TimerOp::name, Decision.TimerOp::due)
        .containsExactly(tuple("reservations", HOLD_UNTIL));
    s = after(s, reserve);
    assertThat(s.reservations().get("o1")).isEqualTo(new CouponState.Reservation("o1", "alice", HOLD_UNTIL));
    assertThat(s.reservationsDue()).isEqualTo(HOLD_UNTIL);
    Decision<CouponState, PromoReply> later = rules.decide(s, reserve("o2", "bob"), at(T0));
    assertThat(later.timers()).as("expires no earlier than the timer").isEmpty();
    s = after(s, later);
    Decision<CouponState, PromoReply> earlier = rules.decide(s, new PromoCommand.Reserve(CODE, "o3", "cat", HOLD_UNTIL.minusSeconds(60)),
        at(T0));
    assertThat(earlier.timers()).as("an earlier one moves it").extracting(Decision.TimerOp::name, Decision.TimerOp::due)
        .containsExactly(tuple("reservations", HOLD_UNTIL.minusSeconds(60)));
    s = after(s, earlier);

    Decision<CouponState, PromoReply> confirm = rules.decide(s, new PromoCommand.Confirm(CODE, "o1"), at(T0));
    assertThat(confirm.timers()).isEmpty();
    Decision<CouponState, PromoReply> release = rules.decide(after(s, confirm), new PromoCommand.Release(CODE, "o2"), at(T0));
    assertThat(release.timers()).isEmpty();
    assertThat(confirm.sends()).isEmpty();
    assertThat(release.sends()).isEmpty();
  }

  @Test
  void with_no_timer_recorded_the_next_reservation_sets_it_at_the_earliest_open_one() {
    // A coupon written before the one timer: an open reservation (its own timer elsewhere), no timer recorded.
    CouponState created = created(unlimited());
    CouponState older = new CouponState(CODE, created.coupon(), false, 0,
        Map.of("old", new CouponState.Reservation("old", "zed", HOLD_UNTIL.minusSeconds(300))), Map.of(), Map.of(), 0, null);
    Decision<CouponState, PromoReply> d = rules.decide(older, reserve("new", "alice"), at(T0));
    assertThat(d.timers()).extracting(Decision.TimerOp::name, Decision.TimerOp::due)
        .containsExactly(tuple("reservations", HOLD_UNTIL.minusSeconds(300)));
    CouponState fired = after(after(older, d), rules.onTimer(after(older, d), "reservations", at(HOLD_UNTIL.minusSeconds(300))));
    assertThat(fired.reservations()).containsOnlyKeys("new");
    assertThat(fired.reservationsDue()).isEqualTo(HOLD_UNTIL);
  }

  @Test
  void the_coupons_timer_releases_what_expired_earliest_first_and_sets_itself_for_the_next() {
    CouponState s = created(coupon(10, null, null, null, Set.of()));
    Instant in1 = T0.plusSeconds(60);
    Instant in2 = T0.plusSeconds(120);
    Instant in3 = T0.plusSeconds(180);
    s = after(s, rules.decide(s, new PromoCommand.Reserve(CODE, "late", "a", in3), at(T0)));
    s = after(s, rules.decide(s, new PromoCommand.Reserve(CODE, "mid", "b", in2), at(T0)));
    s = after(s, rules.decide(s, new PromoCommand.Reserve(CODE, "soon", "c", in1), at(T0)));
    assertThat(s.reservationsDue()).isEqualTo(in1);
    s = after(s, rules.decide(s, new PromoCommand.Confirm(CODE, "soon"), at(T0)));

    // Fires at in1 ("soon" confirmed meanwhile): nothing released, set again for "mid".
    Decision<CouponState, PromoReply> first = rules.onTimer(s, "reservations", at(in1));
    assertThat(first.timers()).extracting(Decision.TimerOp::name, Decision.TimerOp::due).containsExactly(tuple("reservations", in2));
    s = after(s, first);
    assertThat(s.reservations()).containsOnlyKeys("mid", "late");
    // Fires late, after both: releases both, earliest first, and sets nothing.
    CouponState before = s;
    Decision<CouponState, PromoReply> late = rules.onTimer(s, "reservations", at(in3.plusSeconds(1)));
    s = after(s, late);
    assertThat(late.timers()).isEmpty();
    assertThat(s.reservations()).isEmpty();
    assertThat(s.reservationsDue()).isNull();
    assertThat(s.changesSince(before)).extracting(CouponState.Use::orderId, CouponState.Use::state)
        .containsExactly(tuple("mid", CouponState.UseState.RELEASED), tuple("late", CouponState.UseState.RELEASED));
    assertThat(s.confirmed()).isEqualTo(1);
    // Fired again with nothing open: no use changes, no timer.
    Decision<CouponState, PromoReply> idle = rules.onTimer(s, "reservations", at(in3.plusSeconds(2)));
    assertThat(idle.timers()).isEmpty();
    assertThat(after(s, idle).seq()).isEqualTo(s.seq());
    // The next reservation sets the timer again.
    assertThat(rules.decide(s, new PromoCommand.Reserve(CODE, "next", "d", in3.plusSeconds(600)), at(in3.plusSeconds(3))).timers())
        .hasSize(1);
  }

  @Test
  void the_reservation_timer_releases_an_open_use_once() {
    CouponState s = created(coupon(1, 1, null, null, Set.of()));
    s = after(s, rules.decide(s, reserve("o1", "alice"), at(T0)));
    assertThat(reason(rules.decide(s, reserve("o2", "bob"), at(T0)))).isEqualTo(Reason.INVALID_COUPON);

    Decision<CouponState, PromoReply> fired = rules.onTimer(s, "reservations", at(HOLD_UNTIL));
    assertThat(fired.reply()).isNull();
    assertThat(fired.next()).isNotNull();
    CouponState released = after(s, fired);
    assertThat(released.reservations()).isEmpty();
    assertThat(released.confirmed()).isZero();
    assertThat(released.usesBy("alice")).isZero();

    Decision<CouponState, PromoReply> again = rules.onTimer(released, "reservations", at(HOLD_UNTIL.plusSeconds(1)));
    assertThat(again.reply()).isNull();
    assertThat(again.timers()).isEmpty();
    assertThat(after(released, again).seq()).as("nothing released twice").isEqualTo(released.seq());
    // A per-reservation timer of an older coupon finds it gone too.
    assertThat(rules.onTimer(released, "reservation:o1", at(HOLD_UNTIL.plusSeconds(1))).next()).isNull();
    // The use is free again, and the expired order can no longer confirm.
    assertThat(view(rules.decide(released, reserve("o2", "bob"), at(HOLD_UNTIL.minusSeconds(1)))).reservedCount()).isEqualTo(1);
    assertThat(reason(rules.decide(released, new PromoCommand.Confirm(CODE, "o1"), at(HOLD_UNTIL))))
        .isEqualTo(Reason.RESERVATION_NOT_FOUND);
  }

  @Test
  void the_reservation_timer_does_nothing_after_a_confirm_or_release() {
    CouponState s = created(coupon(2, null, null, null, Set.of()));
    s = after(s, rules.decide(s, reserve("o1", "alice"), at(T0)));
    s = after(s, rules.decide(s, reserve("o2", "bob"), at(T0)));
    s = after(s, rules.decide(s, new PromoCommand.Confirm(CODE, "o1"), at(T0)));
    s = after(s, rules.decide(s, new PromoCommand.Release(CODE, "o2"), at(T0)));
    assertThat(rules.onTimer(s, "reservation:o1", at(HOLD_UNTIL))).isEqualTo(Decision.none());
    assertThat(rules.onTimer(s, "reservation:o2", at(HOLD_UNTIL))).isEqualTo(Decision.none());
    assertThat(rules.onTimer(s, "something-else", at(HOLD_UNTIL))).isEqualTo(Decision.none());
    assertThat(s.confirmed()).isEqualTo(1);
    assertThat(s.reserved()).isZero();
  }

  @Test
  void a_timer_of_another_name_does_not_release_a_reservation() {
    CouponState s = created(unlimited());
    s = after(s, rules.decide(s, reserve("o1", "alice"), at(T0)));
    assertThat(rules.onTimer(s, "o1", at(HOLD_UNTIL)).next()).isNull();
    assertThat(rules.onTimer(s, "hold:o1", at(HOLD_UNTIL)).next()).isNull();
  }

  // ---- wire -----------------------------------------------------------------------------------

  private static <T> void roundTrips(WireCodec<T> codec, T value) {
    assertThat(codec.fromBytes(codec.toBytes(value))).as("round trip of %s", value).isEqualTo(value);
  }

  private static Coupon everyField() {
    return new Coupon("FULL", "Everything set", Coupon.DiscountType.FIXED_AMOUNT, 0, 25_000, 30_000L, 100_000L,
        Instant.parse("2026-11-01T00:00:00.123456789Z"), Instant.parse("2026-12-01T00:00:00Z"), 100, 3, Coupon.AppliesTo.CATEGORY,
        List.of("p01", "p02"), List.of("shoes", "bags"), Set.of("alice", "bob", "carol"));
  }

  @Test
  void every_command_round_trips() {
    for (Coupon c : List.of(everyField(), unlimited(), DemoCoupons.SAVE10,
        new Coupon("SHIP", null, Coupon.DiscountType.FREE_SHIPPING, 0, 0, null, null, null, null, null, null, Coupon.AppliesTo.PRODUCT,
            List.of("p09"), List.of(), Set.of()))) {
      roundTrips(PromoWire.COMMANDS, new PromoCommand.Create(c.code(), c));
    }
    roundTrips(PromoWire.COMMANDS, new PromoCommand.Disable(CODE));
    roundTrips(PromoWire.COMMANDS, new PromoCommand.Get(CODE));
    roundTrips(PromoWire.COMMANDS, new PromoCommand.Check(CODE, "alice"));
    roundTrips(PromoWire.COMMANDS, new PromoCommand.Check(CODE, null));
    roundTrips(PromoWire.COMMANDS, new PromoCommand.Reserve(CODE, "o1", "alice", Instant.parse("2026-11-23T10:15:00.000000001Z")));
    roundTrips(PromoWire.COMMANDS, new PromoCommand.Confirm(CODE, "o1"));
    roundTrips(PromoWire.COMMANDS, new PromoCommand.Release(CODE, "o1"));
    roundTrips(PromoWire.COMMANDS, new PromoCommand.GiveBack(CODE, "o1", "alice"));
  }

  @Test
  void every_reply_round_trips() {
    roundTrips(PromoWire.REPLIES, new CouponView(everyField(), true, 7, 3));
    roundTrips(PromoWire.REPLIES, new CouponView(unlimited(), false, 0, 0));
    for (Reason r : Reason.values()) {
      roundTrips(PromoWire.REPLIES, new Rejected(r, "because " + r));
    }
  }

  @Test
  void a_coupon_lists_the_changes_of_uses_since_an_earlier_state_and_refuses_a_gap() {
    CouponState created = created(coupon(10, 2, null, null, Set.of()));
    CouponState one = after(created, rules.decide(created, reserve("o1", "alice"), at(T0)));
    CouponState two = after(one, rules.decide(one, reserve("o2", "bob"), at(T0)));
    CouponState three = after(two, rules.decide(two, new PromoCommand.Confirm(CODE, "o1"), at(T0)));
    CouponState four = after(three, rules.decide(three, new PromoCommand.Release(CODE, "o2"), at(T0)));
    assertThat(four.seq()).isEqualTo(4);
    assertThat(four.changesSince(created)).extracting(u -> u.seq() + " " + u.orderId() + " " + u.state() + " " + u.useNo())
        .containsExactly("1 o1 RESERVED 0", "2 o2 RESERVED 0", "3 o1 CONFIRMED 1", "4 o2 RELEASED 0");
    assertThat(four.changesSince(two)).extracting(CouponState.Use::seq).containsExactly(3L, 4L);
    assertThat(four.changesSince(four)).isEmpty();
    assertThat(four.changesSince(three).get(0).customerId()).isEqualTo("bob");
    // A state read back from a store knows no changes: asking it for changes since an older state is a bug, loudly.
    CouponState reloaded = new CouponState(CODE, four.coupon(), false, four.confirmed(), four.reservations(), four.perCustomer(),
        four.confirmedOrders(), four.seq());
    assertThatThrownBy(() -> reloaded.changesSince(two)).isInstanceOf(IllegalStateException.class);
  }

  // ---- the coupon on a priced cart ------------------------------------------------------------

  private static PricedCart priced(Coupon coupon, CartLine... lines) {
    Cart cart = new Cart(new CartId("c1"), new UserId("u1"), List.of(lines), null, null, null, Map.of(), Fixtures.NOW, Fixtures.NOW,
        Fixtures.NOW.plus(Fixtures.TTL)).withTenders(Tenders.NONE.withCoupon(coupon));
    return new CartPricing(Fixtures.CATALOG, ShippingPolicy.DEMO).price(cart);
  }

  private static Coupon percent(int bps, Long maximum, Long minimumOrderTotal) {
    return new Coupon("P", "p", Coupon.DiscountType.PERCENTAGE, bps, 0, maximum, minimumOrderTotal, null, null, null, null,
        Coupon.AppliesTo.ALL, List.of(), List.of(), Set.of());
  }

  @Test
  void a_coupon_discount_is_split_over_the_eligible_lines_and_sums_exactly() {
    // p03 x2 = 699.00 and p01-m = 475.24 before tax (see CartPricingTest).
    CartLine p03 = new CartLine("p03", null, 2);
    CartLine p01 = new CartLine("p01", "p01-m", 1);
    PricedCart none = priced(null, p03, p01);
    assertThat(none.couponDiscountAmount()).isZero();

    PricedCart tenPercent = priced(percent(1_000, null, null), p03, p01);
    assertThat(tenPercent.couponDiscountAmount()).isEqualTo(11_742); // 10 % of 1174.24, half up
    assertThat(tenPercent.lines()).extracting(PricedCart.Line::couponDiscountAmount).containsExactly(6_990L, 4_752L);

    PricedCart capped = priced(percent(5_000, 10_001L, null), p03, p01);
    assertThat(capped.couponDiscountAmount()).isEqualTo(10_001);
    assertThat(capped.lines().stream().mapToLong(PricedCart.Line::couponDiscountAmount).sum()).isEqualTo(10_001);

    Coupon fixed = new Coupon("F", "f", Coupon.DiscountType.FIXED_AMOUNT, 0, 5_000_000, null, null, null, null, null, null,
        Coupon.AppliesTo.PRODUCT, List.of("p01"), List.of(), Set.of());
    PricedCart onlyP01 = priced(fixed, p03, p01);
    assertThat(onlyP01.lines()).extracting(PricedCart.Line::couponDiscountAmount).containsExactly(0L, 47_524L); // at most the value

    assertThat(priced(percent(1_000, null, 117_425L), p03, p01).couponDiscountAmount()).as("below the minimum").isZero();
    assertThat(priced(percent(1_000, null, 117_424L), p03, p01).couponDiscountAmount()).as("at the minimum").isEqualTo(11_742);
  }
}
