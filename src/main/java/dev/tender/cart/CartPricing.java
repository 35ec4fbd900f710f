package dev.tender.cart;

import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Pricing;
import dev.tender.money.LoyaltyPoints;
import dev.tender.money.Money;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes a cart's totals from the current catalog, by the engine's rules: each line is rounded
 * once, totals are sums of rounded lines. Pure and stateless; called on the owning partition's thread.
 * Tenders (loyalty points, credit, gift cards) are payment-like: capped, in that order, at what is
 * left of the grand total. Coupons and promotions are not built yet, so their amounts are zero.
 */
public final class CartPricing {
  /** One loyalty point per ₹100 of grand total. */
  static final Money SPEND_PER_EARNED_POINT = Money.inr(100_00);
  /** The catalog's amounts are INR paise; see {@link Money#MINOR_PER_MAJOR}. */
  private static final Money ZERO = Money.zero(Money.INR);

  /** The demo store's point value: ₹1. */
  public static final long DEFAULT_POINT_VALUE_MINOR = 100;

  private final Catalog catalog;
  private final ShippingPolicy shipping;
  private final long pointValueMinor;

  public CartPricing(Catalog catalog, ShippingPolicy shipping) {
    this(catalog, shipping, DEFAULT_POINT_VALUE_MINOR);
  }

  /** @param pointValueMinor what one loyalty point is worth, in minor units */
  public CartPricing(Catalog catalog, ShippingPolicy shipping, long pointValueMinor) {
    this.catalog = catalog;
    this.shipping = shipping;
    this.pointValueMinor = pointValueMinor;
  }

  public long pointValueMinor() {
    return pointValueMinor;
  }

  public PricedCart price(Cart cart) {
    List<PricedCart.Line> lines = new ArrayList<>(cart.lines().size());
    Money subtotal = ZERO;
    Money itemsTax = ZERO;
    boolean hasPhysical = false;
    for (CartLine l : cart.lines()) {
      CatalogItem item = catalog.lookup(l.productId(), l.variantId()).item();
      if (item == null) {
        continue; // withdrawn from the catalog since it was added: it can no longer be bought
      }
      Pricing p = item.pricing();
      Money unit = Money.inr(p.sellingPriceExcludingTax());
      Money value = unit.times(l.quantity());
      Money tax = value.timesBps(p.taxRateBps());
      lines.add(new PricedCart.Line(l, item, unit.minor(), value.minor(), 0, 0, tax.minor()));
      subtotal = subtotal.plus(value);
      itemsTax = itemsTax.plus(tax);
      hasPhysical |= !"digital".equals(item.product().productType());
    }
    Money itemsTotal = subtotal.plus(itemsTax);

    Money grandTotal = itemsTotal;
    Long estimated = null, discount = null, amount = null, shippingTax = null;
    Integer rate = null, days = null;
    if (cart.shippingAddress() != null) {
      Money fee = hasPhysical ? Money.inr(shipping.flatFee()) : ZERO;
      Money charged = itemsTotal.compareTo(Money.inr(shipping.freeAtOrAbove())) >= 0 ? ZERO : fee;
      Money chargedTax = charged.timesBps(shipping.taxRateBps());
      estimated = fee.minor();
      discount = fee.minus(charged).minor();
      amount = charged.minor();
      rate = shipping.taxRateBps();
      shippingTax = chargedTax.minor();
      days = shipping.estimatedDeliveryDays();
      grandTotal = grandTotal.plus(charged).plus(chargedTax);
    }
    LoyaltyPoints earned = LoyaltyPoints.earnedOn(grandTotal, SPEND_PER_EARNED_POINT);
    Tenders t = cart.tenders();
    long left = lines.isEmpty() ? 0 : grandTotal.minor();
    long loyaltyValue = Math.min(Math.multiplyExact((long) t.loyaltyPoints(), pointValueMinor), left);
    left -= loyaltyValue;
    long credit = Math.min(t.creditRequested(), left);
    left -= credit;
    long cards = 0;
    List<PricedCart.GiftCardUse> uses = new ArrayList<>(t.giftCards().size());
    for (Tenders.GiftCard g : t.giftCards()) {
      long covers = Math.min(Math.min(g.requested() == null ? g.balance() : g.requested(), g.balance()), left);
      uses.add(new PricedCart.GiftCardUse(g.number(), covers, g.balance()));
      left -= covers;
      cards += covers;
    }
    return new PricedCart(cart, List.copyOf(lines), subtotal.minor(), itemsTax.minor(), 0, 0,
        estimated, discount, amount, rate, shippingTax, 0, 0, grandTotal.minor(), loyaltyValue, credit, t.loyaltyPoints(),
        Math.toIntExact(earned.count()), days, shipping.freeAtOrAbove(),
        statusError(cart, lines), cards, List.copyOf(uses));
  }

  private static String statusError(Cart cart, List<PricedCart.Line> priced) {
    if (priced.isEmpty()) {
      return "Cart has no items";
    }
    if (cart.billingAddress() == null) {
      return "Billing address is not set";
    }
    if (cart.shippingAddress() == null) {
      return "Shipping address is not set";
    }
    if (cart.fulfillment() == null) {
      return "Fulfillment preference is not set";
    }
    return null;
  }
}
