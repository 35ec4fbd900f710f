package dev.tender.http;

import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Pricing;
import dev.tender.catalog.Product;
import dev.tender.catalog.Variant;
import dev.tender.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Renders catalog records in the Storefront API's shapes (Product, ProductDetail, Variant, Item). */
final class CatalogJson {
  private CatalogJson() {}

  static String imageUrl(String slug) {
    return "https://cdn.example.com/tender-demo/" + slug + ".jpg";
  }

  static JsonObject product(Product p, Catalog catalog) {
    JsonArray variants = new JsonArray();
    p.variants().forEach(v -> variants.add(variant(p, v, catalog)));
    JsonArray options = null;
    if (!p.variantOptions().isEmpty()) {
      options = new JsonArray();
      for (Product.VariantOption o : p.variantOptions()) {
        options.add(new JsonObject().put("name", o.name()).put("key", o.key()).put("type", o.type())
            .put("value", new JsonArray(o.values())));
      }
    }
    return new JsonObject()
        .put("id", p.id())
        .put("sku", p.hasVariant() ? null : p.sku())
        .put("name", p.name())
        .put("slug", p.slug())
        .put("short_description", p.shortDescription())
        .put("product_type", p.productType())
        .put("active", true)
        .put("stock_available", p.stockAvailable())
        .put("backorder", false)
        .put("on_subscription", false)
        .put("on_promotion", false)
        .put("has_variant", p.hasVariant())
        .put("tags", new JsonArray(p.tags()))
        .put("category_ids", new JsonArray().add(p.category()))
        .put("categories", new JsonArray().add(category(p.category(), catalog)))
        .put("reviews_rating_sum", 0)
        .put("reviews_count", 0)
        .put("attributes", new JsonArray())
        .put("pricing", pricing(p.pricing(), catalog))
        .put("variant_options", options)
        .put("promotion", null)
        .put("images", images(p.slug(), p.name()))
        .put("subscription", new JsonArray())
        .put("variants", variants);
  }

  static JsonObject productDetail(Product p, Catalog catalog) {
    return product(p, catalog)
        .put("description", p.description())
        .put("hsn_code", p.hsnCode())
        .put("videos", new JsonArray())
        .put("shipping", null)
        .put("upselling_product_ids", new JsonArray())
        .put("crossselling_product_ids", new JsonArray())
        .put("seo", new JsonObject().put("title", p.name()).put("description", p.shortDescription())
            .put("keywords", new JsonArray(p.tags())))
        .put("metadata", null);
  }

  static JsonObject variant(Product p, Variant v, Catalog catalog) {
    return new JsonObject()
        .put("id", v.id())
        .put("product_id", p.id())
        .put("sku", v.sku())
        .put("slug", v.slug())
        .put("name", v.name())
        .put("product_name", p.name())
        .put("short_description", p.shortDescription())
        .put("active", true)
        .put("stock_available", v.stockAvailable())
        .put("backorder", false)
        .put("on_promotion", false)
        .put("on_subscription", false)
        .put("is_default", v.isDefault())
        .put("associated_options", associatedOptions(p, v))
        .put("images", images(v.slug(), v.name()))
        .put("videos", new JsonArray())
        .put("pricing", pricing(v.pricing(), catalog))
        .put("subscription", new JsonArray())
        .put("promotion", null);
  }

  /** The SKU row wishlists and {@code /catalog/skus} return. */
  static JsonObject item(CatalogItem i, Catalog catalog) {
    Product p = i.product();
    return new JsonObject()
        .put("product_id", p.id())
        .put("variant_id", i.variantId())
        .put("sku", i.sku())
        .put("product_slug", p.slug())
        .put("variant_slug", i.variant() == null ? null : i.variantSlug())
        .put("product_name", p.name())
        .put("variant_name", i.variantName())
        .put("product_type", p.productType())
        .put("short_description", p.shortDescription())
        .put("active", true)
        .put("stock_available", i.stockAvailable())
        .put("backorder", false)
        .put("on_subscription", false)
        .put("on_promotion", false)
        .put("category_ids", new JsonArray().add(p.category()))
        .put("categories", new JsonArray().add(category(p.category(), catalog)))
        .put("tags", new JsonArray(p.tags()))
        .put("reviews_count", 0)
        .put("reviews_rating_sum", null)
        .put("attributes", new JsonArray())
        .put("images", images(i.variantSlug(), i.variant() == null ? p.name() : i.variantName()))
        .put("pricing", pricing(i.pricing(), catalog))
        .put("promotion", null)
        .put("subscription", new JsonArray())
        .put("associated_options", i.variant() == null ? null : associatedOptions(p, i.variant()))
        .put("shipping", null);
  }

  static JsonObject pricing(Pricing p, Catalog catalog) {
    return new JsonObject()
        .put("currency", catalog.currency().code())
        .put("tax_type", "GST")
        .put("tax_rate", Money.bpsToPercent(p.taxRateBps()))
        .put("price_including_tax", p.priceIncludingTax())
        .put("listing_price", Money.toDecimal(p.listingPrice()))
        .put("selling_price", Money.toDecimal(p.sellingPrice()))
        .put("selling_price_excluding_tax", Money.toDecimal(p.sellingPriceExcludingTax()))
        .put("min_order_quantity", p.minOrderQuantity())
        .put("max_order_quantity", p.maxOrderQuantity())
        .put("incremental_quantity", p.incrementalQuantity());
  }

  static JsonObject associatedOptions(Product p, Variant v) {
    JsonObject o = new JsonObject();
    for (Product.VariantOption option : p.variantOptions()) {
      String value = v.options().get(option.key());
      if (value != null) {
        o.put(option.key(), new JsonObject().put("name", option.name()).put("value", value).put("type", option.type()));
      }
    }
    return o;
  }

  private static JsonObject category(String slug, Catalog catalog) {
    return new JsonObject().put("id", slug).put("name", Character.toUpperCase(slug.charAt(0)) + slug.substring(1))
        .put("slug", slug).put("description", null).put("parent_category_id", null).put("product_count", catalog.productCount(slug))
        .put("active", true);
  }

  private static JsonArray images(String slug, String title) {
    String url = imageUrl(slug);
    return new JsonArray().add(new JsonObject().put("id", slug + "-1").put("title", title).put("alternate_text", title)
        .put("sort_order", 1).put("url_tiny", url).put("url_thumbnail", url).put("url_standard", url).put("url_zoom", url));
  }
}
