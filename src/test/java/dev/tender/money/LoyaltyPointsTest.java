package dev.tender.money;

import static dev.tender.money.Money.inr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

class LoyaltyPointsTest {
  private static final Money PER_POINT = inr(100_00);

  @Test
  void adds_subtracts_and_multiplies() {
    assertThat(LoyaltyPoints.of(12).plus(LoyaltyPoints.of(30))).isEqualTo(LoyaltyPoints.of(42));
    assertThat(LoyaltyPoints.of(42).minus(LoyaltyPoints.of(42))).isEqualTo(LoyaltyPoints.ZERO);
    assertThat(LoyaltyPoints.of(42).minus(LoyaltyPoints.of(2))).isEqualTo(LoyaltyPoints.of(40));
    assertThat(LoyaltyPoints.of(7).times(3)).isEqualTo(LoyaltyPoints.of(21));
    assertThat(LoyaltyPoints.ZERO.isZero()).isTrue();
    assertThat(LoyaltyPoints.of(3)).isLessThan(LoyaltyPoints.of(4));
  }

  @Test
  void is_never_negative() {
    assertThatThrownBy(() -> LoyaltyPoints.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoyaltyPoints.of(5).minus(LoyaltyPoints.of(6)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoyaltyPoints.of(5).times(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void overflow_throws() {
    assertThatThrownBy(() -> LoyaltyPoints.of(Long.MAX_VALUE).plus(LoyaltyPoints.of(1)))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> LoyaltyPoints.of(Long.MAX_VALUE / 2 + 1).times(2))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> LoyaltyPoints.of(Long.MAX_VALUE).valueAt(inr(2)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void converts_to_money_only_at_a_value_per_point() {
    assertThat(LoyaltyPoints.of(40).valueAt(inr(25))).isEqualTo(inr(1000));
    assertThat(LoyaltyPoints.ZERO.valueAt(inr(25))).isEqualTo(inr(0));
    Money dollars = LoyaltyPoints.of(3).valueAt(Money.of(10, Currency.getInstance("USD")));
    assertThat(dollars.currency().getCurrencyCode()).isEqualTo("USD");
    assertThat(dollars.minor()).isEqualTo(30);
  }

  @Test
  void earns_whole_points_on_spend_without_rounding_up() {
    assertThat(LoyaltyPoints.earnedOn(inr(128188), PER_POINT)).isEqualTo(LoyaltyPoints.of(12));
    assertThat(LoyaltyPoints.earnedOn(inr(99_99), PER_POINT)).isEqualTo(LoyaltyPoints.ZERO);
    assertThat(LoyaltyPoints.earnedOn(inr(100_00), PER_POINT)).isEqualTo(LoyaltyPoints.of(1));
    assertThat(LoyaltyPoints.earnedOn(inr(199_99), PER_POINT)).isEqualTo(LoyaltyPoints.of(1));
    assertThat(LoyaltyPoints.earnedOn(inr(-500_00), PER_POINT)).isEqualTo(LoyaltyPoints.ZERO);
  }

  @Test
  void earning_refuses_mixed_currencies_and_a_non_positive_rate() {
    assertThatThrownBy(() -> LoyaltyPoints.earnedOn(Money.of(100_00, Currency.getInstance("USD")), PER_POINT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoyaltyPoints.earnedOn(inr(100_00), inr(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoyaltyPoints.earnedOn(inr(100_00), inr(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
