package dev.tender.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.CartCommand;
import dev.tender.cart.CartKind;
import dev.tender.cart.Fixtures;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;
import dev.tender.order.Order.HoldState;
import dev.tender.order.Order.Status;
import dev.tender.promo.PromoCommand;
import dev.tender.wallet.WalletCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order's rules as pure functions: the placement record, callbacks, the retry rule, cancels and their effects. */
class OrderBehaviourTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final String N = "ORD-ABCDEFGH12";
  final OrderBehaviour rules = new OrderBehaviour(CartKind.declare(Fixtures.CATALOG), Duration.ofSeconds(60),
      Duration.ofHours(2), Duration.ofMinutes(15));

  static DecisionContext at(Instant t) {
    return DecisionContext.of(t, "req");
  }

  static OrderCommand.Placement placement(long toBePaid, String coupon) {
    return new OrderCommand.Placement("u1", "cart-1", T0.minusSeconds(5), 100_00, toBePaid, 7, coupon,
        new Order.Payer("Asha", "Rao", "asha@example.com", "9876543210"),
        List.of(new Order.Hold(Order.Tender.GIFT_CARD, "gift-card:1234567812345678", null, 30_00, 30_00, HoldState.PLANNED),
            new Order.Hold(Order.Tender.LOYALTY_POINTS, "loyalty:u1", null, 10, 10_00, HoldState.PLANNED)),
        "{\"grand_total\":100}");
  }

  Order apply(Order o, OrderCommand c, Instant t) {
    Decision<Order, OrderReply> d = rules.decide(o, c, at(t));
    return d.next() == null ? o : d.next();
  }

  Order placing(long toBePaid, String coupon) {
    return apply(Order.none(N), new OrderCommand.Begin(N, placement(toBePaid, coupon)), T0);
  }

  Order pending() {
    return apply(placing(60_00, "SAVE10"), new OrderCommand.Place(N), T0);
  }

  @Test
  void begin_notes_the_holds_under_ids_of_the_order_and_sets_a_deadline_and_again_changes_nothing() {
    Decision<Order, OrderReply> d = rules.decide(Order.none(N), new OrderCommand.Begin(N, placement(60_00, null)), at(T0));
    Order o = d.next();
    assertThat(o.status()).isEqualTo(Status.PLACING);
    assertThat(o.visible()).isFalse();
    assertThat(o.holds()).extracting(Order.Hold::holdId).containsExactly(N + "/1/0", N + "/1/1");
    assertThat(d.timers()).containsExactly(new Decision.TimerOp(OrderBehaviour.PLACING_TIMER, T0.plusSeconds(60)));
    assertThat(rules.decide(o, new OrderCommand.Begin(N, placement(60_00, null)), at(T0)).next()).isNull();
  }

  @Test
  void a_placement_with_nothing_to_hold_is_placed_by_its_begin_in_one_write() {
    OrderCommand.Placement bare = new OrderCommand.Placement("u1", "cart-1", T0, 100_00, 100_00, 1, null,
        new Order.Payer("Asha", "Rao", "asha@example.com", "9876543210"), List.of(), "{}");
    Decision<Order, OrderReply> d = rules.decide(Order.none(N), new OrderCommand.Begin(N, bare), at(T0));
    assertThat(d.next().status()).isEqualTo(Status.PENDING);
    assertThat(d.next().attempts()).singleElement().satisfies(a -> assertThat(a.txnid()).isEqualTo(N + "-1"));
    assertThat(d.timers()).containsExactly(new Decision.TimerOp(OrderBehaviour.EXPIRY_TIMER, T0.plus(Duration.ofHours(2))));
    assertThat(d.sends()).singleElement().satisfies(s -> assertThat(s.command()).isInstanceOf(CartCommand.CheckOut.class));
    // The placing node's Place then answers the order as it is.
    assertThat(rules.decide(d.next(), new OrderCommand.Place(N), at(T0)).next()).isNull();
  }

  @Test
  void place_makes_attempt_one_and_closes_the_cart_through_the_outbox() {
    Decision<Order, OrderReply> d = rules.decide(placing(60_00, null), new OrderCommand.Place(N), at(T0));
    Order o = d.next();
    assertThat(o.status()).isEqualTo(Status.PENDING);
    assertThat(o.attempts()).singleElement().satisfies(a -> {
      assertThat(a.txnid()).isEqualTo(N + "-1");
      assertThat(a.amount()).isEqualTo(60_00);
    });
    assertThat(o.holds()).allMatch(h -> h.state() == HoldState.HELD);
    assertThat(d.sends()).singleElement().satisfies(s -> assertThat(s.command()).isInstanceOf(CartCommand.CheckOut.class));
    assertThat(d.timers()).contains(new Decision.TimerOp(OrderBehaviour.PLACING_TIMER, null),
        new Decision.TimerOp(OrderBehaviour.EXPIRY_TIMER, T0.plus(Duration.ofHours(2))));
  }

  @Test
  void nothing_to_pay_confirms_at_once_capturing_every_hold_confirming_the_coupon_and_earning_points() {
    Decision<Order, OrderReply> d = rules.decide(placing(0, "SAVE10"), new OrderCommand.Place(N), at(T0));
    assertThat(d.next().status()).isEqualTo(Status.CONFIRMED);
    assertThat(d.next().attempts()).isEmpty();
    List<Object> sent = d.sends().stream().map(Decision.Send::command).toList();
    assertThat(sent).filteredOn(c -> c instanceof WalletCommand.Capture).hasSize(2);
    assertThat(sent).filteredOn(c -> c instanceof PromoCommand.Confirm).hasSize(1);
    assertThat(sent).filteredOn(c -> c instanceof WalletCommand.Earn e && e.points() == 7).hasSize(1);
  }

  @Test
  void an_abort_or_the_deadline_releases_every_planned_hold_and_the_coupon_and_the_order_cannot_then_be_placed() {
    Decision<Order, OrderReply> aborted = rules.decide(placing(60_00, "SAVE10"), new OrderCommand.Abort(N, "X|short"), at(T0));
    assertThat(aborted.next().status()).isEqualTo(Status.ABORTED);
    List<Object> sent = aborted.sends().stream().map(Decision.Send::command).toList();
    assertThat(sent).filteredOn(c -> c instanceof WalletCommand.Release).hasSize(2);
    assertThat(sent).filteredOn(c -> c instanceof PromoCommand.Release).hasSize(1);
    assertThat(rules.decide(aborted.next(), new OrderCommand.Place(N), at(T0)).reply())
        .isEqualTo(new OrderReply.Rejected(OrderReply.Reason.PLACEMENT_ABANDONED, "X|short"));

    Decision<Order, OrderReply> timedOut = rules.onTimer(placing(60_00, null), OrderBehaviour.PLACING_TIMER, at(T0.plusSeconds(61)));
    assertThat(timedOut.next().status()).isEqualTo(Status.ABORTED);
    assertThat(rules.onTimer(pending(), OrderBehaviour.PLACING_TIMER, at(T0.plusSeconds(61))).next()).isNull();

    // A new placement of the same number holds under new ids, so a late release of the old ones cannot touch them.
    Order again = apply(aborted.next(), new OrderCommand.Begin(N, placement(60_00, null)), T0.plusSeconds(1));
    assertThat(again.holds()).extracting(Order.Hold::holdId).containsExactly(N + "/2/0", N + "/2/1");
  }

  @Test
  void a_success_callback_confirms_and_captures_once_and_a_replay_changes_nothing() {
    OrderCommand.Callback ok = new OrderCommand.Callback(N, N + "-1", "success", 60_00, "mih1", "UPI", null);
    Decision<Order, OrderReply> d = rules.decide(pending(), ok, at(T0.plusSeconds(30)));
    assertThat(d.next().status()).isEqualTo(Status.CONFIRMED);
    assertThat(d.next().amountPaid()).isEqualTo(60_00);
    assertThat(d.sends()).filteredOn(s -> s.command() instanceof WalletCommand.Capture).hasSize(2);
    Decision<Order, OrderReply> replay = rules.decide(d.next(), ok, at(T0.plusSeconds(31)));
    assertThat(replay.next()).isNull();
    assertThat(replay.sends()).isEmpty();
  }

  @Test
  void a_callback_with_another_amount_or_txnid_is_refused_or_recorded_and_changes_no_status() {
    Order o = pending();
    Decision<Order, OrderReply> wrongAmount = rules.decide(o, new OrderCommand.Callback(N, N + "-1", "success", 1_00, "m", "UPI", null), at(T0));
    assertThat(wrongAmount.reply()).isInstanceOf(OrderReply.Rejected.class);
    assertThat(wrongAmount.next().status()).isEqualTo(Status.PENDING);
    assertThat(wrongAmount.next().journal()).hasSize(1);
    assertThat(wrongAmount.sends()).isEmpty();
    Decision<Order, OrderReply> unknown = rules.decide(o, new OrderCommand.Callback(N, N + "-9", "success", 60_00, "m", "UPI", null), at(T0));
    assertThat(unknown.reply()).isInstanceOf(OrderReply.Rejected.class);
    assertThat(unknown.next().status()).isEqualTo(Status.PENDING);
  }

  @Test
  void retry_needs_a_failed_attempt_or_fifteen_minutes_and_voids_the_old_one() {
    Order o = pending();
    assertThat(rules.decide(o, new OrderCommand.RetryPayment(N, "u1"), at(T0.plusSeconds(60))).reply())
        .isInstanceOf(OrderReply.Rejected.class);
    assertThat(rules.retryAllowed(o, T0.plus(Duration.ofMinutes(15)))).isTrue();
    Order retried = apply(o, new OrderCommand.RetryPayment(N, "u1"), T0.plus(Duration.ofMinutes(15)));
    assertThat(retried.attempts()).extracting(Order.Attempt::status).containsExactly(Order.AttemptStatus.VOID, Order.AttemptStatus.PENDING);
    assertThat(retried.currentAttempt().txnid()).isEqualTo(N + "-2");

    Order failed = apply(o, new OrderCommand.Callback(N, N + "-1", "failure", 60_00, "m", "UPI", "declined"), T0.plusSeconds(5));
    assertThat(failed.paymentStatus()).isEqualTo(Order.PaymentStatus.FAILED);
    assertThat(rules.retryAllowed(failed, T0.plusSeconds(6))).isTrue();
    // A late success for the voided attempt leaves the order alone.
    Order late = apply(retried, new OrderCommand.Callback(N, N + "-1", "success", 60_00, "m", "UPI", null), T0.plus(Duration.ofMinutes(16)));
    assertThat(late.status()).isEqualTo(Status.PENDING);
    assertThat(late.journal()).last().asString().contains("refund due");
  }

  @Test
  void another_customer_sees_no_order() {
    assertThat(rules.decide(pending(), new OrderCommand.Get(N, "u2"), at(T0)).reply())
        .isEqualTo(new OrderReply.Rejected(OrderReply.Reason.ORDER_NOT_FOUND, N));
    assertThat(rules.decide(pending(), new OrderCommand.Cancel(N, "u2", "x"), at(T0)).next()).isNull();
  }

  @Test
  void an_unpaid_order_is_cancelled_when_its_holds_expire_and_a_paid_one_refunds_on_cancel() {
    Decision<Order, OrderReply> expired = rules.onTimer(pending(), OrderBehaviour.EXPIRY_TIMER, at(T0.plus(Duration.ofHours(2))));
    assertThat(expired.next().status()).isEqualTo(Status.CANCELLED);
    assertThat(expired.reply()).isNull();
    assertThat(expired.sends()).filteredOn(s -> s.command() instanceof WalletCommand.Release).hasSize(2);

    Order paid = apply(pending(), new OrderCommand.Callback(N, N + "-1", "success", 60_00, "m", "UPI", null), T0);
    assertThat(rules.onTimer(paid, OrderBehaviour.EXPIRY_TIMER, at(T0.plus(Duration.ofHours(2)))).next()).isNull();
    Decision<Order, OrderReply> cancelled = rules.decide(paid, new OrderCommand.Cancel(N, "u1", "changed my mind"), at(T0));
    assertThat(cancelled.next().status()).isEqualTo(Status.CANCELLED);
    assertThat(cancelled.sends()).filteredOn(s -> s.command() instanceof WalletCommand.Refund).hasSize(2);
    assertThat(cancelled.sends()).filteredOn(s -> s.command() instanceof WalletCommand.Adjust a && a.amount() == -7).hasSize(1);
    assertThat(cancelled.next().holds()).allMatch(h -> h.state() == HoldState.REFUNDED);
  }

  @Test
  void the_wire_form_keeps_every_field() {
    Order o = apply(apply(pending(), new OrderCommand.Callback(N, N + "-1", "failure", 60_00, "m", "UPI", "declined"), T0),
        new OrderCommand.RecordRefusedCallback(N, N + "-1", "bad hash"), T0);
    WireOut out = new WireOut();
    OrderWire.order(o, out);
    assertThat(OrderWire.order(new WireIn(out.buffer(), 0))).isEqualTo(o);
  }

  @Test
  void order_numbers_are_stable_per_cart_change_and_txnids_lead_back_to_them() {
    String a = OrderNumbers.of("cart-1", T0);
    assertThat(a).isEqualTo(OrderNumbers.of("cart-1", T0)).isNotEqualTo(OrderNumbers.of("cart-1", T0.plusMillis(1)));
    assertThat(OrderNumbers.plausible(a)).isTrue();
    assertThat(OrderNumbers.plausible("ORD-abc")).isFalse();
    assertThat(OrderBehaviour.numberOfTxnid(OrderBehaviour.txnid(a, 3))).isEqualTo(a);
  }
}
