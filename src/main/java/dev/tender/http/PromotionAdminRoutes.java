package dev.tender.http;

import dev.tender.catalog.Catalog;
import dev.tender.catalog.Product;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.money.Money;
import dev.tender.promo.Promotion;
import dev.tender.promo.PromotionCommand;
import dev.tender.promo.PromotionReply;
import dev.tender.promo.Promotions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * Operators' automatic promotions under {@code /api/v1/{store_id}/admin}: create, list, read, disable.
 * A change is answered once this node's {@link Promotions} snapshot has it, and announced to every node
 * (each reloads at once, and in any case within {@link Promotions#REFRESH}).
 */
final class PromotionAdminRoutes {
  static final int NAME_MAX_CHARS = 200;
  /** Quantities above this are surely a typing error. */
  static final int MAX_QUANTITY = 10_000;
  private static final List<String> PERCENT_FIELDS = List.of("discount_percent", "minimum_order_total", "maximum_discount_amount");
  private static final List<String> BUY_X_GET_Y_FIELDS = List.of("product_id", "variant_id", "buy_quantity", "get_quantity");

  private final PartitionRouter<PromotionCommand, PromotionReply> router;
  private final Promotions promotions;
  private final Catalog catalog;

  PromotionAdminRoutes(PartitionRouter<PromotionCommand, PromotionReply> router, Promotions promotions, Catalog catalog) {
    this.router = router;
    this.promotions = promotions;
    this.catalog = catalog;
  }

  void mount(Router r, String prefix) {
    r.post(prefix + "/promotions").handler(this::create);
    r.get(prefix + "/promotions").handler(ctx -> promotions.stored().onSuccess(all -> {
      JsonArray list = new JsonArray();
      all.forEach(p -> list.add(PromotionJson.adminPromotion(p)));
      Envelope.ok(ctx, "promotions", new JsonObject().put("promotions", list));
    }).onFailure(ctx::fail));
    r.get(prefix + "/promotions/:id").handler(ctx -> answer(ctx, router.read(new PromotionCommand.Get(id(ctx))), "promotion", false));
    r.post(prefix + "/promotions/:id/disable").handler(ctx -> changed(ctx, router.send(Idempotency.request(ctx,
        new PromotionCommand.Disable(id(ctx)), Idempotency.ADMIN_SCOPE)), "promotion disabled", false));
  }

  /** The path's id; one that cannot be an id names no promotion. */
  private static String id(RoutingContext ctx) {
    String id = Promotion.normalise(ctx.pathParam("id"));
    if (!Promotion.ID.matcher(id).matches()) {
      throw ApiError.notFound("promotion");
    }
    return id;
  }

  private void create(RoutingContext ctx) {
    Promotion p = parse(Bodies.object(ctx));
    Request<PromotionCommand> request = Idempotency.request(ctx, new PromotionCommand.Create(p.id(), p), Idempotency.ADMIN_SCOPE);
    changed(ctx, router.send(request), "promotion created", true);
  }

  /** A change: this node's snapshot is reloaded before the answer, and every node is told. */
  private void changed(RoutingContext ctx, Future<Response<PromotionReply>> sent, String message, boolean created) {
    answer(ctx, sent.compose(r -> {
      if (r instanceof Response.Done<PromotionReply> d && d.reply() instanceof PromotionReply.View v) {
        Promotions.announce(ctx.vertx(), v.promotion().id());
        return promotions.reload().transform(ignored -> Future.succeededFuture(r));
      }
      return Future.succeededFuture(r);
    }), message, created);
  }

  private void answer(RoutingContext ctx, Future<Response<PromotionReply>> sent, String message, boolean created) {
    sent.map(Problems::reply).onSuccess(reply -> {
      switch (reply) {
        case PromotionReply.View v -> Envelope.changed(ctx, created, message,
            new JsonObject().put("promotion", PromotionJson.adminPromotion(v.promotion())));
        case PromotionReply.Rejected x -> ctx.fail(switch (x.reason()) {
          case ALREADY_EXISTS -> new ApiError(409, "ALREADY_EXISTS", x.detail());
          case ALREADY_EXPIRED -> ApiError.invalidField("expires_at", "must be in the future");
          case NOT_FOUND -> ApiError.notFound("promotion");
        });
      }
    }).onFailure(ctx::fail);
  }

  /** The request's promotion, every field checked (400 VALIDATION_ERROR naming the field otherwise). */
  Promotion parse(JsonObject body) {
    String id = Promotion.normalise(Bodies.requiredString(body, "promotion_id"));
    if (!Promotion.ID.matcher(id).matches()) {
      throw ApiError.invalidField("promotion_id", "must be 1 to 40 letters, digits, - or _");
    }
    String name = Bodies.optionalString(body, "name");
    if (name == null || name.isBlank()) {
      name = id;
    }
    Bodies.maxChars("name", name, NAME_MAX_CHARS);
    Promotion.Type type = switch (Bodies.requiredString(body, "promotion_type")) {
      case "percent-off-above" -> Promotion.Type.PERCENT_OFF_ABOVE;
      case "buy-x-get-y" -> Promotion.Type.BUY_X_GET_Y;
      default -> throw ApiError.invalidField("promotion_type", "must be percent-off-above or buy-x-get-y");
    };
    Instant starts = Bodies.optionalInstant(body, "starts_at");
    Instant expires = Bodies.optionalInstant(body, "expires_at");
    if (starts != null && expires != null && !expires.isAfter(starts)) {
      throw ApiError.invalidField("expires_at", "must be after starts_at");
    }
    if (expires != null && !expires.isAfter(Instant.now())) {
      throw ApiError.invalidField("expires_at", "must be in the future");
    }
    if (type == Promotion.Type.PERCENT_OFF_ABOVE) {
      refuse(body, BUY_X_GET_Y_FIELDS, "percent-off-above");
      if (body.getValue("discount_percent") == null) {
        throw ApiError.invalidField("discount_percent", "is required");
      }
      long bps = Bodies.hundredths(body, "discount_percent", "must be a number with at most two decimals");
      if (bps <= 0 || bps > Money.BPS_PER_WHOLE) {
        throw ApiError.invalidField("discount_percent", "must be above 0 and at most 100");
      }
      long minimum = body.getValue("minimum_order_total") == null ? 0 : Bodies.rupees(body, "minimum_order_total");
      if (minimum < 0) {
        throw ApiError.invalidField("minimum_order_total", "must not be negative");
      }
      Long maximum = body.getValue("maximum_discount_amount") == null ? null : Bodies.rupees(body, "maximum_discount_amount");
      if (maximum != null && maximum <= 0) {
        throw ApiError.invalidField("maximum_discount_amount", "must be positive");
      }
      return Promotion.percentOffAbove(id, name, (int) bps, minimum, maximum, starts, expires);
    }
    refuse(body, PERCENT_FIELDS, "buy-x-get-y");
    String productRef = Bodies.requiredString(body, "product_id");
    Product product = catalog.byIdOrSlug(productRef).orElseThrow(() -> ApiError.invalidField("product_id", "is not a product"));
    String variantId = Bodies.optionalString(body, "variant_id");
    if (variantId != null && catalog.lookup(product.id(), variantId).item() == null) {
      throw ApiError.invalidField("variant_id", "is not a variant of " + product.id());
    }
    int buy = quantity(body, "buy_quantity");
    int get = quantity(body, "get_quantity");
    return Promotion.buyXGetY(id, name, product.id(), variantId, buy, get, starts, expires);
  }

  private static void refuse(JsonObject body, List<String> fields, String type) {
    for (String f : fields) {
      if (body.getValue(f) != null) {
        throw ApiError.invalidField(f, "does not apply to a " + type + " promotion");
      }
    }
  }

  private static int quantity(JsonObject body, String field) {
    int v = Bodies.requiredInt(body, field);
    if (v < 1 || v > MAX_QUANTITY) {
      throw ApiError.invalidField(field, "must be 1 to " + MAX_QUANTITY);
    }
    return v;
  }
}
