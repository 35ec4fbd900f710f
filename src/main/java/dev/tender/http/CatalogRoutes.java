package dev.tender.http;

import dev.tender.catalog.Catalog;
import dev.tender.catalog.Product;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Catalog reads (products, variants, categories). The catalog is immutable, so handlers read it directly on the event
 * loop without a partition round trip.
 */
final class CatalogRoutes {
  private static final int MAX_LIMIT = 100;
  private static final Map<String, Comparator<Product>> SORTS = Map.of(
      "created_at", Comparator.comparing(Product::createdAt),
      "name", Comparator.comparing(Product::name),
      "selling_price", Comparator.comparingLong(p -> p.pricing().sellingPrice()));

  private final Catalog catalog;
  private final Guards guards;

  CatalogRoutes(Catalog catalog, Guards guards) {
    this.catalog = catalog;
    this.guards = guards;
  }

  void mount(Router r, String base) {
    r.get(base + "/catalog/products").handler(guards.apiKeyOrBearer()).handler(this::list);
    r.get(base + "/catalog/products/:product_id").handler(guards.apiKeyOrBearer()).handler(this::detail);
    r.get(base + "/catalog/products/:product_id/variants").handler(guards.apiKeyOrBearer()).handler(this::variants);
    r.get(base + "/catalog/products/:product_id/variants/:variant_id").handler(guards.apiKeyOrBearer()).handler(this::variant);
  }

  private void list(RoutingContext ctx) {
    int page = Bodies.queryInt(ctx, "page", 1, 1_000_000);
    int limit = Bodies.queryInt(ctx, "limit", 25, MAX_LIMIT);
    List<String> categories = ctx.queryParam("category_id");
    String productType = ctx.request().getParam("product_type");
    List<Product> matching = new ArrayList<>();
    for (Product p : catalog.newestFirst()) {
      if ((categories.isEmpty() || categories.contains(p.category()))
          && (productType == null || List.of(productType.split(",")).contains(p.productType()))) {
        matching.add(p);
      }
    }
    Comparator<Product> order = sortOrder(ctx.request().getParam("sort_by"));
    if (order != null) {
      matching.sort(order);
    }
    int from = Math.min(matching.size(), (page - 1) * limit);
    int to = Math.min(matching.size(), from + limit);
    JsonArray products = new JsonArray();
    matching.subList(from, to).forEach(p -> products.add(CatalogJson.product(p, catalog)));
    Envelope.ok(ctx, "products", new JsonObject().put("products", products)
        .put("pagination", Envelope.pagination(matching.size(), page, limit)));
  }

  /** {@code sort_by} is a JSON string like {@code {"created_at":"desc"}}; null keeps newest first. */
  private static Comparator<Product> sortOrder(String sortBy) {
    if (sortBy == null || sortBy.isBlank()) {
      return null;
    }
    JsonObject spec;
    try {
      spec = new JsonObject(sortBy);
    } catch (DecodeException | ClassCastException e) {
      throw ApiError.invalidField("sort_by", "must be a JSON object such as {\"created_at\":\"desc\"}");
    }
    Comparator<Product> order = null;
    for (String field : spec.fieldNames()) {
      Comparator<Product> c = SORTS.get(field);
      Object dir = spec.getValue(field);
      if (c == null || !("asc".equals(dir) || "desc".equals(dir))) {
        throw ApiError.invalidField("sort_by", "supports " + SORTS.keySet() + " with \"asc\" or \"desc\"");
      }
      c = "desc".equals(dir) ? c.reversed() : c;
      order = order == null ? c : order.thenComparing(c);
    }
    return order;
  }

  private void detail(RoutingContext ctx) {
    Product p = product(ctx);
    Envelope.ok(ctx, "product", new JsonObject().put("product", CatalogJson.productDetail(p, catalog)));
  }

  private void variants(RoutingContext ctx) {
    Product p = product(ctx);
    JsonArray variants = new JsonArray();
    p.variants().forEach(v -> variants.add(CatalogJson.variant(p, v, catalog)));
    Envelope.ok(ctx, "variants", new JsonObject().put("variants", variants));
  }

  private void variant(RoutingContext ctx) {
    Product p = product(ctx);
    var v = p.variant(ctx.pathParam("variant_id")).orElseThrow(() -> ApiError.notFound("variant"));
    Envelope.ok(ctx, "variant", new JsonObject().put("variant", CatalogJson.variant(p, v, catalog)
        .put("description", p.description())));
  }

  private Product product(RoutingContext ctx) {
    return catalog.byIdOrSlug(ctx.pathParam("product_id")).orElseThrow(() -> ApiError.notFound("product"));
  }
}
