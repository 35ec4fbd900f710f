package dev.tender.cart;

/** A line of a cart: which unit and how many. Prices are not stored; they come from the catalog. */
public record CartLine(String productId, String variantId, int quantity) {
  public boolean sameUnit(String productId, String variantId) {
    return this.productId.equals(productId) && java.util.Objects.equals(this.variantId, variantId);
  }
}
