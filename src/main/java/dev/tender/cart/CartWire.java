package dev.tender.cart;

import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;
import dev.tender.promo.Coupon;
import dev.tender.promo.PromoWire;
import dev.tender.promo.Promotion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cart protocol's compact wire form (clustered event bus, recorded replies). A priced cart travels
 * with its prices, so the receiver never prices it again; catalog items travel as their ids and are
 * looked up in the receiver's catalog (every node loads the same one).
 */
public final class CartWire {
  private CartWire() {}

  /** Codec of {@link CartCommand}. */
  public static final class Commands implements WireCodec<CartCommand> {
    @Override
    public void write(CartCommand c, WireOut out) {
      switch (c) {
        case CartCommand.CreateOrUpdate u -> {
          out.i32(0).str(u.owner().value());
          lines(u.lines(), out);
          out.bool(u.metadata() != null);
          if (u.metadata() != null) {
            metadata(u.metadata(), out);
          }
        }
        case CartCommand.Get g -> out.i32(1).str(g.owner().value()).str(id(g.cartId()));
        case CartCommand.Clear x -> out.i32(2).str(x.owner().value()).str(id(x.cartId()));
        case CartCommand.SetQuantity q -> {
          out.i32(3).str(q.owner().value()).str(id(q.cartId()));
          line(q.line(), out);
        }
        case CartCommand.SetAddresses a -> {
          out.i32(4).str(a.owner().value()).str(id(a.cartId()));
          address(a.billing(), out);
          address(a.shipping(), out);
        }
        case CartCommand.SetFulfillment f -> {
          out.i32(5).str(f.owner().value()).str(id(f.cartId()));
          fulfillment(f.preference(), out);
        }
        case CartCommand.GetWishlist w -> out.i32(6).str(w.owner().value());
        case CartCommand.AddToWishlist a -> out.i32(7).str(a.owner().value()).str(a.entry().productId()).str(a.entry().variantId());
        case CartCommand.RemoveFromWishlist r ->
            out.i32(8).str(r.owner().value()).str(r.entry().productId()).str(r.entry().variantId());
        case CartCommand.ChangeTenders t -> {
          out.i32(9).str(t.owner().value()).str(id(t.cartId()));
          switch (t.change()) {
            case CartCommand.TenderChange.LoyaltyPoints p -> out.i32(0).i32(p.points());
            case CartCommand.TenderChange.Credit credit -> out.i32(1).i64(credit.minor());
            case CartCommand.TenderChange.AddGiftCard g -> out.i32(2).str(g.card().number()).optLong(g.card().requested())
                .i64(g.card().balance());
            case CartCommand.TenderChange.RemoveGiftCard g -> out.i32(3).str(g.number());
            case CartCommand.TenderChange.ApplyCoupon a -> {
              out.i32(4);
              PromoWire.coupon(a.coupon(), out);
            }
            case CartCommand.TenderChange.RemoveCoupon r -> out.i32(5);
          }
        }
        case CartCommand.CheckOut x -> out.i32(10).str(x.owner().value()).str(id(x.cartId())).instant(x.cartUpdatedAt());
        case CartCommand.MergeIn m -> {
          out.i32(11).str(m.owner().value());
          lines(m.lines(), out);
          address(m.billing(), out);
          address(m.shipping(), out);
          out.bool(m.coupon() != null);
          if (m.coupon() != null) {
            PromoWire.coupon(m.coupon(), out);
          }
          out.instant(m.fromUpdatedAt()).i32(m.wishlist().size());
          m.wishlist().forEach(w -> out.str(w.productId()).str(w.variantId()));
        }
      }
    }

    @Override
    public CartCommand read(WireIn in) {
      int tag = in.i32();
      UserId owner = new UserId(in.str());
      return switch (tag) {
        case 0 -> {
          List<CartLine> lines = lines(in);
          yield new CartCommand.CreateOrUpdate(owner, lines, in.bool() ? metadata(in) : null);
        }
        case 1 -> new CartCommand.Get(owner, cartId(in.str()));
        case 2 -> new CartCommand.Clear(owner, cartId(in.str()));
        case 3 -> new CartCommand.SetQuantity(owner, cartId(in.str()), line(in));
        case 4 -> {
          CartId id = cartId(in.str());
          Address billing = address(in);
          yield new CartCommand.SetAddresses(owner, id, billing, address(in));
        }
        case 5 -> new CartCommand.SetFulfillment(owner, cartId(in.str()), fulfillment(in));
        case 6 -> new CartCommand.GetWishlist(owner);
        case 7 -> new CartCommand.AddToWishlist(owner, new WishlistEntry(in.str(), in.str()));
        case 8 -> new CartCommand.RemoveFromWishlist(owner, new WishlistEntry(in.str(), in.str()));
        case 9 -> {
          CartId id = cartId(in.str());
          CartCommand.TenderChange change = switch (in.i32()) {
            case 0 -> new CartCommand.TenderChange.LoyaltyPoints(in.i32());
            case 1 -> new CartCommand.TenderChange.Credit(in.i64());
            case 2 -> new CartCommand.TenderChange.AddGiftCard(new Tenders.GiftCard(in.str(), in.optLong(), in.i64()));
            case 3 -> new CartCommand.TenderChange.RemoveGiftCard(in.str());
            case 4 -> new CartCommand.TenderChange.ApplyCoupon(PromoWire.coupon(in));
            default -> new CartCommand.TenderChange.RemoveCoupon();
          };
          yield new CartCommand.ChangeTenders(owner, id, change);
        }
        case 10 -> new CartCommand.CheckOut(owner, cartId(in.str()), in.instant());
        case 11 -> {
          List<CartLine> lines = lines(in);
          Address billing = address(in);
          Address shipping = address(in);
          Coupon coupon = in.bool() ? PromoWire.coupon(in) : null;
          Instant from = in.instant();
          int n = in.i32();
          List<WishlistEntry> wishlist = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            wishlist.add(new WishlistEntry(in.str(), in.str()));
          }
          yield new CartCommand.MergeIn(owner, lines, billing, shipping, coupon, from, List.copyOf(wishlist));
        }
        default -> throw new IllegalArgumentException("unknown cart command tag " + tag);
      };
    }
  }

  /** Codec of {@link CartReply}. */
  public static final class Replies implements WireCodec<CartReply> {
    private final Catalog catalog;

    public Replies(Catalog catalog) {
      this.catalog = catalog;
    }

    @Override
    public void write(CartReply r, WireOut out) {
      switch (r) {
        case CartReply.CartView v -> {
          out.i32(0);
          pricedCart(v.cart(), out);
        }
        case CartReply.Cleared c -> out.i32(1).str(c.cartId().value());
        case CartReply.WishlistView w -> {
          out.i32(2).i32(w.items().size());
          for (CatalogItem i : w.items()) {
            out.str(i.product().id()).str(i.variantId());
          }
        }
        case CartReply.Rejected x -> out.i32(3).str(x.reason().name()).str(x.detail());
      }
    }

    @Override
    public CartReply read(WireIn in) {
      int tag = in.i32();
      return switch (tag) {
        case 0 -> new CartReply.CartView(pricedCart(in));
        case 1 -> new CartReply.Cleared(new CartId(in.str()));
        case 2 -> {
          int n = in.i32();
          List<CatalogItem> items = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            items.add(item(in.str(), in.str()));
          }
          yield new CartReply.WishlistView(List.copyOf(items));
        }
        case 3 -> new CartReply.Rejected(CartReply.Reason.valueOf(in.str()), in.str());
        default -> throw new IllegalArgumentException("unknown cart reply tag " + tag);
      };
    }

    private CatalogItem item(String productId, String variantId) {
      CatalogItem item = catalog.lookup(productId, variantId).item();
      if (item == null) {
        throw new IllegalStateException("catalog item " + productId + "/" + variantId + " is unknown on this node");
      }
      return item;
    }

    private static void pricedCart(PricedCart p, WireOut out) {
      cart(p.cart(), out);
      out.i32(p.lines().size());
      for (PricedCart.Line l : p.lines()) {
        line(l.line(), out);
        out.i64(l.unitPriceExcludingTax()).i64(l.lineValue()).i64(l.promotionDiscountAmount()).i64(l.couponDiscountAmount())
            .i64(l.taxAmount());
      }
      out.i64(p.subtotal()).i64(p.itemsTaxAmount()).i64(p.promotionDiscountAmount()).i64(p.couponDiscountAmount())
          .optLong(p.shippingEstimatedCost()).optLong(p.shippingDiscountAmount()).optLong(p.shippingAmount())
          .optInt(p.shippingTaxRateBps()).optLong(p.shippingTaxAmount())
          .i64(p.handlingChargeExcludingTax()).i64(p.handlingChargeTaxAmount()).i64(p.grandTotal())
          .i64(p.loyaltyValue()).i64(p.creditBalanceUsed()).i32(p.loyaltyPointsRedeemed()).i32(p.loyaltyPointsEarned())
          .optInt(p.estimatedDeliveryDays()).optLong(p.freeShippingThreshold()).str(p.statusErrorMessage())
          .i64(p.giftCardAmount()).i32(p.giftCards().size());
      for (PricedCart.GiftCardUse g : p.giftCards()) {
        out.str(g.number()).i64(g.amount()).i64(g.balance());
      }
      // Last, so a reply recorded before promotions existed reads as having none (WireIn.more).
      out.i32(p.appliedPromotions().size());
      for (PricedCart.AppliedPromotion a : p.appliedPromotions()) {
        out.str(a.promotionId()).i32(a.type().ordinal()).i64(a.savings()).str(a.productId()).str(a.variantId()).str(a.productName())
            .str(a.variantName()).i32(a.freeQuantity()).i32(a.percentBps()).i32(a.sequence());
      }
    }

    private PricedCart pricedCart(WireIn in) {
      Cart cart = cart(in);
      int n = in.i32();
      List<PricedCart.Line> lines = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        CartLine l = line(in);
        lines.add(new PricedCart.Line(l, item(l.productId(), l.variantId()), in.i64(), in.i64(), in.i64(), in.i64(), in.i64()));
      }
      long subtotal = in.i64(), itemsTax = in.i64(), promotion = in.i64(), coupon = in.i64();
      Long estimated = in.optLong(), shippingDiscount = in.optLong(), shipping = in.optLong();
      Integer shippingRate = in.optInt();
      Long shippingTax = in.optLong();
      long handling = in.i64(), handlingTax = in.i64(), grandTotal = in.i64(), loyaltyValue = in.i64(), credit = in.i64();
      int redeemed = in.i32(), earned = in.i32();
      Integer days = in.optInt();
      Long freeAt = in.optLong();
      String status = in.str();
      long cards = in.i64();
      int n2 = in.i32();
      List<PricedCart.GiftCardUse> uses = new ArrayList<>(n2);
      for (int i = 0; i < n2; i++) {
        uses.add(new PricedCart.GiftCardUse(in.str(), in.i64(), in.i64()));
      }
      int n3 = in.more() ? in.i32() : 0;
      List<PricedCart.AppliedPromotion> applied = new ArrayList<>(n3);
      for (int i = 0; i < n3; i++) {
        applied.add(new PricedCart.AppliedPromotion(in.str(), Promotion.Type.values()[in.i32()], in.i64(), in.str(), in.str(), in.str(),
            in.str(), in.i32(), in.i32(), in.i32()));
      }
      return new PricedCart(cart, List.copyOf(lines), subtotal, itemsTax, promotion, coupon, estimated, shippingDiscount, shipping,
          shippingRate, shippingTax, handling, handlingTax, grandTotal, loyaltyValue, credit, redeemed, earned, days, freeAt, status,
          cards, List.copyOf(uses), List.copyOf(applied));
    }
  }

  static void cart(Cart c, WireOut out) {
    out.str(c.id().value()).str(c.owner().value());
    lines(c.lines(), out);
    address(c.billingAddress(), out);
    address(c.shippingAddress(), out);
    out.bool(c.fulfillment() != null);
    if (c.fulfillment() != null) {
      fulfillment(c.fulfillment(), out);
    }
    metadata(c.metadata(), out);
    out.instant(c.createdAt()).instant(c.updatedAt()).instant(c.expiresAt());
    Tenders t = c.tenders();
    out.bool(t.coupon() != null);
    if (t.coupon() != null) {
      PromoWire.coupon(t.coupon(), out);
    }
    out.i32(t.loyaltyPoints()).i64(t.creditRequested()).i32(t.giftCards().size());
    for (Tenders.GiftCard g : t.giftCards()) {
      out.str(g.number()).optLong(g.requested()).i64(g.balance());
    }
  }

  static Cart cart(WireIn in) {
    CartId id = new CartId(in.str());
    UserId owner = new UserId(in.str());
    List<CartLine> lines = lines(in);
    Address billing = address(in);
    Address shipping = address(in);
    FulfillmentPreference f = in.bool() ? fulfillment(in) : null;
    Map<String, String> metadata = metadata(in);
    Instant created = in.instant(), updated = in.instant(), expires = in.instant();
    Coupon coupon = in.bool() ? PromoWire.coupon(in) : null;
    int points = in.i32();
    long credit = in.i64();
    int n = in.i32();
    List<Tenders.GiftCard> cards = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      cards.add(new Tenders.GiftCard(in.str(), in.optLong(), in.i64()));
    }
    return new Cart(id, owner, lines, billing, shipping, f, metadata, created, updated, expires, new Tenders(coupon, points, credit, cards));
  }

  private static String id(CartId id) {
    return id == null ? null : id.value();
  }

  private static CartId cartId(String s) {
    return s == null ? null : new CartId(s);
  }

  private static void line(CartLine l, WireOut out) {
    out.str(l.productId()).str(l.variantId()).i32(l.quantity());
  }

  private static CartLine line(WireIn in) {
    return new CartLine(in.str(), in.str(), in.i32());
  }

  private static void lines(List<CartLine> lines, WireOut out) {
    out.i32(lines.size());
    lines.forEach(l -> line(l, out));
  }

  private static List<CartLine> lines(WireIn in) {
    int n = in.i32();
    List<CartLine> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lines.add(line(in));
    }
    return List.copyOf(lines);
  }

  private static void metadata(Map<String, String> m, WireOut out) {
    out.i32(m.size());
    m.forEach((k, v) -> out.str(k).str(v));
  }

  private static Map<String, String> metadata(WireIn in) {
    int n = in.i32();
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(in.str(), in.str());
    }
    return Map.copyOf(m);
  }

  private static void fulfillment(FulfillmentPreference f, WireOut out) {
    out.str(f.fulfillmentType()).str(f.preferenceType()).str(f.json());
  }

  private static FulfillmentPreference fulfillment(WireIn in) {
    return new FulfillmentPreference(in.str(), in.str(), in.str());
  }

  public static void address(Address a, WireOut out) {
    out.bool(a != null);
    if (a != null) {
      for (String f : fields(a)) {
        out.str(f);
      }
    }
  }

  public static Address address(WireIn in) {
    if (!in.bool()) {
      return null;
    }
    String[] v = new String[16];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.str();
    }
    return new Address(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
  }

  private static String[] fields(Address a) {
    return new String[] {a.id(), a.firstName(), a.lastName(), a.countryCode(), a.phone(), a.email(), a.addressLine1(),
        a.addressLine2(), a.landmark(), a.pincode(), a.city(), a.state(), a.country(), a.taxIdentificationNumber(),
        a.businessName(), a.nickname()};
  }
}
