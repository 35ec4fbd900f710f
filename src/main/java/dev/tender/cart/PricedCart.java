package dev.tender.cart;

import dev.tender.catalog.CatalogItem;
import dev.tender.promo.Promotion;
import java.util.List;

/**
 * A cart with every cart total computed (see {@link CartPricing}), in minor units. Built by {@link CartPricing};
 * rendered to JSON by the HTTP layer. Shipping fields are null until a shipping address is set.
 */
public record PricedCart(
    Cart cart,
    List<Line> lines,
    long subtotal,
    long itemsTaxAmount,
    long promotionDiscountAmount,
    long couponDiscountAmount,
    Long shippingEstimatedCost,
    Long shippingDiscountAmount,
    Long shippingAmount,
    Integer shippingTaxRateBps,
    Long shippingTaxAmount,
    long handlingChargeExcludingTax,
    long handlingChargeTaxAmount,
    long grandTotal,
    long loyaltyValue,
    long creditBalanceUsed,
    int loyaltyPointsRedeemed,
    int loyaltyPointsEarned,
    Integer estimatedDeliveryDays,
    Long freeShippingThreshold,
    String statusErrorMessage,
    long giftCardAmount,
    List<GiftCardUse> giftCards,
    List<AppliedPromotion> appliedPromotions) {

  /** A cart without promotions applied. */
  public PricedCart(Cart cart, List<Line> lines, long subtotal, long itemsTaxAmount, long promotionDiscountAmount,
                    long couponDiscountAmount, Long shippingEstimatedCost, Long shippingDiscountAmount, Long shippingAmount,
                    Integer shippingTaxRateBps, Long shippingTaxAmount, long handlingChargeExcludingTax, long handlingChargeTaxAmount,
                    long grandTotal, long loyaltyValue, long creditBalanceUsed, int loyaltyPointsRedeemed, int loyaltyPointsEarned,
                    Integer estimatedDeliveryDays, Long freeShippingThreshold, String statusErrorMessage, long giftCardAmount,
                    List<GiftCardUse> giftCards) {
    this(cart, lines, subtotal, itemsTaxAmount, promotionDiscountAmount, couponDiscountAmount, shippingEstimatedCost,
        shippingDiscountAmount, shippingAmount, shippingTaxRateBps, shippingTaxAmount, handlingChargeExcludingTax,
        handlingChargeTaxAmount, grandTotal, loyaltyValue, creditBalanceUsed, loyaltyPointsRedeemed, loyaltyPointsEarned,
        estimatedDeliveryDays, freeShippingThreshold, statusErrorMessage, giftCardAmount, giftCards, List.of());
  }

  /**
   * What one automatic promotion took off this cart, in the order applied ({@code sequence} from 1): a
   * buy-x-get-y once per line it made units free in (with that line's unit and {@code freeQuantity}), the
   * percent-off-above once for the cart (with its {@code percentBps}).
   */
  public record AppliedPromotion(String promotionId, Promotion.Type type, long savings, String productId, String variantId,
                                 String productName, String variantName, int freeQuantity, int percentBps, int sequence) {
    /** The storefront's scope: a buy-x-get-y acts on a product, a percent-off on the cart. */
    public String scope() {
      return type == Promotion.Type.BUY_X_GET_Y ? "product" : "cart";
    }
  }

  /** What one applied gift card covers of this cart, and its balance when applied. */
  public record GiftCardUse(String number, long amount, long balance) {}

  /** One priced line. {@code lineValue} = unit price excluding tax × quantity. */
  public record Line(
      CartLine line,
      CatalogItem item,
      long unitPriceExcludingTax,
      long lineValue,
      long promotionDiscountAmount,
      long couponDiscountAmount,
      long taxAmount) {}

  public long subtotalIncludingTax() {
    return subtotal + itemsTaxAmount;
  }

  public long shippingAmountIncludingTax() {
    return shippingAmount == null ? 0 : shippingAmount + shippingTaxAmount;
  }

  public long handlingChargeIncludingTax() {
    return handlingChargeExcludingTax + handlingChargeTaxAmount;
  }

  public long totalTax() {
    return itemsTaxAmount + (shippingTaxAmount == null ? 0 : shippingTaxAmount) + handlingChargeTaxAmount;
  }

  /** Payment-like amounts (loyalty, credit, gift cards): they lower what is left to pay, never the tax. */
  public long otherSavings() {
    return loyaltyValue + creditBalanceUsed + giftCardAmount;
  }

  public long toBePaid() {
    return Math.max(0, grandTotal - otherSavings());
  }

  public long totalSavings() {
    return promotionDiscountAmount + couponDiscountAmount + otherSavings();
  }

  public boolean readyForPayment() {
    return statusErrorMessage == null;
  }
}
