package dev.tender.cart;

import dev.tender.payment.PaymentSplit;
import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Pricing;
import dev.tender.money.LoyaltyPoints;
import dev.tender.money.Money;
import dev.tender.promo.Coupon;
import dev.tender.promo.Promotion;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes a cart's totals from the current catalog, by the engine's rules: each line is rounded
 * once, totals are sums of rounded lines. Pure and stateless; called on the owning partition's thread.
 *
 * <p>Discounts lower the taxable value, in this order:
 * <ol>
 *   <li>automatic promotions (the caller gives those active at its decision's time): every buy-x-get-y
 *       makes units of its lines free (each promotion counting only the units not already free), then of
 *       the percent-off-above promotions whose minimum the subtotal after buy-x-get-y reaches, the one
 *       giving the largest discount (the first by id on a tie) takes its percentage of what is left, split
 *       pro rata over the lines;</li>
 *   <li>the coupon, on the eligible lines' pre-tax value after promotions.</li>
 * </ol>
 * A line's tax is {@code round((value − promotion − coupon) × rate)}; {@code grand_total = subtotal −
 * promotion − coupon + items tax + shipping (with its tax) + handling}. Tenders (loyalty points, credit,
 * gift cards) are payment-like: capped, in that order, at what is left of the grand total.
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

  /** The cart with no automatic promotion. */
  public PricedCart price(Cart cart) {
    return price(cart, List.of());
  }

  /**
   * The cart priced with {@code promotions}, which the caller chose as those active at its decision's time
   * ({@code Promotions.activeAt(now)}); their order (by id) decides sequence and ties.
   */
  public PricedCart price(Cart cart, List<Promotion> promotions) {
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
    List<PricedCart.AppliedPromotion> applied = promotions.isEmpty() ? List.of() : new ArrayList<>();
    long[] promotionShares = promotionShares(promotions, kept, items, subtotal, applied);
    Coupon coupon = applicable(cart.tenders().coupon(), subtotal);
    long[] couponShares = couponShares(coupon, kept, items, promotionShares);

    List<PricedCart.Line> lines = new ArrayList<>(kept.size());
    long itemsTax = 0;
    long couponTotal = 0;
    long promotionTotal = 0;
    for (int i = 0; i < kept.size(); i++) {
      CartLine l = kept.get(i);
      Pricing p = items.get(i).pricing();
      long value = p.sellingPriceExcludingTax() * l.quantity();
      long promotion = promotionShares == null ? 0 : promotionShares[i];
      long share = couponShares == null ? 0 : couponShares[i];
      // Promotions and coupons are discounts: the tax is on what is paid for the line.
      long tax = Money.taxOn(value - promotion - share, p.taxRateBps());
      lines.add(new PricedCart.Line(l, items.get(i), p.sellingPriceExcludingTax(), value, promotion, share, tax));
      itemsTax += tax;
      couponTotal += share;
      promotionTotal += promotion;
    }
    Money itemsTotal = Money.inr(subtotal + itemsTax - couponTotal - promotionTotal);

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
    return new PricedCart(cart, List.copyOf(lines), subtotal, itemsTax, promotionTotal, couponTotal,
        estimated, discount, amount, rate, shippingTax, 0, 0, grandTotal.minor(), loyaltyValue, credit, pointsUsed,
        Math.toIntExact(earned.count()), days, shipping.freeAtOrAbove(),
        statusError(cart, lines), cards, List.copyOf(uses), List.copyOf(applied));
  }

  /** The cart's coupon if it applies to a cart of this subtotal (its minimum reached), else null. */
  static Coupon applicable(Coupon coupon, long subtotal) {
    return coupon == null || (coupon.minimumOrderTotal() != null && subtotal < coupon.minimumOrderTotal()) ? null : coupon;
  }

  /**
   * Each line's share of the automatic promotions, recording each applied one in {@code applied}; null if
   * none takes anything off. Buy-x-get-y first, every one in the given order, each making free
   * {@code getQuantity} of every {@code buyQuantity + getQuantity} units of its lines not already free; then the
   * best percent-off-above whose minimum the subtotal after buy-x-get-y reaches, split pro rata over what is
   * left of each line by {@link #proRata}.
   */
  static long[] promotionShares(List<Promotion> promotions, List<CartLine> lines, List<CatalogItem> items, long subtotal,
                                List<PricedCart.AppliedPromotion> applied) {
    if (promotions.isEmpty() || lines.isEmpty()) {
      return null;
    }
    long[] shares = new long[lines.size()];
    long[] free = new long[lines.size()];
    long taken = 0;
    for (Promotion p : promotions) {
      if (p.type() != Promotion.Type.BUY_X_GET_Y) {
        continue;
      }
      for (int i = 0; i < lines.size(); i++) {
        CatalogItem item = items.get(i);
        if (!p.covers(item.product().id(), item.variantId())) {
          continue;
        }
        long units = p.freeUnits(lines.get(i).quantity() - free[i]);
        if (units > 0) {
          long off = Math.multiplyExact(units, item.pricing().sellingPriceExcludingTax());
          free[i] += units;
          shares[i] += off;
          taken += off;
          applied.add(new PricedCart.AppliedPromotion(p.id(), p.type(), off, item.product().id(), item.variantId(),
              item.product().name(), item.variantName(), Math.toIntExact(units), 0, applied.size() + 1));
        }
      }
    }
    long base = subtotal - taken;
    Promotion best = null;
    long bestOff = 0;
    for (Promotion p : promotions) {
      if (p.type() != Promotion.Type.PERCENT_OFF_ABOVE || base < p.minimumSubtotal()) {
        continue;
      }
      long off = Money.divideHalfUp(Math.multiplyExact(base, (long) p.percentBps()), Money.BPS_PER_WHOLE);
      if (p.maximumDiscount() != null) {
        off = Math.min(off, p.maximumDiscount());
      }
      off = Math.min(off, base);
      if (off > bestOff) {
        best = p;
        bestOff = off;
      }
    }
    if (best != null) {
      long[] left = new long[lines.size()];
      for (int i = 0; i < lines.size(); i++) {
        left[i] = items.get(i).pricing().sellingPriceExcludingTax() * lines.get(i).quantity() - shares[i];
      }
      long[] split = proRata(bestOff, left, base);
      for (int i = 0; i < lines.size(); i++) {
        shares[i] += split[i];
      }
      taken += bestOff;
      applied.add(new PricedCart.AppliedPromotion(best.id(), best.type(), bestOff, null, null, null, null, 0, best.percentBps(),
          applied.size() + 1));
    }
    return taken == 0 ? null : shares;
  }

  /** {@link #couponShares(Coupon, List, List, long[])} of a cart without promotions. */
  static long[] couponShares(Coupon coupon, List<CartLine> lines, List<CatalogItem> items) {
    return couponShares(coupon, lines, items, null);
  }

  /**
   * Each line's share of the coupon's discount: the discount on the eligible lines' pre-tax value after
   * promotions ({@code promotionShares}, null = none) — a percentage, capped by the coupon's maximum, or a
   * fixed amount up to that value — split pro rata by {@link #proRata}, so the shares sum to it exactly.
   * Null if the coupon takes nothing off the items.
   */
  static long[] couponShares(Coupon coupon, List<CartLine> lines, List<CatalogItem> items, long[] promotionShares) {
    if (coupon == null || coupon.discountType() == Coupon.DiscountType.FREE_SHIPPING) {
      return null;
    }
    long[] values = new long[lines.size()];
    long eligible = 0;
    for (int i = 0; i < lines.size(); i++) {
      CatalogItem item = items.get(i);
      if (coupon.eligible(item.product().id(), item.product().category())) {
        values[i] = item.pricing().sellingPriceExcludingTax() * lines.get(i).quantity()
            - (promotionShares == null ? 0 : promotionShares[i]);
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
    return proRata(off, values, eligible);
  }

  /**
   * {@code off} (at most {@code total} = the sum of {@code values}, all ≥ 0) split over the lines in proportion
   * to their values, each rounded down, the rounding remainder (less than a paisa per line) then given a paisa
   * at a time to the largest lines first, never taking a line above its own value: the shares sum to
   * {@code off} exactly.
   */
  static long[] proRata(long off, long[] values, long total) {
    long[] shares = new long[values.length];
    long given = 0;
    for (int i = 0; i < values.length; i++) {
      shares[i] = Math.multiplyExact(off, values[i]) / total;
      given += shares[i];
    }
    long remainder = off - given;
    Integer[] order = new Integer[values.length];
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
