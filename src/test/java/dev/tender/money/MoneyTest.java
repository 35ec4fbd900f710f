package dev.tender.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class MoneyTest {
  @Test
  void rounds_half_up() {
    assertThat(Money.divideHalfUp(5, 10)).isEqualTo(1);
    assertThat(Money.divideHalfUp(4, 10)).isZero();
    assertThat(Money.divideHalfUp(15, 10)).isEqualTo(2);
    assertThat(Money.divideHalfUp(14, 10)).isEqualTo(1);
    assertThat(Money.divideHalfUp(25, 10)).isEqualTo(3);
  }

  @Test
  void rounds_negative_ties_away_from_zero() {
    assertThat(Money.divideHalfUp(-5, 10)).isEqualTo(-1); // -0.5 paise -> -1
    assertThat(Money.divideHalfUp(-4, 10)).isZero();
    assertThat(Money.divideHalfUp(-6, 10)).isEqualTo(-1);
    assertThat(Money.divideHalfUp(-15, 10)).isEqualTo(-2);
    assertThat(Money.divideHalfUp(-14, 10)).isEqualTo(-1);
    assertThat(Money.divideHalfUp(-25, 10)).isEqualTo(-3);
  }

  @Test
  void rounding_agrees_with_big_decimal_half_up_for_both_signs() {
    for (long d = 1; d <= 24; d++) {
      for (long n = -1000; n <= 1000; n++) {
        long expected = BigDecimal.valueOf(n).divide(BigDecimal.valueOf(d), 0, RoundingMode.HALF_UP).longValueExact();
        assertThat(Money.divideHalfUp(n, d)).as("%d / %d", n, d).isEqualTo(expected);
      }
    }
  }

  @Test
  void rounding_does_not_overflow_at_the_ends_of_long() {
    assertThat(Money.divideHalfUp(Long.MAX_VALUE, 2)).isEqualTo(1L << 62); // tie, away from zero
    assertThat(Money.divideHalfUp(Long.MIN_VALUE + 1, 2)).isEqualTo(-(1L << 62));
    assertThat(Money.divideHalfUp(Long.MIN_VALUE, 2)).isEqualTo(-(1L << 62));
    assertThat(Money.divideHalfUp(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(1);
    assertThat(Money.divideHalfUp(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void rounding_refuses_a_non_positive_denominator() {
    assertThatThrownBy(() -> Money.divideHalfUp(5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.divideHalfUp(5, -10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tax_on_pre_tax_amount_rounds_to_the_paisa() {
    assertThat(Money.taxOn(47524, 500)).isEqualTo(2376); // 475.24 * 5 % = 23.762
    assertThat(Money.taxOn(31205, 1200)).isEqualTo(3745); // 312.05 * 12 % = 37.446
    assertThat(Money.taxOn(10, 1800)).isEqualTo(2); // 0.10 * 18 % = 0.018 -> 0.02
  }

  @Test
  void strips_tax_from_inclusive_price() {
    assertThat(Money.excludingTax(49900, 500)).isEqualTo(47524); // 499 / 1.05 = 475.238
    assertThat(Money.excludingTax(249900, 1800)).isEqualTo(211780); // 2499 / 1.18 = 2117.797
    assertThat(Money.excludingTax(42500, 0)).isEqualTo(42500);
  }

  @Test
  void parses_decimals_exactly_and_refuses_sub_paisa() {
    assertThat(Money.parseMajor(349.5)).isEqualTo(34950);
    assertThat(Money.parseMajor(999.99)).isEqualTo(99999);
    assertThat(Money.parseMajor(1000)).isEqualTo(100000);
    assertThatThrownBy(() -> Money.parseMajor(0.001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.parseMajor("12")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void renders_minor_units_with_two_places_and_rates_as_plain_numbers() {
    assertThat(Money.toDecimal(99950).toPlainString()).isEqualTo("999.50");
    assertThat(Money.format(128188)).isEqualTo("1281.88");
    assertThat(Money.format(5)).isEqualTo("0.05");
    assertThat(Money.format(0)).isEqualTo("0.00");
    assertThat(Money.format(-510)).isEqualTo("-5.10");
    assertThat(Money.format(Long.MAX_VALUE)).isEqualTo(Money.toDecimal(Long.MAX_VALUE).toPlainString());
    // The allocation-free form writes the same text, to the extremes.
    char[] buf = new char[Money.MAX_FORMATTED_CHARS];
    for (long v : new long[] {0, 5, -5, 10, 99, 100, -100, 128188, -510, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
      assertThat(new String(buf, 0, Money.formatInto(v, buf))).as("%d", v).isEqualTo(Money.toDecimal(v).toPlainString());
    }
    assertThat(Money.bpsToPercent(1800)).isEqualTo(18);
    assertThat(Money.bpsToPercent(1250).toString()).isEqualTo("12.5");
  }
}
