package dev.tender.cart;

import dev.tender.payment.PaymentSplit;
import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Pricing;
import dev.tender.money.LoyaltyPoints;
import dev.tender.money.Money;
import dev.tender.promo.Coupon;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes a cart's totals from the current catalog, by the engine's rules: each line is rounded
 * once, totals are sums of rounded lines. Pure and stateless; called on the owning partition's thread.
 * Tenders (loyalty points, credit, gift cards) are payment-like: capped, in that order, at what is
 * left of the grand total. A coupon is a discount on the eligible items before tax. Automatic
 * promotions are not built yet, so their amounts are zero.
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
    List<CatalogItem> items = new ArrayList<>(cart.lines().size());
    List<CartLine> kept = new ArrayList<>(cart.lines().size());
    long subtotal = 0;
    boolean hasPhysical = false;
    for (CartLine l : cart.lines()) {
      CatalogItem item = catalog.lookup(l.productId(), l.variantId()).item();
      if (item == null) {
        continue; // withdrawn from the catalog since it was added: it can no longer be bought
      }
      items.add(item);
      kept.add(l);
      subtotal = Math.addExact(subtotal, Math.multiplyExact(item.pricing().sellingPriceExcludingTax(), (long) l.quantity()));
      hasPhysical |= !"digital".equals(item.product().productType());
    }
    Coupon coupon = applicable(cart.tenders().coupon(), subtotal);
    long[] couponShares = couponShares(coupon, kept, items);

    List<PricedCart.Line> lines = new ArrayList<>(kept.size());
    long itemsTax = 0;
    long couponTotal = 0;
    for (int i = 0; i < kept.size(); i++) {
      CartLine l = kept.get(i);
      Pricing p = items.get(i).pricing();
      long value = p.sellingPriceExcludingTax() * l.quantity();
      long share = couponShares == null ? 0 : couponShares[i];
      // Coupons are discounts: the tax is on what is paid for the line.
      long tax = Money.taxOn(value - share, p.taxRateBps());
      lines.add(new PricedCart.Line(l, items.get(i), p.sellingPriceExcludingTax(), value, 0, share, tax));
      itemsTax += tax;
      couponTotal += share;
    }
    Money itemsTotal = Money.inr(subtotal + itemsTax - couponTotal);

    Money grandTotal = itemsTotal;
    Long estimated = null, discount = null, amount = null, shippingTax = null;
    Integer rate = null, days = null;
    if (cart.shippingAddress() != null) {
      Money fee = hasPhysical ? Money.inr(shipping.flatFee()) : ZERO;
      boolean free = itemsTotal.compareTo(Money.inr(shipping.freeAtOrAbove())) >= 0
          || (coupon != null && coupon.discountType() == Coupon.DiscountType.FREE_SHIPPING);
      Money charged = free ? ZERO : fee;
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
    long due = lines.isEmpty() ? 0 : grandTotal.minor();
    // The split: points (whole ones), then credit, then each card, capped at what is left to pay.
    int n = 2 + t.giftCards().size();
    long[] requested = new long[n];
    long[] available = new long[n];
    long[] unit = new long[n];
    long[] covers = new long[n];
    available[0] = requested[0] = (long) t.loyaltyPoints() * pointValueMinor;
    unit[0] = pointValueMinor;
    available[1] = requested[1] = t.creditRequested();
    unit[1] = 1;
    for (int i = 2; i < n; i++) {
      Tenders.GiftCard g = t.giftCards().get(i - 2);
      requested[i] = g.requested() == null ? PaymentSplit.ALL : g.requested();
      available[i] = g.balance();
      unit[i] = 1;
    }
    PaymentSplit.allocate(due, requested, available, unit, n, covers);
    long loyaltyValue = covers[0];
    int pointsUsed = (int) (loyaltyValue / pointValueMinor);
    long credit = covers[1];
    long cards = 0;
    List<PricedCart.GiftCardUse> uses = new ArrayList<>(t.giftCards().size());
    for (int i = 2; i < n; i++) {
      Tenders.GiftCard g = t.giftCards().get(i - 2);
      uses.add(new PricedCart.GiftCardUse(g.number(), covers[i], g.balance()));
      cards += covers[i];
    }
    return new PricedCart(cart, List.copyOf(lines), subtotal, itemsTax, 0, couponTotal,
        estimated, discount, amount, rate, shippingTax, 0, 0, grandTotal.minor(), loyaltyValue, credit, pointsUsed,
        Math.toIntExact(earned.count()), days, shipping.freeAtOrAbove(),
        statusError(cart, lines), cards, List.copyOf(uses));
  }

  /** The cart's coupon if it applies to a cart of this subtotal (its minimum reached), else null. */
  static Coupon applicable(Coupon coupon, long subtotal) {
    return coupon == null || (coupon.minimumOrderTotal() != null && subtotal < coupon.minimumOrderTotal()) ? null : coupon;
  }

  /**
   * Each line's share of the coupon's discount: the discount on the eligible lines' pre-tax value
   * (a percentage, capped by the coupon's maximum, or a fixed amount up to that value), split pro rata
   * with the rounding remainder on the largest eligible line, so the shares sum to it exactly. Null if
   * the coupon takes nothing off the items.
   */
  static long[] couponShares(Coupon coupon, List<CartLine> lines, List<CatalogItem> items) {
    if (coupon == null || coupon.discountType() == Coupon.DiscountType.FREE_SHIPPING) {
      return null;
    }
    long[] values = new long[lines.size()];
    long eligible = 0;
    for (int i = 0; i < lines.size(); i++) {
      CatalogItem item = items.get(i);
      if (coupon.eligible(item.product().id(), item.product().category())) {
        values[i] = item.pricing().sellingPriceExcludingTax() * lines.get(i).quantity();
        eligible += values[i];
      }
    }
    if (eligible == 0) {
      return null;
    }
    long off = coupon.discountType() == Coupon.DiscountType.PERCENTAGE
        ? Money.divideHalfUp(Math.multiplyExact(eligible, (long) coupon.percentBps()), Money.BPS_PER_WHOLE)
        : coupon.fixedAmount();
    if (coupon.maximumDiscount() != null) {
      off = Math.min(off, coupon.maximumDiscount());
    }
    off = Math.min(off, eligible);
    long[] shares = new long[lines.size()];
    long given = 0;
    for (int i = 0; i < lines.size(); i++) {
      shares[i] = Math.multiplyExact(off, values[i]) / eligible;
      given += shares[i];
    }
    // The rounding remainder (less than a paisa per eligible line) goes a paisa at a time to the largest
    // lines first, never taking a line above its own value.
    long remainder = off - given;
    Integer[] order = new Integer[lines.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Long.compare(values[b], values[a]));
    for (int k = 0; remainder > 0; k = (k + 1) % order.length) {
      int i = order[k];
      if (shares[i] < values[i]) {
        shares[i]++;
        remainder--;
      }
    }
    return shares;
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
