package dev.tender.promo;

import java.time.Instant;

/** Commands to one coupon, addressed by its code. Mutations are idempotent by request id, uses also by order id. */
public sealed interface PromoCommand {
  String code();

  sealed interface Mutation extends PromoCommand {}

  record Create(String code, Coupon coupon) implements Mutation {}

  record Disable(String code) implements Mutation {}

  /** The coupon with its counts. */
  record Get(String code) implements PromoCommand {}

  /** Whether {@code customerId} may apply the coupon now (exists, enabled, in its window, theirs, uses left). */
  record Check(String code, String customerId) implements PromoCommand {}

  /** Reserves one use for an order; the same order asking again gets the same answer. */
  record Reserve(String code, String orderId, String customerId, Instant expiresAt) implements Mutation {}

  /** The order was paid: its use counts for good. */
  record Confirm(String code, String orderId) implements Mutation {}

  /** The order will not be paid: its use is given back. */
  record Release(String code, String orderId) implements Mutation {}

  /**
   * A paid order was cancelled: its confirmed use is given back to the coupon and to {@code customerId}.
   * Only the newest confirmed orders are remembered ({@link CouponState#CONFIRMED_KEPT}); an older one,
   * or one given back already, is answered RESERVATION_NOT_FOUND and changes nothing.
   */
  record GiveBack(String code, String orderId, String customerId) implements Mutation {}
}
