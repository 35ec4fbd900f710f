package dev.tender.catalog;

/**
 * One purchasable unit: a product without variants, or one variant of a product.
 *
 * @param variant null for a product without variants
 */
public record CatalogItem(Product product, Variant variant) {

  public Pricing pricing() {
    return variant == null ? product.pricing() : variant.pricing();
  }

  public int stockQuantity() {
    return variant == null ? product.stockQuantity() : variant.stockQuantity();
  }

  public boolean stockAvailable() {
    return stockQuantity() > 0;
  }

  public String sku() {
    return variant == null ? product.sku() : variant.sku();
  }

  public String variantId() {
    return variant == null ? null : variant.id();
  }

  public String variantName() {
    return variant == null ? null : variant.name();
  }

  public String variantSlug() {
    return variant == null ? product.slug() : variant.slug();
  }
}
