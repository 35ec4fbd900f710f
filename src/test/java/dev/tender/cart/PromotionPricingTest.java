package dev.tender.cart;

import static dev.tender.cart.Fixtures.CATALOG;
import static dev.tender.cart.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.CartReply.CartView;
import dev.tender.money.Money;
import dev.tender.promo.Coupon;
import dev.tender.promo.Promotion;
import dev.tender.promo.Promotions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Automatic promotions in pricing, pure: percent-off above a threshold (the best one only), buy X get Y on
 * a line, promotions before the coupon, tax on the discounted value, and the totals' equalities.
 *
 * <p>The mixed cart is 2 × p03 (₹349.50 before 12 % tax) + 3 × p08 (₹150, 12 %) + 1 × p06 (₹177.68, 12 %):
 * subtotal ₹1326.68, tax ₹159.20, grand total ₹1485.88.
 */
class PromotionPricingTest {
  private final CartPricing pricing = new CartPricing(CATALOG, ShippingPolicy.DEMO);

  private static Cart cart(CartLine... lines) {
    return new Cart(new CartId("c1"), new UserId("u1"), List.of(lines), null, null, null, Map.of(), NOW, NOW, NOW.plus(Fixtures.TTL));
  }

  private static Cart mixed() {
    return cart(new CartLine("p03", null, 2), new CartLine("p08", null, 3), new CartLine("p06", null, 1));
  }

  private static Promotion percentOff(String id, int bps, long minimum, Long maximum) {
    return Promotion.percentOffAbove(id, id, bps, minimum, maximum, NOW.minusSeconds(60), null);
  }

  private static Promotion buyGet(String id, String product, String variant, int buy, int get) {
    return Promotion.buyXGetY(id, id, product, variant, buy, get, NOW.minusSeconds(60), null);
  }

  private static Coupon save10() {
    return new Coupon("SAVE10", "10% off", Coupon.DiscountType.PERCENTAGE, 1_000, 0, null, null, null, null, null, null,
        Coupon.AppliesTo.ALL, List.of(), List.of(), Set.of());
  }

  @Test
  void without_promotions_a_cart_is_priced_as_before() {
    PricedCart before = pricing.price(mixed());
    assertThat(pricing.price(mixed(), List.of())).isEqualTo(before);
    assertThat(before.promotionDiscountAmount()).isZero();
    assertThat(before.appliedPromotions()).isEmpty();
    assertThat(before.grandTotal()).isEqualTo(148_588);
  }

  @Test
  void percent_off_above_a_threshold_is_split_over_the_lines_and_lowers_the_tax() {
    PricedCart p = pricing.price(mixed(), List.of(percentOff("TEN", 1_000, 100_000, null)));
    // 10 % of ₹1326.68 = ₹132.668, rounded half up once: ₹132.67; pro rata 69.90 + 45.00 + 17.76 = 132.66, the
    // paisa left over on the largest line.
    assertThat(p.promotionDiscountAmount()).isEqualTo(13_267);
    assertThat(p.lines()).extracting(PricedCart.Line::promotionDiscountAmount).containsExactly(6_991L, 4_500L, 1_776L);
    assertThat(p.lines()).extracting(PricedCart.Line::taxAmount).containsExactly(7_549L, 4_860L, 1_919L);
    assertThat(p.subtotal()).isEqualTo(132_668);
    assertThat(p.itemsTaxAmount()).isEqualTo(14_328);
    assertThat(p.grandTotal()).isEqualTo(132_668 - 13_267 + 14_328);
    assertThat(p.appliedPromotions()).containsExactly(new PricedCart.AppliedPromotion("TEN", Promotion.Type.PERCENT_OFF_ABOVE, 13_267,
        null, null, null, null, 0, 1_000, 1));
    assertThat(p.appliedPromotions().get(0).scope()).isEqualTo("cart");
    assertTotals(p);
  }

  @Test
  void below_its_minimum_a_percent_off_takes_nothing() {
    PricedCart p = pricing.price(mixed(), List.of(percentOff("TEN", 1_000, 132_669, null)));
    assertThat(p).isEqualTo(pricing.price(mixed()));
    // At the minimum exactly, it applies.
    assertThat(pricing.price(mixed(), List.of(percentOff("TEN", 1_000, 132_668, null))).promotionDiscountAmount()).isEqualTo(13_267);
  }

  @Test
  void of_several_percent_offs_only_the_largest_discount_applies() {
    List<Promotion> offered = List.of(
        percentOff("A-FIVE", 500, 0, null),                 // ₹66.33
        percentOff("B-FIFTEEN-CAPPED", 1_500, 0, 10_000L),  // 15 % = ₹199.00, capped at ₹100
        percentOff("C-TEN", 1_000, 100_000, null),          // ₹132.67: the best
        percentOff("D-TWENTY", 2_000, 500_000, null));      // minimum not reached
    PricedCart p = pricing.price(mixed(), offered);
    assertThat(p.appliedPromotions()).extracting(PricedCart.AppliedPromotion::promotionId).containsExactly("C-TEN");
    assertThat(p.promotionDiscountAmount()).isEqualTo(13_267);
    assertTotals(p);
  }

  @Test
  void buy_two_get_one_makes_one_unit_of_three_and_two_of_seven_free() {
    Promotion b2g1 = buyGet("B2G1", "p03", null, 2, 1);
    PricedCart three = pricing.price(cart(new CartLine("p03", null, 3), new CartLine("p06", null, 1)), List.of(b2g1));
    assertThat(three.lines().get(0).promotionDiscountAmount()).isEqualTo(34_950);
    assertThat(three.lines().get(0).taxAmount()).isEqualTo(Money.taxOn(104_850 - 34_950, 1_200)).isEqualTo(8_388);
    assertThat(three.lines().get(1).promotionDiscountAmount()).isZero();
    assertThat(three.promotionDiscountAmount()).isEqualTo(34_950);
    PricedCart.AppliedPromotion applied = three.appliedPromotions().get(0);
    assertThat(applied).isEqualTo(new PricedCart.AppliedPromotion("B2G1", Promotion.Type.BUY_X_GET_Y, 34_950, "p03", null,
        "Steel Water Bottle", null, 1, 0, 1));
    assertThat(applied.scope()).isEqualTo("product");
    assertTotals(three);

    PricedCart seven = pricing.price(cart(new CartLine("p03", null, 7)), List.of(b2g1));
    assertThat(seven.promotionDiscountAmount()).isEqualTo(2 * 34_950);
    assertThat(seven.itemsTaxAmount()).isEqualTo(Money.taxOn(7 * 34_950 - 2 * 34_950, 1_200)).isEqualTo(20_970);
    assertThat(seven.grandTotal()).isEqualTo(5 * 34_950 + 20_970);
    assertThat(seven.appliedPromotions().get(0).freeQuantity()).isEqualTo(2);
    assertTotals(seven);

    // Two units are not enough for a free one.
    assertThat(pricing.price(cart(new CartLine("p03", null, 2)), List.of(b2g1)).appliedPromotions()).isEmpty();
  }

  @Test
  void a_buy_x_get_y_names_a_variant_or_covers_every_variant_of_its_product() {
    Cart tees = cart(new CartLine("p01", "p01-s", 2), new CartLine("p01", "p01-m", 2));
    PricedCart onlySmall = pricing.price(tees, List.of(buyGet("SMALL", "p01", "p01-s", 1, 1)));
    assertThat(onlySmall.lines()).extracting(l -> l.promotionDiscountAmount() > 0).containsExactly(true, false);
    assertThat(onlySmall.appliedPromotions().get(0).variantId()).isEqualTo("p01-s");
    PricedCart any = pricing.price(tees, List.of(buyGet("ANY", "p01", null, 1, 1)));
    assertThat(any.appliedPromotions()).extracting(PricedCart.AppliedPromotion::variantId, PricedCart.AppliedPromotion::sequence)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("p01-s", 1), org.assertj.core.groups.Tuple.tuple("p01-m", 2));
    assertTotals(any);
  }

  @Test
  void buy_x_get_ys_on_one_line_count_only_the_units_not_already_free() {
    // 6 units: "buy 1 get 1" makes 3 free, then "buy 2 get 1" sees the 3 still paid for: 1 more free.
    PricedCart p = pricing.price(cart(new CartLine("p03", null, 6)),
        List.of(buyGet("A-B1G1", "p03", null, 1, 1), buyGet("B-B2G1", "p03", null, 2, 1)));
    assertThat(p.appliedPromotions()).extracting(PricedCart.AppliedPromotion::freeQuantity).containsExactly(3, 1);
    assertThat(p.promotionDiscountAmount()).isEqualTo(4 * 34_950);
    assertTotals(p);
  }

  @Test
  void buy_x_get_y_comes_first_and_the_percent_off_minimum_is_on_what_is_left() {
    // 3 × p03 = ₹1048.50, one free: ₹699 left, below a ₹700 minimum.
    Cart c = cart(new CartLine("p03", null, 3));
    assertThat(pricing.price(c, List.of(buyGet("B2G1", "p03", null, 2, 1), percentOff("TEN", 1_000, 70_000, null)))
        .appliedPromotions()).extracting(PricedCart.AppliedPromotion::promotionId).containsExactly("B2G1");
    // With a ₹699 minimum both apply: 10 % of ₹699 on what each line has left, in sequence.
    PricedCart both = pricing.price(c, List.of(buyGet("B2G1", "p03", null, 2, 1), percentOff("TEN", 1_000, 69_900, null)));
    assertThat(both.appliedPromotions()).extracting(PricedCart.AppliedPromotion::promotionId, PricedCart.AppliedPromotion::savings,
        PricedCart.AppliedPromotion::sequence).containsExactly(org.assertj.core.groups.Tuple.tuple("B2G1", 34_950L, 1),
        org.assertj.core.groups.Tuple.tuple("TEN", 6_990L, 2));
    assertThat(both.promotionDiscountAmount()).isEqualTo(34_950 + 6_990);
    assertTotals(both);
  }

  @Test
  void promotions_come_first_and_the_coupon_is_on_what_they_leave() {
    PricedCart p = pricing.price(mixed().withTenders(Tenders.NONE.withCoupon(save10())), List.of(percentOff("TEN", 1_000, 0, null)));
    assertThat(p.promotionDiscountAmount()).isEqualTo(13_267);
    // 10 % of ₹1326.68 − ₹132.67 = ₹1194.01: ₹119.40.
    assertThat(p.couponDiscountAmount()).isEqualTo(11_940);
    assertThat(p.lines()).extracting(PricedCart.Line::couponDiscountAmount).containsExactly(6_291L, 4_050L, 1_599L);
    assertThat(p.lines()).extracting(PricedCart.Line::taxAmount).containsExactly(6_794L, 4_374L, 1_727L);
    assertThat(p.grandTotal()).isEqualTo(132_668 - 13_267 - 11_940 + 12_895);
    assertTotals(p);
  }

  @Test
  void totals_equalities_hold_with_promotions_coupon_shipping_and_tenders_for_every_catalog_unit() {
    List<Promotion> offered = List.of(buyGet("B1G1", "p06", null, 1, 1), percentOff("SEVEN", 725, 50_000, 30_000L),
        percentOff("THREE", 300, 0, null));
    for (var product : CATALOG.newestFirst()) {
      List<String> variants = product.hasVariant() ? product.variants().stream().map(v -> v.id()).toList()
          : java.util.Collections.singletonList(null);
      for (String variant : variants) {
        Cart c = cart(new CartLine(product.id(), variant, 3), new CartLine("p06", null, 3))
            .withAddresses(Fixtures.address(), Fixtures.address())
            .withTenders(new Tenders(50, 10_000, List.of()).withCoupon(save10()));
        PricedCart p = pricing.price(c, offered);
        assertThat(p.promotionDiscountAmount()).as(product.id()).isPositive();
        assertTotals(p);
        assertThat(p.grandTotal()).isEqualTo(p.subtotal() - p.promotionDiscountAmount() - p.couponDiscountAmount() + p.itemsTaxAmount()
            + p.shippingAmountIncludingTax() + p.handlingChargeIncludingTax());
        assertThat(p.totalTax()).isEqualTo(p.itemsTaxAmount() + p.shippingTaxAmount());
        assertThat(p.toBePaid()).isEqualTo(p.grandTotal() - p.otherSavings());
      }
    }
  }

  @Test
  void a_cart_decision_applies_the_promotions_active_at_its_time() {
    Promotion ends = Promotion.percentOffAbove("ENDS", "ends soon", 1_000, 0, null, NOW.minusSeconds(60), NOW.plusSeconds(60));
    Promotion later = Promotion.percentOffAbove("LATER", "not yet", 5_000, 0, null, NOW.plusSeconds(60), null);
    Promotion off = Promotion.percentOffAbove("OFF", "disabled", 9_000, 0, null, null, null).disabling();
    CartBehaviour rules = new CartBehaviour(CATALOG, pricing, Fixtures.TTL, Promotions.fixed(List.of(ends, later, off)));
    UserId owner = new UserId("u-promo");
    CartCommand create = new CartCommand.CreateOrUpdate(owner, List.of(new CartLine("p03", null, 2)), null);
    PricedCart now = ((CartView) rules.decide(Shopper.empty(owner), create, Fixtures.at(NOW)).reply()).cart();
    assertThat(now.appliedPromotions()).extracting(PricedCart.AppliedPromotion::promotionId).containsExactly("ENDS");
    PricedCart after = ((CartView) rules.decide(Shopper.empty(owner), create, Fixtures.at(NOW.plus(Duration.ofMinutes(1)))).reply())
        .cart();
    assertThat(after.appliedPromotions()).extracting(PricedCart.AppliedPromotion::promotionId).containsExactly("LATER");
  }

  /**
   * The equalities: each line's discounts within its value and its tax on what is paid for it, the cart's
   * promotion and coupon amounts the sums of the lines', the applied promotions' savings the promotion amount,
   * and grand total = subtotal − promotion − coupon + tax + shipping + handling.
   */
  static void assertTotals(PricedCart p) {
    long values = 0, promotions = 0, coupons = 0, taxes = 0;
    for (PricedCart.Line l : p.lines()) {
      assertThat(l.promotionDiscountAmount() + l.couponDiscountAmount()).isBetween(0L, l.lineValue());
      assertThat(l.taxAmount()).isEqualTo(Money.taxOn(l.lineValue() - l.promotionDiscountAmount() - l.couponDiscountAmount(),
          l.item().pricing().taxRateBps()));
      values += l.lineValue();
      promotions += l.promotionDiscountAmount();
      coupons += l.couponDiscountAmount();
      taxes += l.taxAmount();
    }
    assertThat(p.subtotal()).isEqualTo(values);
    assertThat(p.promotionDiscountAmount()).isEqualTo(promotions)
        .isEqualTo(p.appliedPromotions().stream().mapToLong(PricedCart.AppliedPromotion::savings).sum());
    assertThat(p.couponDiscountAmount()).isEqualTo(coupons);
    assertThat(p.itemsTaxAmount()).isEqualTo(taxes);
    assertThat(p.grandTotal()).isEqualTo(values - promotions - coupons + taxes + p.shippingAmountIncludingTax()
        + p.handlingChargeIncludingTax());
    assertThat(p.totalSavings()).isEqualTo(promotions + coupons + p.otherSavings());
  }
}
