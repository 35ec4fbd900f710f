package dev.tender.cart;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the cart capability keeps for one user: the active cart (null if none) and the
 * wishlist. It is the unit of ownership, persistence and fencing: one row, one version.
 *
 * @param recentRequests the last few applied request ids, so a duplicated command is not applied twice
 * @param version the durable version this value was loaded at or written as; 0 = never stored
 */
public record Shopper(UserId id, Cart cart, List<WishlistEntry> wishlist, List<String> recentRequests, long version) {
  static final int REMEMBERED_REQUESTS = 16;

  public static Shopper empty(UserId id) {
    return new Shopper(id, null, List.of(), List.of(), 0);
  }

  public boolean applied(RequestId requestId) {
    return recentRequests.contains(requestId.value());
  }

  public Shopper withCart(Cart next, RequestId requestId) {
    return new Shopper(id, next, wishlist, remember(requestId), version);
  }

  public Shopper withWishlist(List<WishlistEntry> next, RequestId requestId) {
    return new Shopper(id, cart, List.copyOf(next), remember(requestId), version);
  }

  public Shopper atVersion(long v) {
    return new Shopper(id, cart, wishlist, recentRequests, v);
  }

  private List<String> remember(RequestId requestId) {
    List<String> next = new ArrayList<>(REMEMBERED_REQUESTS);
    int from = Math.max(0, recentRequests.size() - (REMEMBERED_REQUESTS - 1));
    next.addAll(recentRequests.subList(from, recentRequests.size()));
    next.add(requestId.value());
    return List.copyOf(next);
  }
}
