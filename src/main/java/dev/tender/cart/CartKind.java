package dev.tender.cart;

import dev.tender.catalog.Catalog;
import dev.tender.cluster.Kind;
import dev.tender.cluster.KindRuntime;

/**
 * The cart kind: shoppers keyed by their user id (the JWT {@code ulid}). Routing by owner, not cart
 * id, puts a user's active cart and wishlist on one single writer, so "one active cart per user" and
 * {@code GET /carts/users/{id}} need no cross-partition index.
 */
public final class CartKind {
  public static final String NAME = "cart";

  private CartKind() {}

  /** The declaration; replies carry catalog items by id, looked up in this node's catalog. */
  public static Kind<CartCommand, CartReply> declare(Catalog catalog) {
    return new Kind<>(NAME, c -> c.owner().value(), c -> c instanceof CartCommand.Mutation,
        new CartWire.Commands(), new CartWire.Replies(catalog));
  }

  /** What the owner of cart partitions runs. */
  public static KindRuntime<Shopper, CartCommand, CartReply> runtime(Kind<CartCommand, CartReply> kind, CartBehaviour behaviour,
                                                                     ShopperStore store) {
    return new KindRuntime<>(kind, behaviour, store);
  }
}
