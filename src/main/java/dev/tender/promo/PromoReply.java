package dev.tender.promo;

/** What a coupon answers. */
public sealed interface PromoReply {
  /** The coupon, whether it is enabled, and its confirmed and reserved uses. */
  record CouponView(Coupon coupon, boolean disabled, long redemptionCount, long reservedCount) implements PromoReply {}

  record Rejected(Reason reason, String detail) implements PromoReply {}

  enum Reason {
    /** Unknown, disabled, outside its dates, someone else's, or used up: one answer to shoppers. */
    INVALID_COUPON,
    ALREADY_EXISTS,
    RESERVATION_NOT_FOUND
  }
}
