package dev.tender.catalog;

import dev.tender.money.Money;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's products, immutable once loaded and shared by every verticle on the node (read-only
 * state needs no owner). Loaded from a JSON document; the demo catalog ships as a resource.
 */
public final class Catalog {
  /** Why a (product, variant) pair names no purchasable unit. */
  public enum Problem { UNKNOWN_PRODUCT, VARIANT_REQUIRED, UNKNOWN_VARIANT }

  /** Either an item or the reason there is none. */
  public record Lookup(CatalogItem item, Problem problem) {}

  private final List<Product> newestFirst;
  private final Map<String, Product> byId = new HashMap<>();
  private final Map<String, Product> bySlug = new HashMap<>();
  private final Map<String, Integer> productsPerCategory = new HashMap<>();
  private final CurrencyInfo currency;

  /** Display data of the store currency. */
  public record CurrencyInfo(String name, String code, String symbol) {}

  private Catalog(List<Product> products, CurrencyInfo currency) {
    this.currency = currency;
    List<Product> sorted = new ArrayList<>(products);
    sorted.sort(Comparator.comparing(Product::createdAt).reversed().thenComparing(Product::id));
    this.newestFirst = List.copyOf(sorted);
    for (Product p : products) {
      if (byId.put(p.id(), p) != null || bySlug.put(p.slug(), p) != null) {
        throw new IllegalArgumentException("duplicate product id or slug: " + p.id());
      }
      productsPerCategory.merge(p.category(), 1, Integer::sum);
    }
  }

  public CurrencyInfo currency() {
    return currency;
  }

  public int productCount(String category) {
    return productsPerCategory.getOrDefault(category, 0);
  }

  public List<Product> newestFirst() {
    return newestFirst;
  }

  public Optional<Product> byIdOrSlug(String idOrSlug) {
    Product p = byId.get(idOrSlug);
    return Optional.ofNullable(p != null ? p : bySlug.get(idOrSlug));
  }

  /** Resolves what a cart line or wishlist entry names. */
  public Lookup lookup(String productId, String variantId) {
    Product p = byId.get(productId);
    if (p == null) {
      return new Lookup(null, Problem.UNKNOWN_PRODUCT);
    }
    if (!p.hasVariant()) {
      // A variant id on a product without variants names nothing that exists.
      return variantId == null ? new Lookup(new CatalogItem(p, null), null) : new Lookup(null, Problem.UNKNOWN_VARIANT);
    }
    if (variantId == null) {
      return new Lookup(null, Problem.VARIANT_REQUIRED);
    }
    return p.variant(variantId)
        .map(v -> new Lookup(new CatalogItem(p, v), null))
        .orElseGet(() -> new Lookup(null, Problem.UNKNOWN_VARIANT));
  }

  /** Parses the catalog document (see {@code demo-catalog.json} for its shape). */
  public static Catalog parse(Buffer json) {
    JsonObject doc = json.toJsonObject();
    JsonObject cur = doc.getJsonObject("currency");
    List<Product> products = new ArrayList<>();
    for (Object o : doc.getJsonArray("products")) {
      products.add(product((JsonObject) o));
    }
    return new Catalog(products, new CurrencyInfo(cur.getString("name"), cur.getString("code"), cur.getString("symbol")));
  }

  private static Product product(JsonObject j) {
    String id = j.getString("id");
    Pricing base = pricing(j, j);
    List<Variant> variants = new ArrayList<>();
    for (Object o : j.getJsonArray("variants", new JsonArray())) {
      JsonObject v = (JsonObject) o;
      Map<String, String> options = new HashMap<>();
      v.getJsonObject("options", new JsonObject()).forEach(e -> options.put(e.getKey(), String.valueOf(e.getValue())));
      String vid = v.getString("id");
      variants.add(new Variant(vid, id, v.getString("sku"), vid, v.getString("name"), Map.copyOf(options),
          pricing(j, v), v.getInteger("stock_quantity", 0), v.getBoolean("is_default", false)));
    }
    List<Product.VariantOption> options = new ArrayList<>();
    for (Object o : j.getJsonArray("variant_options", new JsonArray())) {
      JsonObject vo = (JsonObject) o;
      options.add(new Product.VariantOption(vo.getString("name"), vo.getString("key"), vo.getString("type"),
          vo.getJsonArray("value").stream().map(String::valueOf).toList()));
    }
    return new Product(id, j.getString("sku"), j.getString("name"), j.getString("slug"),
        j.getString("short_description"), j.getString("description"), j.getString("product_type", "physical"),
        j.getString("category"), j.getJsonArray("tags", new JsonArray()).stream().map(String::valueOf).toList(),
        j.getString("hsn_code"), base, j.getInteger("stock_quantity", 0), List.copyOf(options), List.copyOf(variants),
        Instant.parse(j.getString("created_at")));
  }

  /** Tax settings and quantity rules come from the product; prices may be overridden per variant. */
  private static Pricing pricing(JsonObject product, JsonObject priced) {
    return new Pricing(
        Money.percentToBps(product.getValue("tax_rate")),
        product.getBoolean("price_including_tax", true),
        Money.parseMajor(priced.getValue("listing_price")),
        Money.parseMajor(priced.getValue("selling_price")),
        product.getInteger("min_order_quantity", 1),
        product.getInteger("max_order_quantity"),
        product.getInteger("incremental_quantity", 1));
  }
}
