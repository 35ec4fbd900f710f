package dev.tender.payment;

import static dev.tender.payment.PaymentSplit.ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tender.payment.PaymentSplit.Group;
import dev.tender.payment.PaymentSplit.Tender;
import dev.tender.payment.PaymentSplit.Type;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class PaymentSplitTest {
  private static Tender gift(String number, long requested, long balance) {
    return new Tender(Type.GIFT_CARD, number, requested, balance, 1);
  }

  private static Group gateway(long amount) {
    return new Group(null, null, amount, true);
  }

  @Test
  void a_gift_card_covering_everything_leaves_nothing_to_the_gateway() {
    assertThat(PaymentSplit.split(99_715, List.of(gift("4000", ALL, 200_000))))
        .containsExactly(new Group(Type.GIFT_CARD, "4000", 99_715, false));
  }

  @Test
  void points_are_spent_whole_rounded_down() {
    // 50 points of ₹1 available, ₹12.34 due: 12 points, the 34 paise go to the gateway.
    Tender points = new Tender(Type.LOYALTY_POINTS, "loyalty:u1", ALL, 5_000, 100);
    assertThat(PaymentSplit.split(1_234, List.of(points)))
        .containsExactly(new Group(Type.LOYALTY_POINTS, "loyalty:u1", 1_200, false), gateway(34));
    // A request that is not a whole number of points is rounded down too.
    Tender some = new Tender(Type.LOYALTY_POINTS, "loyalty:u1", 2_550, 5_000, 100);
    assertThat(PaymentSplit.split(10_000, List.of(some)))
        .containsExactly(new Group(Type.LOYALTY_POINTS, "loyalty:u1", 2_500, false), gateway(7_500));
    // Less than one point's worth due: no point is spent.
    assertThat(PaymentSplit.split(99, List.of(points)))
        .containsExactly(new Group(Type.LOYALTY_POINTS, "loyalty:u1", 0, false), gateway(99));
  }

  @Test
  void a_request_above_the_balance_is_capped_at_the_balance() {
    Tender credit = new Tender(Type.STORE_CREDIT, "credit:u1", 50_000, 20_000, 1);
    assertThat(PaymentSplit.split(30_000, List.of(credit)))
        .containsExactly(new Group(Type.STORE_CREDIT, "credit:u1", 20_000, false), gateway(10_000));
  }

  @Test
  void a_request_below_the_balance_takes_only_what_was_asked() {
    assertThat(PaymentSplit.split(30_000, List.of(gift("4000", 5_000, 100_000))))
        .containsExactly(new Group(Type.GIFT_CARD, "4000", 5_000, false), gateway(25_000));
  }

  @Test
  void zero_due_keeps_every_tender_at_zero_and_has_no_gateway() {
    assertThat(PaymentSplit.split(0, List.of(gift("4000", ALL, 1_000), gift("4001", 500, 1_000))))
        .containsExactly(new Group(Type.GIFT_CARD, "4000", 0, false), new Group(Type.GIFT_CARD, "4001", 0, false));
  }

  @Test
  void tenders_are_taken_in_the_order_given() {
    assertThat(PaymentSplit.split(1_500, List.of(gift("A", ALL, 1_000), gift("B", ALL, 1_000), gift("C", ALL, 1_000))))
        .extracting(Group::amount).containsExactly(1_000L, 500L, 0L);
  }

  @Test
  void no_tenders_means_the_gateway_pays_everything() {
    assertThat(PaymentSplit.split(4_200, List.of())).containsExactly(gateway(4_200));
    assertThat(PaymentSplit.split(0, List.of())).isEmpty();
  }

  @Test
  void refuses_negative_amounts_and_units_that_are_not_positive() {
    assertThatThrownBy(() -> PaymentSplit.split(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gift("A", -2, 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gift("A", ALL, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tender(Type.LOYALTY_POINTS, "p", ALL, 100, 0)).isInstanceOf(IllegalArgumentException.class);
    long[] out = new long[1];
    assertThatThrownBy(() -> PaymentSplit.allocate(100, new long[] {-2}, new long[] {100}, new long[] {1}, 1, out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PaymentSplit.allocate(100, new long[] {ALL}, new long[] {-5}, new long[] {1}, 1, out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PaymentSplit.allocate(100, new long[] {ALL}, new long[] {100}, new long[] {-100}, 1, out))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allocate_uses_only_the_first_n_tenders() {
    long[] out = new long[3];
    long rest = PaymentSplit.allocate(1_000, new long[] {ALL, ALL, ALL}, new long[] {300, 300, 300}, new long[] {1, 1, 1}, 2, out);
    assertThat(rest).isEqualTo(400);
    assertThat(out).containsExactly(300, 300, 0);
  }

  @Property(tries = 2_000)
  void groups_pay_exactly_what_is_due_within_every_cap_and_unit(@ForAll("dues") long due, @ForAll("tenders") List<Tender> tenders) {
    List<Group> groups = PaymentSplit.split(due, tenders);
    int n = tenders.size();

    long sum = 0;
    long remainingBefore = due;
    for (int i = 0; i < n; i++) {
      Tender t = tenders.get(i);
      Group g = groups.get(i);
      assertThat(g.type()).isEqualTo(t.type());
      assertThat(g.reference()).isEqualTo(t.reference());
      assertThat(g.amountRemaining()).isFalse();
      long cap = t.requested() == ALL ? t.available() : Math.min(t.requested(), t.available());
      assertThat(g.amount()).isBetween(0L, cap);
      assertThat(g.amount() % t.unit()).isZero();
      // Greedy: short of what it could take by less than one unit.
      assertThat(Math.min(cap, remainingBefore) - g.amount()).isBetween(0L, t.unit() - 1);
      remainingBefore -= g.amount();
      sum += g.amount();
    }
    long remainder = due - sum;
    if (remainder > 0) {
      assertThat(groups).hasSize(n + 1);
      assertThat(groups.get(n)).isEqualTo(gateway(remainder));
    } else {
      assertThat(groups).hasSize(n);
    }
    assertThat(groups.stream().mapToLong(Group::amount).sum()).isEqualTo(due);

    assertThat(PaymentSplit.split(due, List.copyOf(tenders))).isEqualTo(groups);

    long[] requested = tenders.stream().mapToLong(Tender::requested).toArray();
    long[] available = tenders.stream().mapToLong(Tender::available).toArray();
    long[] unit = tenders.stream().mapToLong(Tender::unit).toArray();
    long[] out = new long[n];
    assertThat(PaymentSplit.allocate(due, requested, available, unit, n, out)).isEqualTo(remainder);
    assertThat(out).containsExactly(groups.subList(0, n).stream().mapToLong(Group::amount).toArray());
  }

  @Provide
  Arbitrary<Long> dues() {
    return Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, 100_000_000),
        Arbitraries.longs().between(0, Long.MAX_VALUE));
  }

  @Provide
  Arbitrary<List<Tender>> tenders() {
    Arbitrary<Long> amounts = Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, 100_000_000),
        Arbitraries.longs().between(0, Long.MAX_VALUE));
    Arbitrary<Long> requested = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(ALL)), Tuple.of(2, amounts));
    Arbitrary<Tender> tender = Combinators.combine(Arbitraries.of(Type.class), Arbitraries.strings().alpha().ofLength(4),
        requested, amounts, Arbitraries.of(1L, 25L, 100L, 1_000L, 7L)).as((type, ref, req, available, pointValue) -> {
          long unit = type == Type.LOYALTY_POINTS ? pointValue : 1;
          return new Tender(type, ref, req, available, unit);
        });
    return tender.list().ofMaxSize(6);
  }
}
