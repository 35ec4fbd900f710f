package dev.tender.promo;

/**
 * A coupon as listings show it: its counts, not its reservations (a hot coupon holds thousands).
 * {@code usesByCustomer} are the reserved and confirmed uses of the customer the listing is for.
 */
public record CouponSummary(String code, Coupon coupon, boolean disabled, long confirmed, long reserved, int usesByCustomer) {
  public boolean exists() {
    return coupon != null;
  }

  public PromoReply.CouponView view() {
    return new PromoReply.CouponView(coupon, disabled, confirmed, reserved);
  }
}
