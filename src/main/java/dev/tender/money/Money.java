package dev.tender.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of one currency as a signed {@code long} count of its minor units (paise for INR).
 * Negative amounts are ordinary values (refunds, adjustments). Arithmetic is checked: a result that
 * does not fit a {@code long} throws {@link ArithmeticException} instead of wrapping, and combining
 * two currencies throws {@link IllegalArgumentException}.
 *
 * <p>{@link #divideHalfUp} is the one place that rounds; every operation that divides goes through
 * it. The static helpers below work on raw {@code long} paise for the callers that hold them (the
 * catalog loader, the HTTP edge and the {@code long}-valued wire records); they are the one place
 * that converts between minor units and decimals.
 *
 * @param minor amount in minor units of {@code currency}
 * @param currency an ISO 4217 currency with a fixed number of minor digits
 */
public record Money(long minor, Currency currency) implements Comparable<Money> {
  /** The demo store's currency. */
  public static final Currency INR = Currency.getInstance("INR");
  /** Minor units per major unit for INR; the only currency of the demo store. */
  public static final int MINOR_PER_MAJOR = 100;
  /** Basis points in a whole: 10 000 bps = 100 %. */
  public static final int BPS_PER_WHOLE = 10_000;
  private static final int SCALE = 2;

  public Money {
    Objects.requireNonNull(currency, "currency");
    // Pseudo-currencies such as XXX have no minor unit, so a minor-unit count would mean nothing.
    if (currency.getDefaultFractionDigits() < 0) {
      throw new IllegalArgumentException("currency without minor units: " + currency);
    }
  }

  public static Money of(long minor, Currency currency) {
    return new Money(minor, currency);
  }

  /** An INR amount in paise. */
  public static Money inr(long paise) {
    return new Money(paise, INR);
  }

  public static Money zero(Currency currency) {
    return new Money(0, currency);
  }

  public Money plus(Money other) {
    return withMinor(Math.addExact(minor, sameCurrency(other).minor));
  }

  public Money minus(Money other) {
    return withMinor(Math.subtractExact(minor, sameCurrency(other).minor));
  }

  public Money negate() {
    return withMinor(Math.negateExact(minor));
  }

  /** This amount times a whole factor (a quantity, a count of points). */
  public Money times(long factor) {
    return withMinor(Math.multiplyExact(minor, factor));
  }

  /**
   * This amount times {@code bps / 10 000}, rounded half away from zero to a minor unit: the tax at
   * a rate (18 % = 1800), a percentage discount, a share. Negative amounts round symmetrically.
   */
  public Money timesBps(int bps) {
    return withMinor(divideHalfUp(Math.multiplyExact(minor, (long) bps), BPS_PER_WHOLE));
  }

  public boolean isZero() {
    return minor == 0;
  }

  public boolean isNegative() {
    return minor < 0;
  }

  /** @throws IllegalArgumentException if the currencies differ, which have no order */
  @Override
  public int compareTo(Money other) {
    return Long.compare(minor, sameCurrency(other).minor);
  }

  public Money min(Money other) {
    return compareTo(other) <= 0 ? this : other;
  }

  public Money max(Money other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** E.g. {@code "INR -5.10"}, for logs and assertion messages. */
  @Override
  public String toString() {
    return currency.getCurrencyCode() + " "
        + BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()).toPlainString();
  }

  Money sameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
    }
    return other;
  }

  private Money withMinor(long newMinor) {
    return new Money(newMinor, currency);
  }

  /**
   * {@code numerator / denominator} rounded half-up, that is to the nearest integer and away from
   * zero on ties, for either sign of numerator: 5/10 → 1, -5/10 → -1, -4/10 → 0. The one rounding
   * rule of the engine (each cart line is rounded once, this way).
   *
   * @throws IllegalArgumentException if {@code denominator} is not positive
   */
  public static long divideHalfUp(long numerator, long denominator) {
    if (denominator <= 0) {
      throw new IllegalArgumentException("divideHalfUp takes a positive denominator");
    }
    long quotient = numerator / denominator; // truncates toward zero
    long remainder = numerator % denominator; // same sign as numerator, |remainder| < denominator
    // Compare |remainder| with denominator - |remainder| rather than 2·|remainder| with denominator,
    // so that nothing can overflow even for Long.MIN_VALUE or Long.MAX_VALUE.
    if (remainder > 0 && remainder >= denominator - remainder) {
      return quotient + 1;
    }
    if (remainder < 0 && -remainder >= denominator + remainder) {
      return quotient - 1;
    }
    return quotient;
  }

  /** Tax on a pre-tax amount in paise at a rate in basis points (18 % = 1800), rounded half-up. */
  public static long taxOn(long amount, int rateBps) {
    return inr(amount).timesBps(rateBps).minor();
  }

  /** The pre-tax part of a tax-inclusive amount in paise: {@code round(amount / (1 + rate))}. */
  public static long excludingTax(long inclusive, int rateBps) {
    return divideHalfUp(Math.multiplyExact(inclusive, (long) BPS_PER_WHOLE), BPS_PER_WHOLE + (long) rateBps);
  }

  /** Minor units as decimal text with two places ("1281.88", "-0.05"), for JSON writers. */
  public static String format(long minor) {
    char[] text = new char[MAX_FORMATTED_CHARS];
    return new String(text, 0, formatInto(minor, text));
  }

  /** The most characters {@link #formatInto} writes: a sign, 17 digits, a point and two decimals. */
  public static final int MAX_FORMATTED_CHARS = 21;

  /**
   * Writes {@link #format(long)}'s text into {@code buf} (at least {@link #MAX_FORMATTED_CHARS} long) from
   * index 0 and answers its length: the same text without building a string, for the renderers that write
   * dozens of amounts per answer.
   */
  public static int formatInto(long minor, char[] buf) {
    // Digits from the end, in negative numbers (Long.MIN_VALUE has no positive).
    long n = minor < 0 ? minor : -minor;
    int i = MAX_FORMATTED_CHARS;
    for (int d = 0; d < SCALE; d++) {
      buf[--i] = (char) ('0' - (int) (n % 10));
      n /= 10;
    }
    buf[--i] = '.';
    do {
      buf[--i] = (char) ('0' - (int) (n % 10));
      n /= 10;
    } while (n != 0);
    if (minor < 0) {
      buf[--i] = '-';
    }
    int len = MAX_FORMATTED_CHARS - i;
    System.arraycopy(buf, i, buf, 0, len); // written backwards at the end; moved to the start
    return len;
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
