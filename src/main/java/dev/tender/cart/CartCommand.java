package dev.tender.cart;

import dev.tender.promo.Coupon;
import java.util.List;
import java.util.Map;

/**
 * The cart capability's protocol. Sent by the HTTP layer through the cart kind's
 * {@code cluster.PartitionRouter} to the partition actor that owns {@link #owner()}; answered with a
 * {@link CartReply}. Idempotency keys travel beside the command, in the runtime's request. Routing is by
 * owner, not cart id: every cart request is authenticated, so the owner is always known, and one
 * owner's active cart and wishlist then live on one single writer ("one active cart per user" needs
 * no cross-partition lookup). A null {@code cartId} means "the owner's active cart".
 */
public sealed interface CartCommand {
  UserId owner();

  /** Commands that may change state: their outcome is recorded under the request's idempotency key. */
  sealed interface Mutation extends CartCommand {}

  /** Creates the owner's active cart, or sets these lines' quantities in the existing one. */
  record CreateOrUpdate(UserId owner, List<CartLine> lines, Map<String, String> metadata)
      implements Mutation {}

  record Get(UserId owner, CartId cartId) implements CartCommand {}

  /** Removes every line (API: "delete cart" empties it). */
  record Clear(UserId owner, CartId cartId) implements Mutation {}

  /** Absolute quantity; 0 removes the line. */
  record SetQuantity(UserId owner, CartId cartId, CartLine line) implements Mutation {}

  record SetAddresses(UserId owner, CartId cartId, Address billing, Address shipping)
      implements Mutation {}

  record SetFulfillment(UserId owner, CartId cartId, FulfillmentPreference preference)
      implements Mutation {}

  record GetWishlist(UserId owner) implements CartCommand {}

  record AddToWishlist(UserId owner, WishlistEntry entry) implements Mutation {}

  record RemoveFromWishlist(UserId owner, WishlistEntry entry) implements Mutation {}

  /**
   * The cart became an order: it is no longer the shopper's active cart. Idempotent; a cart that is
   * already gone (or another one) is left alone.
   *
   * @param cartUpdatedAt the cart's last change the order was priced from (kept for the record)
   */
  record CheckOut(UserId owner, CartId cartId, java.time.Instant cartUpdatedAt) implements Mutation {}

  /** Applies, replaces or removes one tender; balances were checked with the wallet before. */
  record ChangeTenders(UserId owner, CartId cartId, TenderChange change) implements Mutation {}

  /**
   * A shopper signed in to this owner's account: the cart and wishlist they had while anonymous join
   * this owner's. Quantities are summed per line (a line the catalog no longer sells, or a sum beyond
   * its limits, keeps what this cart had); the anonymous cart's addresses and coupon win when it was
   * changed more recently (a coupon kept for named customers stays behind). Nothing to add opens no cart. Its points, credit and gift cards stay behind: they were the anonymous
   * shopper's balances, and are applied again from the account's.
   */
  record MergeIn(UserId owner, List<CartLine> lines, Address billing, Address shipping, Coupon coupon, java.time.Instant fromUpdatedAt,
                 List<WishlistEntry> wishlist) implements Mutation {}

  /** One change of a cart's {@link Tenders}. */
  sealed interface TenderChange {
    /** Points to redeem, replacing any before; 0 removes. */
    record LoyaltyPoints(int points) implements TenderChange {}

    /** Store credit to use, minor units, replacing any before; 0 removes. */
    record Credit(long minor) implements TenderChange {}

    record AddGiftCard(Tenders.GiftCard card) implements TenderChange {}

    record RemoveGiftCard(String number) implements TenderChange {}

    /** The coupon as the promo kind answered it (checked for this customer); replaces any before. */
    record ApplyCoupon(Coupon coupon) implements TenderChange {}

    record RemoveCoupon() implements TenderChange {}
  }
}
