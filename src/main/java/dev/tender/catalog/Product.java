package dev.tender.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A catalog product. Immutable and read-mostly: every verticle reads the same instance. When
 * {@link #hasVariant()} the purchasable units are its {@link #variants()}, each with its own pricing
 * and stock; otherwise the product itself is the unit.
 */
public record Product(
    String id,
    String sku,
    String name,
    String slug,
    String shortDescription,
    String description,
    String productType,
    String category,
    List<String> tags,
    String hsnCode,
    Pricing pricing,
    int stockQuantity,
    List<VariantOption> variantOptions,
    List<Variant> variants,
    Instant createdAt) {

  /** A variant axis such as size, with the values its variants take. */
  public record VariantOption(String name, String key, String type, List<String> values) {}

  public boolean hasVariant() {
    return !variants.isEmpty();
  }

  public boolean stockAvailable() {
    return hasVariant() ? variants.stream().anyMatch(Variant::stockAvailable) : stockQuantity > 0;
  }

  public Optional<Variant> variant(String variantId) {
    for (Variant v : variants) {
      if (v.id().equals(variantId)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
