package dev.tender.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts are {@code long} counts of minor units (paise for INR). This class is the one place that
 * rounds and the one place that converts between minor units and decimals, which only the HTTP edge
 * and the catalog loader need.
 */
public final class Money {
  /** Minor units per major unit for INR; the only currency of the demo store. */
  public static final int MINOR_PER_MAJOR = 100;
  private static final int SCALE = 2;

  private Money() {}

  /** {@code numerator / denominator} rounded half-up (away from zero on ties) for non-negative inputs. */
  public static long divideHalfUp(long numerator, long denominator) {
    if (numerator < 0 || denominator <= 0) {
      throw new IllegalArgumentException("divideHalfUp takes a non-negative numerator and a positive denominator");
    }
    return Math.addExact(numerator, denominator / 2) / denominator;
  }

  /** Tax on a pre-tax amount at a rate in basis points (18 % = 1800), rounded half-up. */
  public static long taxOn(long amount, int rateBps) {
    return divideHalfUp(Math.multiplyExact(amount, rateBps), 10_000);
  }

  /** The pre-tax part of a tax-inclusive amount: {@code round(amount / (1 + rate))}. */
  public static long excludingTax(long inclusive, int rateBps) {
    return divideHalfUp(Math.multiplyExact(inclusive, 10_000), 10_000L + rateBps);
  }

  /** Minor units as decimal text with two places ("1281.88", "-0.05"), for JSON writers. */
  public static String format(long minor) {
    long abs = Math.abs(minor);
    long fraction = abs % MINOR_PER_MAJOR;
    String major = Long.toString(abs / MINOR_PER_MAJOR);
    return (minor < 0 ? "-" : "") + major + (fraction < 10 ? ".0" : ".") + fraction;
  }

  /** Renders minor units as a decimal with two places, for JSON. */
  public static BigDecimal toDecimal(long minor) {
    return BigDecimal.valueOf(minor, SCALE);
  }

  /**
   * Parses a JSON number of major units (e.g. {@code 349.5}) into minor units.
   *
   * @throws IllegalArgumentException if it has more than two decimals or is not a number
   */
  public static long parseMajor(Object jsonNumber) {
    BigDecimal value = switch (jsonNumber) {
      case Integer i -> BigDecimal.valueOf(i);
      case Long l -> BigDecimal.valueOf(l);
      case BigDecimal b -> b;
      // JSON decoders hand fractions over as doubles; Double.toString is the shortest exact repr.
      case Double d -> new BigDecimal(Double.toString(d));
      case Float f -> new BigDecimal(Float.toString(f));
      case null, default -> throw new IllegalArgumentException("not a number: " + jsonNumber);
    };
    try {
      return value.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("more than two decimals or out of range: " + value);
    }
  }

  /** Percentage (e.g. 18 or 12.5) into basis points. */
  public static int percentToBps(Object jsonNumber) {
    return Math.toIntExact(parseMajor(jsonNumber));
  }

  /** Basis points back to a percentage number for JSON (1800 → 18). */
  public static Number bpsToPercent(int bps) {
    return bps % 100 == 0 ? Integer.valueOf(bps / 100) : BigDecimal.valueOf(bps, SCALE).stripTrailingZeros();
  }
}
