package dev.tender.catalog;

import java.util.Map;

/** One purchasable variant of a product (a size, a colour). Immutable, shared by every verticle. */
public record Variant(
    String id,
    String productId,
    String sku,
    String slug,
    String name,
    Map<String, String> options,
    Pricing pricing,
    int stockQuantity,
    boolean isDefault) {

  public boolean stockAvailable() {
    return stockQuantity > 0;
  }
}
