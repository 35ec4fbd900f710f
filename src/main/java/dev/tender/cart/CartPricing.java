package dev.tender.cart;

import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Pricing;
import dev.tender.money.Money;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes a cart's totals from the current catalog, exactly per API.md §4.2: each line is rounded
 * once, totals are sums of rounded lines. Pure and stateless; called on the owning partition's thread.
 * Coupons, promotions, loyalty and credit are not built yet, so their amounts are zero.
 */
public final class CartPricing {
  /** One loyalty point per this many minor units of grand total (₹100). */
  static final long MINOR_PER_EARNED_POINT = 100_00;

  private final Catalog catalog;
  private final ShippingPolicy shipping;

  public CartPricing(Catalog catalog, ShippingPolicy shipping) {
    this.catalog = catalog;
    this.shipping = shipping;
  }

  public PricedCart price(Cart cart) {
    List<PricedCart.Line> lines = new ArrayList<>(cart.lines().size());
    long subtotal = 0;
    long itemsTax = 0;
    boolean hasPhysical = false;
    for (CartLine l : cart.lines()) {
      CatalogItem item = catalog.lookup(l.productId(), l.variantId()).item();
      if (item == null) {
        continue; // withdrawn from the catalog since it was added: it can no longer be bought
      }
      Pricing p = item.pricing();
      long unit = p.sellingPriceExcludingTax();
      long value = Math.multiplyExact(unit, l.quantity());
      long tax = Money.taxOn(value, p.taxRateBps());
      lines.add(new PricedCart.Line(l, item, unit, value, 0, 0, tax));
      subtotal += value;
      itemsTax += tax;
      hasPhysical |= !"digital".equals(item.product().productType());
    }
    long itemsTotal = subtotal + itemsTax;

    Long estimated = null, discount = null, amount = null, shippingTax = null;
    Integer rate = null, days = null;
    if (cart.shippingAddress() != null) {
      long fee = hasPhysical ? shipping.flatFee() : 0;
      long charged = itemsTotal >= shipping.freeAtOrAbove() ? 0 : fee;
      estimated = fee;
      discount = fee - charged;
      amount = charged;
      rate = shipping.taxRateBps();
      shippingTax = Money.taxOn(charged, shipping.taxRateBps());
      days = shipping.estimatedDeliveryDays();
    }
    long grandTotal = itemsTotal + (amount == null ? 0 : amount + shippingTax);
    return new PricedCart(cart, List.copyOf(lines), subtotal, itemsTax, 0, 0,
        estimated, discount, amount, rate, shippingTax, 0, 0, grandTotal, 0, 0, 0,
        Math.toIntExact(grandTotal / MINOR_PER_EARNED_POINT), days, shipping.freeAtOrAbove(),
        statusError(cart, lines));
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
