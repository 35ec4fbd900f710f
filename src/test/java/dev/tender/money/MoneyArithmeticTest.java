package dev.tender.money;

import static dev.tender.money.Money.inr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyArithmeticTest {
  private static final Currency USD = Currency.getInstance("USD");

  @Test
  void adds_subtracts_and_multiplies_in_minor_units() {
    assertThat(inr(349_50).plus(inr(50))).isEqualTo(inr(350_00));
    assertThat(inr(350_00).minus(inr(50))).isEqualTo(inr(349_50));
    assertThat(inr(349_50).times(3)).isEqualTo(inr(1048_50));
    assertThat(inr(349_50).times(0).isZero()).isTrue();
  }

  @Test
  void negative_amounts_are_ordinary_values() {
    Money refund = inr(500).minus(inr(800));
    assertThat(refund).isEqualTo(inr(-300));
    assertThat(refund.isNegative()).isTrue();
    assertThat(refund.isZero()).isFalse();
    assertThat(refund.negate()).isEqualTo(inr(300));
    assertThat(refund.plus(inr(300)).isZero()).isTrue();
    assertThat(refund.times(-2)).isEqualTo(inr(600));
    assertThat(refund.toString()).isEqualTo("INR -3.00");
    assertThat(inr(0).isNegative()).isFalse();
  }

  @Test
  void compares_and_picks_min_and_max_across_signs() {
    assertThat(inr(-300)).isLessThan(inr(0)).isLessThan(inr(5));
    assertThat(inr(7).compareTo(inr(7))).isZero();
    assertThat(inr(-300).min(inr(5))).isEqualTo(inr(-300));
    assertThat(inr(-300).max(inr(5))).isEqualTo(inr(5));
    assertThat(inr(5).min(inr(-300))).isEqualTo(inr(-300));
    assertThat(inr(5).max(inr(-300))).isEqualTo(inr(5));
  }

  @Test
  void overflow_throws_instead_of_wrapping() {
    assertThatThrownBy(() -> inr(Long.MAX_VALUE).plus(inr(1))).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> inr(Long.MIN_VALUE).minus(inr(1))).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> inr(Long.MIN_VALUE).negate()).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> inr(Long.MAX_VALUE / 2 + 1).times(2)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> inr(Long.MAX_VALUE / 1800 + 1).timesBps(1800)).isInstanceOf(ArithmeticException.class);
    assertThat(inr(Long.MAX_VALUE).minus(inr(1))).isEqualTo(inr(Long.MAX_VALUE - 1));
  }

  @Test
  void mixing_currencies_throws() {
    Money dollar = Money.of(100, USD);
    assertThatThrownBy(() -> inr(100).plus(dollar)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> inr(100).minus(dollar)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> inr(100).compareTo(dollar)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> inr(100).min(dollar)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> inr(100).max(dollar)).isInstanceOf(IllegalArgumentException.class);
    assertThat(inr(100)).isNotEqualTo(dollar);
    assertThat(dollar.plus(Money.of(1, USD))).isEqualTo(Money.of(101, USD));
  }

  @Test
  void needs_a_currency_with_minor_units() {
    assertThatThrownBy(() -> Money.of(1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Money.of(1, Currency.getInstance("XXX"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void basis_points_round_half_away_from_zero_for_both_signs() {
    assertThat(inr(50).timesBps(100)).isEqualTo(inr(1)); // 0.5 paise
    assertThat(inr(-50).timesBps(100)).isEqualTo(inr(-1)); // -0.5 paise
    assertThat(inr(50).timesBps(-100)).isEqualTo(inr(-1));
    assertThat(inr(49).timesBps(100)).isEqualTo(inr(0));
    assertThat(inr(-49).timesBps(100)).isEqualTo(inr(0));
    assertThat(inr(150).timesBps(100)).isEqualTo(inr(2));
    assertThat(inr(-150).timesBps(100)).isEqualTo(inr(-2));
    assertThat(inr(-10).timesBps(1800)).isEqualTo(inr(-2)); // -1.8 paise
    assertThat(inr(69900).timesBps(1200)).isEqualTo(inr(8388)); // 12 % of 699.00
    assertThat(inr(12345).timesBps(10_000)).isEqualTo(inr(12345));
    assertThat(inr(12345).timesBps(0)).isEqualTo(inr(0));
  }

  @Test
  void a_refund_of_a_taxed_amount_is_the_exact_negation_of_the_charge() {
    for (long paise = 0; paise <= 2000; paise++) {
      Money charge = inr(paise).timesBps(1800);
      assertThat(inr(-paise).timesBps(1800)).as("%d paise", paise).isEqualTo(charge.negate());
    }
  }
}
