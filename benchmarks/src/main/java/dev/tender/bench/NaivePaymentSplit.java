package dev.tender.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline {@code PaymentBench} measures {@code PaymentSplit} against: the same split written the
 * obvious way, in BigDecimal rupees, returning a list of amounts.
 */
final class NaivePaymentSplit {
  /** A tender in rupees; requested null = as much as possible. */
  record Tender(BigDecimal requested, BigDecimal available, BigDecimal unit) {}

  private NaivePaymentSplit() {}

  /** One amount per tender in order, then the gateway's if anything remains. */
  static List<BigDecimal> split(BigDecimal due, List<Tender> tenders) {
    List<BigDecimal> amounts = new ArrayList<>();
    BigDecimal remaining = due;
    for (Tender t : tenders) {
      BigDecimal cap = t.requested() == null ? t.available() : t.requested().min(t.available());
      BigDecimal take = cap.min(remaining);
      take = take.divide(t.unit(), 0, RoundingMode.DOWN).multiply(t.unit());
      amounts.add(take);
      remaining = remaining.subtract(take);
    }
    if (remaining.signum() > 0) {
      amounts.add(remaining);
    }
    return amounts;
  }
}
