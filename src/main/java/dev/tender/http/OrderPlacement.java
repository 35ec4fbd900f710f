package dev.tender.http;

import dev.tender.cart.CartCommand;
import dev.tender.cart.CartId;
import dev.tender.cart.CartReply;
import dev.tender.cart.PricedCart;
import dev.tender.cart.UserId;
import dev.tender.catalog.Catalog;
import dev.tender.cart.Address;
import dev.tender.cluster.Documents;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.order.Order;
import dev.tender.order.OrderCommand;
import dev.tender.order.OrderNumbers;
import dev.tender.order.OrderReply;
import dev.tender.promo.PromoCommand;
import dev.tender.promo.PromoReply;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.GiftCardNumbers;
import dev.tender.wallet.WalletCommand;
import dev.tender.wallet.WalletReply;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Places an order from a cart: the saga's steps, each idempotent, driven from the node that took the
 * request while the order partition keeps the record (see {@code OrderBehaviour}).
 *
 * <ol>
 *   <li>read and price the cart; it must be ready (items, addresses, stock);</li>
 *   <li>{@code Begin} on the order (number from the cart and its last change, so a retry names the same
 *       order): notes the holds to take and sets a deadline;</li>
 *   <li>hold each stored-value tender and reserve the coupon use, all at once, under ids the order gave;</li>
 *   <li>{@code Place}: the order exists, with payment attempt #1 (or confirmed, if nothing is left to pay),
 *       and closes the cart through its outbox; then the cart is closed here too, before answering.</li>
 * </ol>
 * A refused step sends {@code Abort}, which releases whatever was taken; a node that dies mid-way leaves
 * the deadline to do the same, and every hold also expires on its own.
 */
final class OrderPlacement {
  /** How many of a customer's newest orders are searched for a cart that already became one. */
  private static final int RECENT_ORDERS = 20;

  private final PartitionRouter<CartCommand, CartReply> carts;
  private final PartitionRouter<WalletCommand, WalletReply> wallets;
  private final PartitionRouter<PromoCommand, PromoReply> promos;
  private final PartitionRouter<OrderCommand, OrderReply> orders;
  private final Documents<Order> orderStore;
  private final Catalog catalog;

  OrderPlacement(PartitionRouter<CartCommand, CartReply> carts, PartitionRouter<WalletCommand, WalletReply> wallets,
                 PartitionRouter<PromoCommand, PromoReply> promos, PartitionRouter<OrderCommand, OrderReply> orders,
                 Documents<Order> orderStore, Catalog catalog) {
    this.carts = carts;
    this.wallets = wallets;
    this.promos = promos;
    this.orders = orders;
    this.orderStore = orderStore;
    this.catalog = catalog;
  }

  /** The placed (or already placed) order, or a failed future carrying the {@link ApiError} to answer. */
  Future<Order> place(RoutingContext ctx, UserId owner, CartId cartId) {
    return carts.read(new CartCommand.Get(owner, cartId)).compose(r -> switch (Problems.reply(r)) {
      case CartReply.CartView v -> begin(ctx, owner, v.cart());
      case CartReply.Rejected rej when rej.reason() == CartReply.Reason.CART_NOT_FOUND -> alreadyOrdered(owner, cartId)
          .compose(o -> o != null ? sameKey(ctx, owner, o) : Future.failedFuture(Problems.of(rej)));
      case CartReply.Rejected rej -> Future.failedFuture(Problems.of(rej));
      default -> Future.failedFuture(new IllegalStateException("unexpected cart reply"));
    });
  }

  /** A cart that is gone may have become one of the customer's orders: then the answer is that order. */
  private Future<Order> alreadyOrdered(UserId owner, CartId cartId) {
    return orderStore.ownedBy(owner.value(), RECENT_ORDERS).map(list -> list.stream()
        .filter(o -> cartId.value().equals(o.cartId()) && o.visible()).findFirst().orElse(null));
  }

  /**
   * The order a gone cart became, once the client's Idempotency-Key (if any) is checked against it: the
   * key was recorded with the order, so the same key with another body is still refused.
   */
  private Future<Order> sameKey(RoutingContext ctx, UserId owner, Order o) {
    if (ctx.request().getHeader(Idempotency.HEADER) == null) {
      return Future.succeededFuture(o);
    }
    return orders.send(Idempotency.request(ctx, new OrderCommand.Place(o.number()), owner.value())).compose(r ->
        r instanceof Response.KeyReused<OrderReply> ? Future.failedFuture(Problems.keyReused())
            : orders.read(new OrderCommand.Get(o.number(), owner.value())).map(g -> Problems.reply(g) instanceof OrderReply.View v ? v.order() : o));
  }

  private Future<Order> begin(RoutingContext ctx, UserId owner, PricedCart p) {
    if (p.lines().isEmpty()) {
      return Future.failedFuture(new ApiError(400, "CART_NOT_READY", "the cart is empty"));
    }
    if (!p.readyForPayment()) {
      return Future.failedFuture(new ApiError(400, "CART_NOT_READY", p.statusErrorMessage()));
    }
    String number = OrderNumbers.of(p.cart().id().value(), p.cart().updatedAt());
    OrderCommand.Begin begin = new OrderCommand.Begin(number, placement(owner, p));
    Request<OrderCommand> request = Idempotency.request(ctx, begin, owner.value());
    return orders.send(request).compose(r -> {
      OrderReply reply = Problems.reply(r);
      if (!(reply instanceof OrderReply.View v)) {
        return Future.failedFuture(new IllegalStateException("unexpected order reply " + reply));
      }
      Order o = v.order();
      return switch (o.status()) {
        case PLACING -> hold(o, owner);
        case ABORTED -> Future.failedFuture(refusal(o.failure())); // a client's key replayed after a refusal
        // Placed by its Begin (nothing to hold), or earlier: the cart is closed (again, harmlessly) before the answer.
        default -> closeCart(o, owner);
      };
    });
  }

  private OrderCommand.Placement placement(UserId owner, PricedCart p) {
    List<Order.Hold> holds = new ArrayList<>();
    if (p.loyaltyPointsRedeemed() > 0) {
      holds.add(new Order.Hold(Order.Tender.LOYALTY_POINTS, AccountType.LOYALTY.key(owner.value()), null,
          p.loyaltyPointsRedeemed(), p.loyaltyValue(), Order.HoldState.PLANNED));
    }
    if (p.creditBalanceUsed() > 0) {
      holds.add(new Order.Hold(Order.Tender.STORE_CREDIT, AccountType.CREDIT.key(owner.value()), null,
          p.creditBalanceUsed(), p.creditBalanceUsed(), Order.HoldState.PLANNED));
    }
    for (PricedCart.GiftCardUse g : p.giftCards()) {
      if (g.amount() > 0) {
        holds.add(new Order.Hold(Order.Tender.GIFT_CARD, AccountType.GIFT_CARD.key(g.number()), null, g.amount(), g.amount(),
            Order.HoldState.PLANNED));
      }
    }
    Address billing = p.cart().billingAddress();
    Order.Payer payer = new Order.Payer(nz(billing.firstName()), nz(billing.lastName()), nz(billing.email()), nz(billing.phone()));
    var coupon = p.cart().tenders().coupon();
    return new OrderCommand.Placement(owner.value(), p.cart().id().value(), p.cart().updatedAt(), p.grandTotal(), p.toBePaid(),
        p.loyaltyPointsEarned(), coupon == null ? null : coupon.code(), payer, holds, OrderJson.snapshot(p, catalog.currency()));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** Takes every hold and the coupon use at once; all must succeed, else the placement is aborted. */
  private Future<Order> hold(Order o, UserId owner) {
    String currency = catalog.currency().code();
    List<Future<String>> steps = new ArrayList<>();
    for (Order.Hold h : o.holds()) {
      String unit = h.tender() == Order.Tender.LOYALTY_POINTS ? AccountType.POINTS : currency;
      WalletCommand.PlaceHold cmd = new WalletCommand.PlaceHold(h.walletKey(), h.holdId(), h.amount(), unit, o.holdsExpireAt(), null,
          "order " + o.number());
      steps.add(wallets.send(Idempotency.minted(cmd, owner.value())).map(r -> switch (Problems.reply(r)) {
        case WalletReply.View v -> null;
        case WalletReply.Rejected rej -> refusalCode(h, rej);
      }));
    }
    if (o.couponCode() != null) {
      PromoCommand.Reserve cmd = new PromoCommand.Reserve(o.couponCode(), o.couponReservationId(), owner.value(), o.holdsExpireAt());
      steps.add(promos.send(Idempotency.minted(cmd, owner.value())).map(r -> switch (Problems.reply(r)) {
        case PromoReply.CouponView v -> null;
        case PromoReply.Rejected rej -> "INVALID_COUPON|coupon " + o.couponCode() + " can no longer be used: " + rej.detail();
      }));
    }
    return Future.join(steps).transform(all -> {
      String refused = null;
      boolean failed = false;
      for (Future<String> f : steps) {
        if (f.failed()) {
          failed = true;
        } else if (f.result() != null && refused == null) {
          refused = f.result();
        }
      }
      if (refused != null) {
        String why = refused;
        return orders.send(Idempotency.minted(new OrderCommand.Abort(o.number(), why), owner.value()))
            .transform(ignored -> Future.failedFuture(refusal(why)));
      }
      if (failed) {
        // Unknown whether those holds were taken: leave the placement to its retry or to its deadline.
        return Future.failedFuture(all.cause() != null ? all.cause() : steps.stream().filter(Future::failed).findFirst().get().cause());
      }
      return orders.send(Idempotency.minted(new OrderCommand.Place(o.number()), owner.value())).compose(r -> switch (Problems.reply(r)) {
        case OrderReply.View v -> closeCart(v.order(), owner);
        case OrderReply.Rejected rej -> Future.failedFuture(new ApiError(409, "ORDER_PLACEMENT_ABANDONED",
            "the order could not be placed in time (" + rej.detail() + "); nothing was taken, please try again"));
      });
    });
  }

  /** Closes the cart before answering (the order's outbox does it too, if this node dies first). */
  private Future<Order> closeCart(Order o, UserId owner) {
    CartCommand.CheckOut close = new CartCommand.CheckOut(owner, new CartId(o.cartId()), o.cartUpdatedAt());
    return carts.send(Idempotency.minted(close, owner.value())).transform(ignored -> Future.succeededFuture(o));
  }

  /** "CODE|message" of a refused hold: the tender named, 409 since the balance changed after it was applied. */
  private static String refusalCode(Order.Hold h, WalletReply.Rejected rej) {
    String what = switch (h.tender()) {
      case GIFT_CARD -> "gift card " + GiftCardNumbers.masked(AccountType.GIFT_CARD.idOf(h.walletKey()));
      case STORE_CREDIT -> "store credit";
      case LOYALTY_POINTS -> "loyalty points";
    };
    String code = switch (rej.reason()) {
      case INSUFFICIENT_BALANCE -> switch (h.tender()) {
        case GIFT_CARD -> "INSUFFICIENT_GIFT_CARD_BALANCE";
        case STORE_CREDIT -> "INSUFFICIENT_CREDIT_BALANCE";
        case LOYALTY_POINTS -> "INSUFFICIENT_LOYALTY_POINTS";
      };
      case GIFT_CARD_LOCKED -> "GIFT_CARD_LOCKED";
      case CURRENCY_MISMATCH -> "CURRENCY_MISMATCH";
      default -> h.tender() == Order.Tender.GIFT_CARD ? "INVALID_GIFT_CARD" : "TENDER_NOT_AVAILABLE";
    };
    return code + "|" + what + " cannot cover its share any more: " + rej.detail();
  }

  static ApiError refusal(String failure) {
    if (failure == null || !failure.contains("|")) {
      return new ApiError(409, "ORDER_PLACEMENT_ABANDONED", "the order could not be placed: " + failure + "; please try again");
    }
    int bar = failure.indexOf('|');
    return new ApiError(409, failure.substring(0, bar), failure.substring(bar + 1));
  }
}
