package dev.tender.money;

import java.util.Objects;

/**
 * A count of loyalty points: a balance, an award or a redemption. Never negative, because neither a
 * balance nor an award can be below zero; taking away more points than there are throws rather
 * than leaving a silent debt. Points are not money: they become money only through {@link
 * #valueAt} at an explicit value per point, and arise from money only through {@link #earnedOn}.
 * Arithmetic is checked like {@link Money}'s.
 *
 * @param count number of points, at least zero
 */
public record LoyaltyPoints(long count) implements Comparable<LoyaltyPoints> {
  public static final LoyaltyPoints ZERO = new LoyaltyPoints(0);

  public LoyaltyPoints {
    if (count < 0) {
      throw new IllegalArgumentException("loyalty points cannot be negative: " + count);
    }
  }

  public static LoyaltyPoints of(long count) {
    return new LoyaltyPoints(count);
  }

  /**
   * The whole points earned on {@code spend} at one point per {@code spendPerPoint}. A part-point is
   * not earned (this truncates, it does not round), and a zero or negative spend earns nothing.
   *
   * @throws IllegalArgumentException if the currencies differ or {@code spendPerPoint} is not positive
   */
  public static LoyaltyPoints earnedOn(Money spend, Money spendPerPoint) {
    spend.sameCurrency(spendPerPoint);
    if (spendPerPoint.minor() <= 0) {
      throw new IllegalArgumentException("spend per point must be positive: " + spendPerPoint);
    }
    return spend.minor() <= 0 ? ZERO : new LoyaltyPoints(spend.minor() / spendPerPoint.minor());
  }

  /** What these points are worth at {@code valuePerPoint}, in its currency. */
  public Money valueAt(Money valuePerPoint) {
    Objects.requireNonNull(valuePerPoint, "valuePerPoint");
    return valuePerPoint.times(count);
  }

  public LoyaltyPoints plus(LoyaltyPoints other) {
    return new LoyaltyPoints(Math.addExact(count, other.count));
  }

  /** @throws IllegalArgumentException if {@code other} is more than this */
  public LoyaltyPoints minus(LoyaltyPoints other) {
    if (other.count > count) {
      throw new IllegalArgumentException("cannot take " + other.count + " points from " + count);
    }
    return new LoyaltyPoints(count - other.count);
  }

  public LoyaltyPoints times(long factor) {
    return new LoyaltyPoints(Math.multiplyExact(count, factor));
  }

  public boolean isZero() {
    return count == 0;
  }

  @Override
  public int compareTo(LoyaltyPoints other) {
    return Long.compare(count, other.count);
  }
}
