package dev.tender.cart;

import java.time.Instant;
import java.util.List;

/**
 * Everything the cart capability keeps for one user: the active cart (null if none) and the
 * wishlist. It is the unit of ownership and fencing (one version), stored as small rows.
 *
 * @param expiryCheckAt when the cart's expiry timer is due, null if none is set; the timer is set
 *                      once and, when it fires before the (since pushed out) expiry, set again, so a
 *                      busy cart does not rewrite its timer on every change
 */
public record Shopper(UserId id, Cart cart, List<WishlistEntry> wishlist, Instant expiryCheckAt) {
  public static Shopper empty(UserId id) {
    return new Shopper(id, null, List.of(), null);
  }

  public Shopper withCart(Cart next) {
    return new Shopper(id, next, wishlist, expiryCheckAt);
  }

  public Shopper withWishlist(List<WishlistEntry> next) {
    return new Shopper(id, cart, List.copyOf(next), expiryCheckAt);
  }

  public Shopper withExpiryCheckAt(Instant at) {
    return new Shopper(id, cart, wishlist, at);
  }
}
