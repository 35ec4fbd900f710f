package dev.tender.catalog;

import dev.tender.money.Money;

/**
 * What a unit of a product or variant costs and how much of it may be ordered. Money in minor units;
 * the tax rate in basis points (18 % = 1800).
 *
 * @param maxOrderQuantity null when unlimited
 */
public record Pricing(
    int taxRateBps,
    boolean priceIncludingTax,
    long listingPrice,
    long sellingPrice,
    int minOrderQuantity,
    Integer maxOrderQuantity,
    int incrementalQuantity) {

  /** Unit price without tax, rounded once per unit, as the cart totals require (each line is rounded once). */
  public long sellingPriceExcludingTax() {
    return priceIncludingTax ? Money.excludingTax(sellingPrice, taxRateBps) : sellingPrice;
  }
}
