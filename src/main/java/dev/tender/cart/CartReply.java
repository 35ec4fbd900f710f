package dev.tender.cart;

import dev.tender.catalog.CatalogItem;
import java.util.List;

/**
 * What the cart kind's partition actor answers ({@link CartBehaviour} decides it). Business outcomes
 * only: infrastructure failures (store down, fenced write) arrive as failed replies instead.
 */
public sealed interface CartReply {
  record CartView(PricedCart cart) implements CartReply {}

  record Cleared(CartId cartId) implements CartReply {}

  record WishlistView(List<CatalogItem> items) implements CartReply {}

  record Rejected(Reason reason, String detail) implements CartReply {}

  enum Reason {
    CART_NOT_FOUND,
    CART_EXPIRED,
    UNKNOWN_PRODUCT,
    VARIANT_REQUIRED,
    UNKNOWN_VARIANT,
    INVALID_QUANTITY,
    OUT_OF_STOCK,
    QUANTITY_BELOW_MINIMUM,
    QUANTITY_ABOVE_MAXIMUM,
    QUANTITY_NOT_IN_STEPS,
    /** Loyalty points worth more than the cart. */
    POINTS_ABOVE_CART_VALUE,
    TOO_MANY_GIFT_CARDS,
    GIFT_CARD_NOT_APPLIED,
    /** The coupon does not apply to this cart (below its minimum, no eligible item, out of its dates). */
    INVALID_COUPON
  }
}
