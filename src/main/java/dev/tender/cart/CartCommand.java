package dev.tender.cart;

import java.util.List;
import java.util.Map;

/**
 * The cart capability's protocol. Sent by the HTTP layer through {@code cluster.CartRouter} to the
 * {@link CartPartition} that owns {@link #owner()}; answered with a {@link CartReply}. Routing is by
 * owner, not cart id: every cart request is authenticated, so the owner is always known, and one
 * owner's active cart and wishlist then live on one single writer ("one active cart per user" needs
 * no cross-partition lookup). A null {@code cartId} means "the owner's active cart".
 */
public sealed interface CartCommand {
  UserId owner();

  /** Commands that change state carry a request id: a duplicate is answered, not re-applied. */
  sealed interface Mutation extends CartCommand {
    RequestId requestId();
  }

  /** Creates the owner's active cart, or sets these lines' quantities in the existing one. */
  record CreateOrUpdate(RequestId requestId, UserId owner, List<CartLine> lines, Map<String, String> metadata)
      implements Mutation {}

  record Get(UserId owner, CartId cartId) implements CartCommand {}

  /** Removes every line (API: "delete cart" empties it). */
  record Clear(RequestId requestId, UserId owner, CartId cartId) implements Mutation {}

  /** Absolute quantity; 0 removes the line. */
  record SetQuantity(RequestId requestId, UserId owner, CartId cartId, CartLine line) implements Mutation {}

  record SetAddresses(RequestId requestId, UserId owner, CartId cartId, Address billing, Address shipping)
      implements Mutation {}

  record SetFulfillment(RequestId requestId, UserId owner, CartId cartId, FulfillmentPreference preference)
      implements Mutation {}

  record GetWishlist(UserId owner) implements CartCommand {}

  record AddToWishlist(RequestId requestId, UserId owner, WishlistEntry entry) implements Mutation {}

  record RemoveFromWishlist(RequestId requestId, UserId owner, WishlistEntry entry) implements Mutation {}
}
