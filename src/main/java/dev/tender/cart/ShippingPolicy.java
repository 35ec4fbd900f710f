package dev.tender.cart;

/**
 * The store's delivery charge: a flat fee, waived at or above a threshold of the item total
 * (including tax), taxed at its own rate. Minor units; rate in basis points.
 */
public record ShippingPolicy(long flatFee, long freeAtOrAbove, int taxRateBps, int estimatedDeliveryDays) {
  /** ₹79 + 18 % GST, free from ₹999, five days. */
  public static final ShippingPolicy DEMO = new ShippingPolicy(79_00, 999_00, 1800, 5);
}
