package dev.tender.cart;

import static dev.tender.cart.Fixtures.CATALOG;
import static dev.tender.cart.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Product;
import java.util.List;
import org.junit.jupiter.api.Test;

class CartPricingTest {
  private final CartPricing pricing = new CartPricing(CATALOG, ShippingPolicy.DEMO);

  private static Cart cart(CartLine... lines) {
    return new Cart(new CartId("c1"), new UserId("u1"), List.of(lines), null, null, null, java.util.Map.of(), NOW, NOW,
        NOW.plus(Fixtures.TTL));
  }

  @Test
  void tax_exclusive_and_inclusive_lines_are_rounded_per_line_then_summed() {
    PricedCart p = pricing.price(cart(new CartLine("p03", null, 2), new CartLine("p01", "p01-m", 1)));

    // p03: 349.50 before 12 % tax, x2 = 699.00, tax 83.88. p01-m: 499 incl. 5 % -> 475.24, tax 23.76.
    assertThat(p.lines()).extracting(PricedCart.Line::lineValue).containsExactly(69900L, 47524L);
    assertThat(p.lines()).extracting(PricedCart.Line::taxAmount).containsExactly(8388L, 2376L);
    assertThat(p.subtotal()).isEqualTo(117424);
    assertThat(p.itemsTaxAmount()).isEqualTo(10764);
    assertThat(p.subtotalIncludingTax()).isEqualTo(128188);
    assertThat(p.grandTotal()).isEqualTo(128188);
    assertThat(p.toBePaid()).isEqualTo(128188);
    assertThat(p.loyaltyPointsEarned()).isEqualTo(12);
  }

  @Test
  void tenders_lower_what_is_left_to_pay_in_order_points_credit_cards_each_capped_and_never_the_tax() {
    Cart c = cart(new CartLine("p03", null, 2), new CartLine("p01", "p01-m", 1)).withTenders(new Tenders(300, 50_000, List.of(
        new Tenders.GiftCard("4000123412341234", null, 40_000), new Tenders.GiftCard("4000999988887777", 20_000L, 30_000))));
    PricedCart p = pricing.price(c);
    assertThat(p.grandTotal()).isEqualTo(128188);
    assertThat(p.itemsTaxAmount()).isEqualTo(10764); // unchanged: tenders are payments, not discounts
    assertThat(p.loyaltyValue()).isEqualTo(30_000);
    assertThat(p.creditBalanceUsed()).isEqualTo(50_000);
    assertThat(p.giftCards()).extracting(PricedCart.GiftCardUse::amount).containsExactly(40_000L, 8_188L);
    assertThat(p.giftCardAmount()).isEqualTo(48_188);
    assertThat(p.otherSavings()).isEqualTo(p.grandTotal());
    assertThat(p.toBePaid()).isZero();

    // The cart shrinks below the points' value: every tender is capped at what is left, in order.
    PricedCart small = pricing.price(c.withQuantity("p03", null, 0).withQuantity("p01", "p01-m", 0).withQuantity("p06", null, 1));
    // Whole points only, worth at most what is left: ₹199 takes 199 of the 300 points.
    assertThat(small.loyaltyValue()).isEqualTo(small.grandTotal());
    assertThat(small.creditBalanceUsed()).isZero();
    assertThat(small.giftCardAmount()).isZero();
    assertThat(small.loyaltyPointsRedeemed()).isEqualTo(199);
    assertThat(small.toBePaid()).isZero();
  }

  @Test
  void a_coupons_rounding_remainder_never_takes_a_line_above_its_own_value() {
    var item = CATALOG.lookup("p03", null).item(); // ₹349.50 before tax
    List<CartLine> lines = List.of(new CartLine("p03", null, 1), new CartLine("p03", null, 1), new CartLine("p03", null, 1));
    var coupon = new dev.tender.promo.Coupon("ALMOST", "almost all", dev.tender.promo.Coupon.DiscountType.FIXED_AMOUNT, 0,
        3 * 34_950 - 1, null, null, null, null, null, null, dev.tender.promo.Coupon.AppliesTo.ALL, List.of(), List.of(),
        java.util.Set.of());
    long[] shares = CartPricing.couponShares(coupon, lines, List.of(item, item, item));
    assertThat(shares).containsExactlyInAnyOrder(34_950L, 34_950L, 34_949L);
    assertThat(java.util.Arrays.stream(shares).sum()).isEqualTo(3 * 34_950 - 1);
  }

  @Test
  void shipping_is_null_until_a_shipping_address_exists() {
    PricedCart p = pricing.price(cart(new CartLine("p06", null, 1)));
    assertThat(p.shippingAmount()).isNull();
    assertThat(p.shippingTaxAmount()).isNull();
    assertThat(p.statusErrorMessage()).isEqualTo("Billing address is not set");
  }

  @Test
  void charges_taxed_shipping_below_the_free_threshold() {
    Cart c = cart(new CartLine("p06", null, 1)).withAddresses(Fixtures.address(), Fixtures.address());
    PricedCart p = pricing.price(c);
    // 199 incl. 12 % -> 177.68 + 21.32; shipping 79 + 18 % = 14.22.
    assertThat(p.subtotal()).isEqualTo(17768);
    assertThat(p.itemsTaxAmount()).isEqualTo(2132);
    assertThat(p.shippingAmount()).isEqualTo(7900);
    assertThat(p.shippingTaxAmount()).isEqualTo(1422);
    assertThat(p.totalTax()).isEqualTo(2132 + 1422);
    assertThat(p.grandTotal()).isEqualTo(17768 + 2132 + 7900 + 1422);
  }

  @Test
  void waives_shipping_at_or_above_the_threshold_and_for_digital_goods() {
    Cart big = cart(new CartLine("p02", null, 1)).withAddresses(Fixtures.address(), Fixtures.address());
    PricedCart p = pricing.price(big);
    assertThat(p.shippingEstimatedCost()).isEqualTo(7900);
    assertThat(p.shippingDiscountAmount()).isEqualTo(7900);
    assertThat(p.shippingAmount()).isZero();

    Cart digital = cart(new CartLine("p20", null, 1)).withAddresses(Fixtures.address(), Fixtures.address());
    assertThat(pricing.price(digital).shippingAmount()).isZero();
  }

  @Test
  void totals_identities_hold_for_every_catalog_unit() {
    for (Product product : CATALOG.newestFirst()) {
      List<String> variantIds = product.hasVariant()
          ? product.variants().stream().map(v -> v.id()).toList() : java.util.Collections.singletonList(null);
      for (String variantId : variantIds) {
        CatalogItem item = CATALOG.lookup(product.id(), variantId).item();
        Cart c = cart(new CartLine(product.id(), variantId, 3), new CartLine("p06", null, 1))
            .withAddresses(Fixtures.address(), Fixtures.address());
        PricedCart p = pricing.price(c);
        long lines = p.lines().stream().mapToLong(PricedCart.Line::lineValue).sum();
        long tax = p.lines().stream().mapToLong(PricedCart.Line::taxAmount).sum();
        assertThat(p.subtotal()).as(item.sku()).isEqualTo(lines);
        assertThat(p.itemsTaxAmount()).as(item.sku()).isEqualTo(tax);
        assertThat(p.grandTotal()).as(item.sku())
            .isEqualTo(p.subtotalIncludingTax() + p.shippingAmountIncludingTax() + p.handlingChargeIncludingTax());
        assertThat(p.totalTax()).as(item.sku()).isEqualTo(p.itemsTaxAmount() + p.shippingTaxAmount());
      }
    }
  }

  @Test
  void ready_for_payment_needs_items_both_addresses_and_a_fulfillment_preference() {
    Cart c = cart(new CartLine("p06", null, 1)).withAddresses(Fixtures.address(), Fixtures.address());
    assertThat(pricing.price(c).statusErrorMessage()).isEqualTo("Fulfillment preference is not set");
    assertThat(pricing.price(c.withFulfillment(FulfillmentPreference.autoDelivery())).readyForPayment()).isTrue();
    assertThat(pricing.price(cart()).statusErrorMessage()).isEqualTo("Cart has no items");
  }
}
