package dev.tender.http;

import dev.tender.money.Money;
import dev.tender.promo.Promotion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Automatic promotions in the storefront's Promotion shape (and, for operators, with their own fields and status). */
final class PromotionJson {
  private PromotionJson() {}

  static JsonObject promotion(Promotion p) {
    JsonObject details = switch (p.type()) {
      case PERCENT_OFF_ABOVE -> new JsonObject().put("discount_type", "percentage").put("discount_percent", Money.bpsToPercent(p.percentBps()))
          .put("maximum_discount_amount", p.maximumDiscount() == null ? null : Money.toDecimal(p.maximumDiscount()))
          .put("products", new JsonArray()).put("category_id", new JsonArray());
      case BUY_X_GET_Y -> new JsonObject().put("spending_criteria_type", "minimum-quantity")
          .put("products", new JsonArray().add(new JsonObject().put("minimum_quantity", p.buyQuantity())
              .put("buy_product_id", p.productId()).put("buy_variant_id", p.variantId()).putNull("buy_from_category_id")
              .put("get_product_id", p.productId()).put("get_variant_id", p.variantId()).putNull("get_from_category_id")
              .put("get_quantity", p.getQuantity()).put("get_offer_type", "free").putNull("get_discount_percent")))
          .putNull("maximum_discount_amount");
    };
    return new JsonObject()
        .put("id", p.id())
        .put("name", p.name())
        .putNull("description")
        .putNull("tags")
        .put("promotion_type", p.type().storefront)
        // Percent-off promotions never stack with each other (the best one applies); a buy-x-get-y adds to any.
        .put("can_be_used_with_other_promotion", p.type() == Promotion.Type.BUY_X_GET_Y)
        .put("starts_at", p.startsAt() == null ? null : p.startsAt().toString())
        .put("expires_at", p.expiresAt() == null ? null : p.expiresAt().toString())
        .put("minimum_order_total", p.type() == Promotion.Type.PERCENT_OFF_ABOVE ? Money.toDecimal(p.minimumSubtotal()) : null)
        .putNull("redemption_limits")
        .put("redemption_count", 0)
        .put("details", details)
        .put("applies_to_product", p.type() == Promotion.Type.BUY_X_GET_Y ? "product" : "all");
  }

  /** The operator's view: the storefront shape plus the fields as created and whether it is enabled. */
  static JsonObject adminPromotion(Promotion p) {
    JsonObject j = promotion(p).put("promotion_id", p.id()).put("promotion_rule", p.type().wire)
        .put("status", p.disabled() ? "disabled" : "active");
    if (p.type() == Promotion.Type.PERCENT_OFF_ABOVE) {
      j.put("discount_percent", Money.bpsToPercent(p.percentBps()))
          .put("maximum_discount_amount", p.maximumDiscount() == null ? null : Money.toDecimal(p.maximumDiscount()));
    } else {
      j.put("product_id", p.productId()).put("variant_id", p.variantId()).put("buy_quantity", p.buyQuantity())
          .put("get_quantity", p.getQuantity());
    }
    return j;
  }
}
