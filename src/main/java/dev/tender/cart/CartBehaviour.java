package dev.tender.cart;

import dev.tender.cart.CartCommand.AddToWishlist;
import dev.tender.cart.CartCommand.ChangeTenders;
import dev.tender.cart.CartCommand.CheckOut;
import dev.tender.cart.CartCommand.TenderChange;
import dev.tender.cart.CartCommand.Clear;
import dev.tender.cart.CartCommand.CreateOrUpdate;
import dev.tender.cart.CartCommand.Get;
import dev.tender.cart.CartCommand.GetWishlist;
import dev.tender.cart.CartCommand.RemoveFromWishlist;
import dev.tender.cart.CartCommand.SetAddresses;
import dev.tender.cart.CartCommand.SetFulfillment;
import dev.tender.cart.CartCommand.SetQuantity;
import dev.tender.cart.CartReply.CartView;
import dev.tender.cart.CartReply.Cleared;
import dev.tender.cart.CartReply.Reason;
import dev.tender.cart.CartReply.Rejected;
import dev.tender.cart.CartReply.WishlistView;
import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Pricing;
import dev.tender.cluster.Behaviour;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.money.Money;
import dev.tender.promo.Coupon;
import dev.tender.promo.Promotions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The cart rules as a pure function of (shopper, command, now): no I/O, no Vert.x. The cart kind's
 * partition actor calls it on its own thread and persists {@link Decision#next()} before replying.
 *
 * <p>Expiry is a durable timer: a shopper whose cart has none gets one at the cart's expiry; when it
 * fires, an expired cart is reduced to a bare header (its lines, addresses and metadata are dropped;
 * its id still answers {@code CART_EXPIRED}), and a cart whose expiry was pushed out meanwhile (every
 * change pushes it) gets the timer again at its new expiry. So an idle expired cart needs no sweep, and its
 * expiry survives restarts and partition moves.
 *
 * <p>Every cart it prices gets the automatic promotions active at the decision's time, from this node's
 * {@link Promotions} snapshot (an input like the catalog; a promotion's change reaches it within
 * {@link Promotions#REFRESH}).
 */
public final class CartBehaviour implements Behaviour<Shopper, CartCommand, CartReply> {
  /** The name of the cart's expiry timer. */
  public static final String EXPIRY_TIMER = "cart-expiry";

  private final Catalog catalog;
  private final CartPricing pricing;
  private final Duration cartTtl;
  private final Promotions promotions;

  /** Carts without automatic promotions. */
  public CartBehaviour(Catalog catalog, CartPricing pricing, Duration cartTtl) {
    this(catalog, pricing, cartTtl, Promotions.none());
  }

  public CartBehaviour(Catalog catalog, CartPricing pricing, Duration cartTtl, Promotions promotions) {
    this.catalog = catalog;
    this.pricing = pricing;
    this.cartTtl = cartTtl;
    this.promotions = promotions;
  }

  @Override
  public Decision<Shopper, CartReply> decide(Shopper s, CartCommand command, DecisionContext ctx) {
    Instant now = ctx.now();
    Decision<Shopper, CartReply> d = switch (command) {
      case CreateOrUpdate c -> createOrUpdate(s, c, now);
      case Get g -> unchanged(withCart(s, g.cartId(), now, cart -> view(cart, now)));
      case Clear c -> change(s, c.cartId(), now, Cart::emptied, priced -> new Cleared(priced.cart().id()));
      case SetQuantity q -> setQuantity(s, q, now);
      case SetAddresses a -> change(s, a.cartId(), now, cart -> {
        Cart next = cart.withAddresses(a.billing(), a.shipping());
        // A cart with a shipping address and no choice yet is delivered home, so it can be ordered.
        return next.fulfillment() == null ? next.withFulfillment(FulfillmentPreference.autoDelivery()) : next;
      }, CartView::new);
      case SetFulfillment f -> change(s, f.cartId(), now, cart -> cart.withFulfillment(f.preference()), CartView::new);
      case GetWishlist w -> unchanged(wishlistView(s.wishlist()));
      case AddToWishlist a -> addToWishlist(s, a);
      case ChangeTenders t -> changeTenders(s, t, now);
      // Changes made after the order was priced are not in the order; the cart closes all the same, so it
      // cannot become a second order.
      case CheckOut c -> s.cart() != null && s.cart().id().equals(c.cartId())
          ? Decision.persist(s.withCart(null).withExpiryCheckAt(null), new Cleared(c.cartId()))
          : unchanged(new Cleared(c.cartId()));
      case CartCommand.MergeIn m -> mergeIn(s, m, now);
      case RemoveFromWishlist r -> {
        List<WishlistEntry> next = new ArrayList<>(s.wishlist());
        next.remove(r.entry());
        yield Decision.persist(s.withWishlist(next), wishlistView(next));
      }
    };
    return withExpiryTimer(d);
  }

  @Override
  public Decision<Shopper, CartReply> onTimer(Shopper s, String timer, DecisionContext ctx) {
    if (!EXPIRY_TIMER.equals(timer)) {
      return Decision.none();
    }
    Cart cart = s.cart();
    if (cart == null) {
      return Decision.persist(s.withExpiryCheckAt(null), null);
    }
    if (cart.expiredAt(ctx.now())) {
      Cart tombstone = Cart.open(cart.id(), cart.owner(), cart.createdAt(), cart.expiresAt());
      return Decision.persist(s.withCart(tombstone).withExpiryCheckAt(null), null);
    }
    return Decision.<Shopper, CartReply>persist(s.withExpiryCheckAt(cart.expiresAt()), null)
        .setTimer(EXPIRY_TIMER, cart.expiresAt());
  }

  /** A change that leaves a cart with no expiry timer sets one at its expiry. */
  private static Decision<Shopper, CartReply> withExpiryTimer(Decision<Shopper, CartReply> d) {
    Shopper next = d.next();
    if (next == null || next.cart() == null || next.expiryCheckAt() != null) {
      return d;
    }
    Instant at = next.cart().expiresAt();
    return new Decision<Shopper, CartReply>(next.withExpiryCheckAt(at), d.reply(), d.sends(), d.timers())
        .setTimer(EXPIRY_TIMER, at);
  }

  private Decision<Shopper, CartReply> createOrUpdate(Shopper s, CreateOrUpdate c, Instant now) {
    for (CartLine line : c.lines()) {
      Rejected bad = validate(line);
      if (bad != null) {
        return unchanged(bad);
      }
    }
    Cart cart = s.cart();
    if (cart == null || cart.expiredAt(now)) {
      cart = Cart.open(CartId.random(), s.id(), now, now.plus(cartTtl));
    }
    for (CartLine line : c.lines()) {
      cart = cart.withQuantity(line.productId(), line.variantId(), line.quantity());
    }
    if (c.metadata() != null) {
      cart = cart.withMetadata(c.metadata());
    }
    PricedCart priced = priced(cart.touched(now, now.plus(cartTtl)), now);
    return Decision.persist(s.withCart(priced.cart()), new CartView(priced));
  }

  private Decision<Shopper, CartReply> setQuantity(Shopper s, SetQuantity q, Instant now) {
    Rejected bad = validate(q.line());
    if (bad != null) {
      return unchanged(bad);
    }
    CartLine l = q.line();
    return change(s, q.cartId(), now, cart -> cart.withQuantity(l.productId(), l.variantId(), l.quantity()), CartView::new);
  }

  private Decision<Shopper, CartReply> changeTenders(Shopper s, ChangeTenders t, Instant now) {
    Rejected missing = missing(s, t.cartId(), now);
    if (missing != null) {
      return unchanged(missing);
    }
    Tenders tenders = s.cart().tenders();
    Tenders next = switch (t.change()) {
      case TenderChange.LoyaltyPoints p -> tenders.withLoyaltyPoints(p.points());
      case TenderChange.Credit c -> tenders.withCredit(c.minor());
      case TenderChange.AddGiftCard g -> tenders.withGiftCard(g.card());
      case TenderChange.RemoveGiftCard g -> tenders.withoutGiftCard(g.number());
      case TenderChange.ApplyCoupon a -> tenders.withCoupon(a.coupon());
      case TenderChange.RemoveCoupon r -> tenders.withCoupon(null);
    };
    if (t.change() instanceof TenderChange.AddGiftCard && next.giftCards().size() > Tenders.MAX_GIFT_CARDS) {
      return unchanged(new Rejected(Reason.TOO_MANY_GIFT_CARDS, "at most " + Tenders.MAX_GIFT_CARDS + " gift cards per cart"));
    }
    if (t.change() instanceof TenderChange.RemoveGiftCard g && !tenders.hasGiftCard(g.number())) {
      return unchanged(new Rejected(Reason.GIFT_CARD_NOT_APPLIED, "that gift card is not applied to this cart"));
    }
    PricedCart priced = price(s.cart().withTenders(next).touched(now, now.plus(cartTtl)), now);
    if (t.change() instanceof TenderChange.ApplyCoupon a) {
      String why = couponProblem(a.coupon(), priced, now);
      if (why != null) {
        return unchanged(new Rejected(Reason.INVALID_COUPON, why));
      }
    } else {
      priced = withoutInapplicableCoupon(priced, now);
    }
    // Points are used whole and up to what is left, so fewer used than asked means they are worth more than the cart.
    if (t.change() instanceof TenderChange.LoyaltyPoints p && priced.loyaltyPointsRedeemed() < p.points()) {
      return unchanged(new Rejected(Reason.POINTS_ABOVE_CART_VALUE, p.points() + " points are worth more than the cart"));
    }
    return Decision.persist(s.withCart(priced.cart()), new CartView(priced));
  }

  private Decision<Shopper, CartReply> mergeIn(Shopper s, CartCommand.MergeIn m, Instant now) {
    Cart own = s.cart() == null || s.cart().expiredAt(now) ? null : s.cart();
    List<WishlistEntry> wishlist = new ArrayList<>(s.wishlist());
    for (WishlistEntry w : m.wishlist()) {
      if (!wishlist.contains(w) && catalog.lookup(w.productId(), w.variantId()).item() != null) {
        wishlist.add(w);
      }
    }
    if (own == null && m.lines().isEmpty()) {
      return Decision.persist(s.withWishlist(wishlist), wishlistView(wishlist)); // nothing for a cart: none is opened
    }
    Cart cart = own != null ? own : Cart.open(CartId.random(), s.id(), now, now.plus(cartTtl));
    for (CartLine line : m.lines()) {
      int had = cart.lines().stream().filter(l -> l.sameUnit(line.productId(), line.variantId())).mapToInt(CartLine::quantity).sum();
      CartLine summed = new CartLine(line.productId(), line.variantId(), had + line.quantity());
      if (line.quantity() > 0 && validate(summed) == null) {
        cart = cart.withQuantity(summed.productId(), summed.variantId(), summed.quantity());
      }
    }
    if (own == null || m.fromUpdatedAt().isAfter(own.updatedAt())) {
      if (m.shipping() != null) {
        cart = cart.withAddresses(m.billing(), m.shipping());
        cart = cart.fulfillment() == null ? cart.withFulfillment(FulfillmentPreference.autoDelivery()) : cart;
      }
      // A coupon kept for named customers was checked for the anonymous shopper, not this one: it stays behind.
      if (m.coupon() != null && m.coupon().customerIds().isEmpty()) {
        cart = cart.withTenders(cart.tenders().withCoupon(m.coupon()));
      }
    }
    PricedCart priced = priced(cart.touched(now, now.plus(cartTtl)), now);
    return Decision.persist(s.withCart(priced.cart()).withWishlist(wishlist), new CartView(priced));
  }

  private Decision<Shopper, CartReply> addToWishlist(Shopper s, AddToWishlist a) {
    Catalog.Lookup found = catalog.lookup(a.entry().productId(), a.entry().variantId());
    if (found.item() == null) {
      return unchanged(new Rejected(Reason.valueOf(found.problem().name()), a.entry().productId()));
    }
    if (s.wishlist().contains(a.entry())) {
      return unchanged(wishlistView(s.wishlist()));
    }
    List<WishlistEntry> next = new ArrayList<>(s.wishlist());
    next.add(a.entry());
    return Decision.persist(s.withWishlist(next), wishlistView(next));
  }

  /** Applies {@code change} to the addressed, unexpired cart, stamps and prices it, and answers with {@code reply}. */
  private Decision<Shopper, CartReply> change(Shopper s, CartId cartId, Instant now,
                                              Function<Cart, Cart> change, Function<PricedCart, CartReply> reply) {
    Rejected missing = missing(s, cartId, now);
    if (missing != null) {
      return unchanged(missing);
    }
    PricedCart next = priced(change.apply(s.cart()).touched(now, now.plus(cartTtl)), now);
    return Decision.persist(s.withCart(next.cart()), reply.apply(next));
  }

  /** The cart priced once, and again only in the rare case its coupon no longer applies and is dropped. */
  private PricedCart priced(Cart cart, Instant now) {
    return withoutInapplicableCoupon(price(cart, now), now);
  }

  /** A cart change never fails for its coupon: one that no longer applies is dropped. */
  private PricedCart withoutInapplicableCoupon(PricedCart priced, Instant now) {
    Cart cart = priced.cart();
    Coupon coupon = cart.tenders().coupon();
    return coupon == null || couponProblem(coupon, priced, now) == null ? priced
        : price(cart.withTenders(cart.tenders().withCoupon(null)), now);
  }

  /** Why the coupon does not apply to this priced cart now, or null (subtotal and lines do not depend on it). */
  private static String couponProblem(Coupon coupon, PricedCart priced, Instant now) {
    if (!coupon.activeAt(now)) {
      return "the coupon is not valid now";
    }
    if (coupon.minimumOrderTotal() != null && priced.subtotal() < coupon.minimumOrderTotal()) {
      return "the cart is below the coupon's minimum order total of " + Money.format(coupon.minimumOrderTotal());
    }
    if (coupon.discountType() != Coupon.DiscountType.FREE_SHIPPING
        && priced.lines().stream().noneMatch(l -> coupon.eligible(l.item().product().id(), l.item().product().category()))) {
      return "no item in the cart is eligible for the coupon";
    }
    return null;
  }

  private CartReply withCart(Shopper s, CartId cartId, Instant now, Function<Cart, CartReply> reply) {
    Rejected missing = missing(s, cartId, now);
    return missing != null ? missing : reply.apply(s.cart());
  }

  /**
   * Why the command's cart is not the shopper's usable active cart, or null if it is. Foreign and
   * unknown ids look alike; a null {@code cartId} means "the active cart, whatever its id".
   */
  private static Rejected missing(Shopper s, CartId cartId, Instant now) {
    Cart cart = s.cart();
    if (cart == null || (cartId != null && !cartId.equals(cart.id()))) {
      return new Rejected(Reason.CART_NOT_FOUND, cartId == null ? "no active cart" : cartId.value());
    }
    return cart.expiredAt(now) ? new Rejected(Reason.CART_EXPIRED, cart.id().value()) : null;
  }

  /** Checks a requested line against the catalog: unit exists, stock, min/max/step quantity. */
  Rejected validate(CartLine line) {
    if (line.quantity() < 0) {
      return new Rejected(Reason.INVALID_QUANTITY, "quantity must not be negative");
    }
    Catalog.Lookup found = catalog.lookup(line.productId(), line.variantId());
    if (found.item() == null) {
      return new Rejected(Reason.valueOf(found.problem().name()), line.productId());
    }
    if (line.quantity() == 0) {
      return null;
    }
    CatalogItem item = found.item();
    Pricing p = item.pricing();
    if (line.quantity() > item.stockQuantity()) {
      return new Rejected(Reason.OUT_OF_STOCK, item.sku());
    }
    if (line.quantity() < p.minOrderQuantity()) {
      return new Rejected(Reason.QUANTITY_BELOW_MINIMUM, "minimum is " + p.minOrderQuantity());
    }
    if (p.maxOrderQuantity() != null && line.quantity() > p.maxOrderQuantity()) {
      return new Rejected(Reason.QUANTITY_ABOVE_MAXIMUM, "maximum is " + p.maxOrderQuantity());
    }
    if ((line.quantity() - p.minOrderQuantity()) % p.incrementalQuantity() != 0) {
      return new Rejected(Reason.QUANTITY_NOT_IN_STEPS,
          "quantity must be " + p.minOrderQuantity() + " plus a multiple of " + p.incrementalQuantity());
    }
    return null;
  }

  private CartReply view(Cart cart, Instant now) {
    return new CartView(price(cart, now));
  }

  /** The cart priced with the promotions active at {@code now}. */
  private PricedCart price(Cart cart, Instant now) {
    return pricing.price(cart, promotions.activeAt(now));
  }

  private WishlistView wishlistView(List<WishlistEntry> entries) {
    List<CatalogItem> items = new ArrayList<>(entries.size());
    for (WishlistEntry e : entries) {
      CatalogItem item = catalog.lookup(e.productId(), e.variantId()).item();
      if (item != null) {
        items.add(item);
      }
    }
    return new WishlistView(List.copyOf(items));
  }

  private static Decision<Shopper, CartReply> unchanged(CartReply reply) {
    return Decision.reply(reply);
  }
}
