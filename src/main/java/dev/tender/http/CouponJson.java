package dev.tender.http;

import dev.tender.money.Money;
import dev.tender.promo.Coupon;
import dev.tender.promo.PromoReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Coupons in the storefront's Coupon shape (and, for operators, with their reserved uses and status). */
final class CouponJson {
  private CouponJson() {}

  static JsonObject coupon(PromoReply.CouponView v) {
    Coupon c = v.coupon();
    JsonObject details = new JsonObject().put("discount_type", c.discountType().wire)
        .put("products", new JsonArray(c.productIds())).put("category_id", new JsonArray(c.categoryIds()));
    switch (c.discountType()) {
      case PERCENTAGE -> details.put("discount_percent", Money.bpsToPercent(c.percentBps()))
          .put("maximum_discount_amount", c.maximumDiscount() == null ? null : Money.toDecimal(c.maximumDiscount()));
      case FIXED_AMOUNT -> details.put("fixed_discount_amount", Money.toDecimal(c.fixedAmount()));
      case FREE_SHIPPING -> { }
    }
    JsonObject limits = c.totalLimit() == null && c.perCustomerLimit() == null ? null
        : new JsonObject().put("total", c.totalLimit()).put("per_customer", c.perCustomerLimit());
    return new JsonObject()
        .put("id", c.code())
        .put("name", c.name())
        .putNull("description")
        .putNull("tags")
        .put("coupon_type", c.couponType())
        .put("coupon_code", new JsonArray().add(c.code()))
        .put("starts_at", c.startsAt() == null ? null : c.startsAt().toString())
        .put("expires_at", c.expiresAt() == null ? null : c.expiresAt().toString())
        .put("minimum_order_total", c.minimumOrderTotal() == null ? null : Money.toDecimal(c.minimumOrderTotal()))
        .put("redemption_limits", limits)
        .put("redemption_count", v.redemptionCount())
        .putNull("application_rules")
        .put("can_be_used_with_promotion", true)
        .put("details", details)
        .put("applies_to_product", c.appliesTo().name().toLowerCase());
  }

  /** The operator's view: the storefront shape plus uses held by unpaid orders and whether it is enabled. */
  static JsonObject adminCoupon(PromoReply.CouponView v) {
    Coupon c = v.coupon();
    return coupon(v).put("reserved_count", v.reservedCount()).put("status", v.disabled() ? "disabled" : "active")
        .put("customer_ids", new JsonArray(c.customerIds().stream().sorted().toList()));
  }
}
