package dev.tender.promo;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A coupon's definition, as an operator created it. Money in minor units, percentages in basis points.
 *
 * @param code upper case, the aggregate key
 * @param discountType what it takes off: a percentage of the eligible items, a fixed amount of them, or shipping
 * @param percentBps for {@link DiscountType#PERCENTAGE}
 * @param fixedAmount for {@link DiscountType#FIXED_AMOUNT}
 * @param maximumDiscount caps a percentage discount (null = no cap)
 * @param minimumOrderTotal the cart's subtotal must reach it (null = none)
 * @param totalLimit uses overall, reserved and confirmed together (null = unlimited)
 * @param perCustomerLimit uses per customer (null = unlimited)
 * @param appliesTo which lines are eligible: all, the listed products, or the listed categories
 * @param customerIds who may use it (empty = anyone, anonymous shoppers included)
 */
public record Coupon(String code, String name, DiscountType discountType, int percentBps, long fixedAmount, Long maximumDiscount,
                     Long minimumOrderTotal, Instant startsAt, Instant expiresAt, Integer totalLimit, Integer perCustomerLimit,
                     AppliesTo appliesTo, List<String> productIds, List<String> categoryIds, Set<String> customerIds) {

  public enum DiscountType {
    PERCENTAGE("percentage"), FIXED_AMOUNT("fixed-amount"), FREE_SHIPPING("free-shipping");

    public final String wire;

    DiscountType(String wire) {
      this.wire = wire;
    }
  }

  public enum AppliesTo { ALL, PRODUCT, CATEGORY }

  public Coupon {
    productIds = List.copyOf(productIds);
    categoryIds = List.copyOf(categoryIds);
    customerIds = Set.copyOf(customerIds);
  }

  /** Whether a line of this product and category counts toward the discount. */
  public boolean eligible(String productId, String category) {
    return switch (appliesTo) {
      case ALL -> true;
      case PRODUCT -> productIds.contains(productId);
      case CATEGORY -> category != null && categoryIds.contains(category);
    };
  }

  /** The storefront's coupon_type: what a shopper sees it as. */
  public String couponType() {
    return discountType == DiscountType.FREE_SHIPPING ? "free-shipping" : "discount";
  }

  public boolean activeAt(Instant now) {
    return (startsAt == null || !now.isBefore(startsAt)) && (expiresAt == null || now.isBefore(expiresAt));
  }

  public boolean usableBy(String customerId) {
    return customerIds.isEmpty() || customerIds.contains(customerId);
  }
}
