package dev.tender.http;

import dev.tender.catalog.Catalog;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.money.Money;
import dev.tender.promo.Coupon;
import dev.tender.promo.CouponStore;
import dev.tender.promo.CouponSummary;
import dev.tender.promo.PromoCommand;
import dev.tender.promo.PromoReply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Operators' coupon routes under {@code /api/v1/{store_id}/admin}: create, list, read with counts, disable. */
final class CouponAdminRoutes {
  private static final int MAX_IDS = 500;

  private final PartitionRouter<PromoCommand, PromoReply> promos;
  private final CouponStore store;
  private final Catalog catalog;

  CouponAdminRoutes(PartitionRouter<PromoCommand, PromoReply> promos, CouponStore store, Catalog catalog) {
    this.promos = promos;
    this.store = store;
    this.catalog = catalog;
  }

  void mount(Router r, String prefix) {
    r.post(prefix + "/coupons").handler(this::create);
    r.get(prefix + "/coupons").handler(ctx -> store.summaries(null).onSuccess(all -> {
      JsonArray coupons = new JsonArray();
      all.stream().filter(CouponSummary::exists).forEach(s ->
          coupons.add(CouponJson.adminCoupon(s.view())));
      Envelope.ok(ctx, "coupons", new JsonObject().put("coupons", coupons));
    }).onFailure(ctx::fail));
    r.get(prefix + "/coupons/:code").handler(ctx -> answer(ctx, promos.read(new PromoCommand.Get(CouponRoutes.code(ctx.pathParam("code")))),
        "coupon", false));
    r.post(prefix + "/coupons/:code/disable").handler(ctx -> answer(ctx, promos.send(Idempotency.request(ctx,
        new PromoCommand.Disable(CouponRoutes.code(ctx.pathParam("code"))), Idempotency.ADMIN_SCOPE)), "coupon disabled", false));
  }

  private void create(RoutingContext ctx) {
    Coupon coupon = parse(Bodies.object(ctx));
    Request<PromoCommand> request = Idempotency.request(ctx, new PromoCommand.Create(coupon.code(), coupon), Idempotency.ADMIN_SCOPE);
    answer(ctx, promos.send(request), "coupon created", true);
  }

  private void answer(RoutingContext ctx, Future<Response<PromoReply>> sent, String message, boolean created) {
    sent.map(Problems::reply).onSuccess(reply -> {
      switch (reply) {
        case PromoReply.CouponView v -> Envelope.changed(ctx, created, message, new JsonObject().put("coupon", CouponJson.adminCoupon(v)));
        case PromoReply.Rejected x -> ctx.fail(switch (x.reason()) {
          case ALREADY_EXISTS -> new ApiError(409, "ALREADY_EXISTS", x.detail());
          case INVALID_COUPON -> ApiError.notFound("coupon");
          case RESERVATION_NOT_FOUND -> new ApiError(404, "RESERVATION_NOT_FOUND", x.detail());
        });
      }
    }).onFailure(ctx::fail);
  }

  /** The request's coupon, every field checked (400 VALIDATION_ERROR naming the field otherwise). */
  Coupon parse(JsonObject body) {
    String code;
    try {
      code = CouponRoutes.code(Bodies.requiredString(body, "coupon_code"));
    } catch (ApiError e) {
      throw "INVALID_COUPON".equals(e.code())
          ? ApiError.invalidField("coupon_code", "must be 1 to " + CouponRoutes.CODE_MAX_CHARS + " letters, digits, - or _") : e;
    }
    String name = Bodies.optionalString(body, "name");
    if (name == null || name.isBlank()) {
      name = code;
    }
    Bodies.maxChars("name", name, 200);
    String type = Bodies.requiredString(body, "discount_type");
    Coupon.DiscountType discountType = switch (type) {
      case "percentage" -> Coupon.DiscountType.PERCENTAGE;
      case "fixed-amount" -> Coupon.DiscountType.FIXED_AMOUNT;
      case "free-shipping" -> Coupon.DiscountType.FREE_SHIPPING;
      default -> throw ApiError.invalidField("discount_type", "must be percentage, fixed-amount or free-shipping");
    };
    int percentBps = 0;
    long fixed = 0;
    if (discountType == Coupon.DiscountType.PERCENTAGE) {
      long bps = money(body, "discount_percent");
      if (bps <= 0 || bps > Money.BPS_PER_WHOLE) {
        throw ApiError.invalidField("discount_percent", "must be above 0 and at most 100");
      }
      percentBps = (int) bps;
    } else if (discountType == Coupon.DiscountType.FIXED_AMOUNT) {
      fixed = money(body, "fixed_discount_amount");
      if (fixed <= 0) {
        throw ApiError.invalidField("fixed_discount_amount", "must be positive");
      }
    }
    Long maximum = body.getValue("maximum_discount_amount") == null ? null : money(body, "maximum_discount_amount");
    Long minimum = body.getValue("minimum_order_total") == null ? null : money(body, "minimum_order_total");
    if ((maximum != null && maximum <= 0) || (minimum != null && minimum < 0)) {
      throw ApiError.invalidField(maximum != null && maximum <= 0 ? "maximum_discount_amount" : "minimum_order_total", "out of range");
    }
    Instant starts = Bodies.optionalInstant(body, "starts_at");
    Instant expires = Bodies.optionalInstant(body, "expires_at");
    if (starts != null && expires != null && !expires.isAfter(starts)) {
      throw ApiError.invalidField("expires_at", "must be after starts_at");
    }
    Integer total = null;
    Integer perCustomer = null;
    if (body.getValue("redemption_limits") != null) {
      JsonObject limits = Bodies.requiredObject(body, "redemption_limits");
      total = limits.getValue("total") == null ? null : positive(limits, "total");
      perCustomer = limits.getValue("per_customer") == null ? null : positive(limits, "per_customer");
    }
    String appliesTo = body.getValue("applies_to_product") == null ? "all" : Bodies.requiredString(body, "applies_to_product");
    Coupon.AppliesTo scope = switch (appliesTo) {
      case "all" -> Coupon.AppliesTo.ALL;
      case "product" -> Coupon.AppliesTo.PRODUCT;
      case "category" -> Coupon.AppliesTo.CATEGORY;
      default -> throw ApiError.invalidField("applies_to_product", "must be all, product or category");
    };
    List<String> products = new ArrayList<>();
    for (String p : ids(body, "products")) {
      products.add(catalog.byIdOrSlug(p).orElseThrow(() -> ApiError.invalidField("products", "has an unknown product: " + p)).id());
    }
    List<String> categories = ids(body, "category_ids");
    if (scope == Coupon.AppliesTo.PRODUCT && products.isEmpty()) {
      throw ApiError.invalidField("products", "must list the products the coupon applies to");
    }
    if (scope == Coupon.AppliesTo.CATEGORY && categories.isEmpty()) {
      throw ApiError.invalidField("category_ids", "must list the categories the coupon applies to");
    }
    Set<String> customers = new HashSet<>(ids(body, "customer_ids"));
    return new Coupon(code, name, discountType, percentBps, fixed, maximum, minimum, starts, expires, total, perCustomer, scope,
        products, categories, customers);
  }

  /** A required number with two decimals at most (callers ask only for fields that are there or required). */
  private static long money(JsonObject body, String field) {
    if (body.getValue(field) == null) {
      throw ApiError.invalidField(field, "is required");
    }
    return Bodies.hundredths(body, field, "must be a number with at most two decimals");
  }

  private static int positive(JsonObject j, String field) {
    int v = Bodies.requiredInt(j, field);
    if (v <= 0) {
      throw ApiError.invalidField(field, "must be positive");
    }
    return v;
  }

  private static List<String> ids(JsonObject body, String field) {
    if (body.getValue(field) == null) {
      return List.of();
    }
    JsonArray a = Bodies.requiredArray(body, field);
    if (a.size() > MAX_IDS) {
      throw ApiError.invalidField(field, "must have at most " + MAX_IDS + " entries");
    }
    List<String> ids = new ArrayList<>(a.size());
    for (Object o : a) {
      if (!(o instanceof String s) || s.isEmpty() || s.length() > 64) {
        throw ApiError.invalidField(field, "must be a list of ids");
      }
      ids.add(s);
    }
    return ids;
  }
}
