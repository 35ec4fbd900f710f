package dev.tender.payment;

import java.util.List;
import java.util.Objects;

/**
 * Splits an amount due over stored-value tenders (gift cards, store credit, loyalty points), each
 * taking as much as it may in the order given, and leaves the rest to the payment gateway. Amounts
 * are minor units (paise). Points are spent whole: a points tender takes a multiple of the point
 * value, never a fraction of a point.
 */
public final class PaymentSplit {
  /** {@code requested} meaning "as much as the tender covers". */
  public static final long ALL = -1;

  private PaymentSplit() {}

  /** What a stored-value tender is. */
  public enum Type { GIFT_CARD, STORE_CREDIT, LOYALTY_POINTS }

  /**
   * A tender the shopper chose.
   *
   * @param reference the account (e.g. the gift card's number)
   * @param requested the most to take from it, minor units ({@link #ALL} = as much as possible)
   * @param available its balance, minor units
   * @param unit what it is spent in multiples of: 1 for money, the point value for points
   */
  public record Tender(Type type, String reference, long requested, long available, long unit) {
    public Tender {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(reference, "reference");
      check(requested, available, unit);
    }
  }

  /**
   * One part of the payment.
   *
   * @param type the tender's type, null for the gateway
   * @param reference the tender's reference, null for the gateway
   * @param amount minor units
   * @param amountRemaining true only for the gateway's group: it pays whatever the tenders leave
   */
  public record Group(Type type, String reference, long amount, boolean amountRemaining) {}

  /**
   * One group per tender, in input order (amount 0 when it takes nothing), then one gateway group
   * if anything remains. The amounts sum to {@code due}.
   */
  public static List<Group> split(long due, List<Tender> tenders) {
    int n = tenders.size();
    long[] requested = new long[n];
    long[] available = new long[n];
    long[] unit = new long[n];
    for (int i = 0; i < n; i++) {
      Tender t = tenders.get(i);
      requested[i] = t.requested();
      available[i] = t.available();
      unit[i] = t.unit();
    }
    long[] out = new long[n];
    long remaining = allocate(due, requested, available, unit, n, out);
    Group[] groups = new Group[remaining > 0 ? n + 1 : n];
    for (int i = 0; i < n; i++) {
      Tender t = tenders.get(i);
      groups[i] = new Group(t.type(), t.reference(), out[i], false);
    }
    if (remaining > 0) {
      groups[n] = new Group(null, null, remaining, true);
    }
    return List.of(groups);
  }

  /**
   * The allocation-free core of {@link #split}: for each of the first {@code n} tenders, takes
   * {@code min(available, requested, remaining)} rounded down to a multiple of its unit into
   * {@code out[i]}. On an exception {@code out} may be partly written.
   *
   * @param requested {@link #ALL} or a non-negative cap per tender
   * @return what remains for the gateway
   * @throws IllegalArgumentException on a negative due, requested (other than {@link #ALL}) or
   *     available, or a unit that is not positive
   */
  public static long allocate(long due, long[] requested, long[] available, long[] unit, int n, long[] out) {
    if (due < 0) {
      throw new IllegalArgumentException("due must not be negative: " + due);
    }
    long remaining = due;
    for (int i = 0; i < n; i++) {
      long r = requested[i];
      long cap = available[i];
      long u = unit[i];
      check(r, cap, u);
      if (r >= 0 && r < cap) {
        cap = r;
      }
      long take = Math.min(cap, remaining);
      if (u != 1) { // money skips the division
        take -= take % u;
      }
      out[i] = take;
      remaining -= take;
    }
    return remaining;
  }

  private static void check(long requested, long available, long unit) {
    if (requested < ALL || available < 0 || unit <= 0) {
      throw new IllegalArgumentException(
          "bad tender: requested " + requested + " (≥ 0 or -1 for all), available " + available + " (≥ 0), unit " + unit + " (> 0)");
    }
  }
}
