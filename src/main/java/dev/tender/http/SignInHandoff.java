package dev.tender.http;

import dev.tender.cart.Cart;
import dev.tender.cart.CartCommand;
import dev.tender.cart.CartReply;
import dev.tender.cart.UserId;
import dev.tender.cart.WishlistEntry;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * A shopper signs in to an existing account from an anonymous session: the anonymous cart and
 * wishlist join the account's ({@link CartCommand.MergeIn}), then the anonymous cart is closed. The
 * merge is keyed by the anonymous cart and its last change, so a sign-in retried (or repeated from
 * another tab) after the merge landed does not add the lines twice.
 */
final class SignInHandoff {
  private final PartitionRouter<CartCommand, CartReply> carts;

  SignInHandoff(PartitionRouter<CartCommand, CartReply> carts) {
    this.carts = carts;
  }

  Future<Void> merge(String fromUserId, String toUserId) {
    UserId from = new UserId(fromUserId);
    return carts.read(new CartCommand.Get(from, null)).compose(c -> carts.read(new CartCommand.GetWishlist(from)).compose(w -> {
      Cart cart = Problems.reply(c) instanceof CartReply.CartView v ? v.cart().cart() : null;
      List<WishlistEntry> wishlist = Problems.reply(w) instanceof CartReply.WishlistView view
          ? view.items().stream().map(i -> new WishlistEntry(i.product().id(), i.variantId())).toList() : List.of();
      boolean lines = cart != null && !cart.lines().isEmpty();
      if (!lines && wishlist.isEmpty()) {
        return Future.succeededFuture();
      }
      CartCommand.MergeIn merge = new CartCommand.MergeIn(new UserId(toUserId), lines ? cart.lines() : List.of(),
          lines ? cart.billingAddress() : null, lines ? cart.shippingAddress() : null, lines ? cart.tenders().coupon() : null,
          lines ? cart.updatedAt() : Instant.EPOCH, wishlist);
      String key = "merge:" + fromUserId + ":" + (lines ? cart.id().value() + "@" + cart.updatedAt() : "wishlist");
      Future<Void> merged = carts.send(new Request<>(merge, toUserId, key, null, true)).map(Problems::reply).mapEmpty();
      return !lines ? merged : merged.compose(x -> carts.send(Idempotency.minted(
          new CartCommand.CheckOut(from, cart.id(), cart.updatedAt()), fromUserId)).mapEmpty());
    }));
  }
}
