package dev.tender.http;

import dev.tender.cart.Address;
import dev.tender.cart.Cart;
import dev.tender.cart.FulfillmentPreference;
import dev.tender.cart.PricedCart;
import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Pricing;
import dev.tender.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.HashMap;

/** Renders a priced cart as API.md §3.3/§3.4 and parses addresses (§3.2); decimals appear only here. */
final class CartJson {
  private CartJson() {}

  static JsonObject cart(PricedCart p, Catalog.CurrencyInfo currency) {
    Cart c = p.cart();
    JsonArray items = new JsonArray();
    p.lines().forEach(l -> items.add(line(l)));
    boolean shipping = p.shippingAmount() != null;
    return new JsonObject()
        .put("id", c.id().value())
        .put("active", true)
        .put("customer_note", null)
        .put("is_promotion_applied", false)
        .put("is_coupon_applied", false)
        .put("coupon_code", null)
        .put("coupon_discount_amount", money(p.couponDiscountAmount()))
        .put("coupon_discount_percent", 0)
        .put("promotion_discount_amount", money(p.promotionDiscountAmount()))
        .put("promotion_discount_percent", 0)
        .put("subtotal", money(p.subtotal()))
        .put("items_tax_amount", money(p.itemsTaxAmount()))
        .put("subtotal_including_tax", money(p.subtotalIncludingTax()))
        .put("shipping_estimated_cost", nullableMoney(p.shippingEstimatedCost()))
        .put("shipping_discount_amount", nullableMoney(p.shippingDiscountAmount()))
        .put("shipping_amount", nullableMoney(p.shippingAmount()))
        .put("shipping_tax_rate", p.shippingTaxRateBps() == null ? null : Money.bpsToPercent(p.shippingTaxRateBps()))
        .put("shipping_tax_amount", nullableMoney(p.shippingTaxAmount()))
        .put("shipping_amount_including_tax", shipping ? money(p.shippingAmountIncludingTax()) : null)
        .put("fulfillment_preference", fulfillment(c.fulfillment()))
        .put("estimated_delivery_days", p.estimatedDeliveryDays())
        .put("handling_charge_excluding_tax", money(p.handlingChargeExcludingTax()))
        .put("handling_charge_tax_amount", money(p.handlingChargeTaxAmount()))
        .put("handling_charge_including_tax", money(p.handlingChargeIncludingTax()))
        .put("total_tax", money(p.totalTax()))
        .put("grand_total", money(p.grandTotal()))
        .put("credit_balance_used", money(p.creditBalanceUsed()))
        .put("to_be_paid", money(p.toBePaid()))
        .put("loyalty_points_redeemed", p.loyaltyPointsRedeemed())
        .put("loyalty_points_earned", p.loyaltyPointsEarned())
        .put("cart_items_count", p.lines().size())
        .put("cart_items", items)
        .put("billing_address", address(c.billingAddress()))
        .put("shipping_address", address(c.shippingAddress()))
        .put("currency", new JsonObject().put("name", currency.name()).put("code", currency.code()).put("symbol", currency.symbol()))
        .put("metadata", c.metadata().isEmpty() ? null : new JsonObject(new HashMap<>(c.metadata())))
        .put("expires_at", c.expiresAt().toString())
        .put("applied_promotions", new JsonArray())
        .put("applied_coupons", new JsonArray())
        .put("shipments", new JsonArray())
        .put("promotion_savings", money(p.promotionDiscountAmount()))
        .put("coupon_savings", money(p.couponDiscountAmount()))
        .put("other_savings", money(p.otherSavings()))
        .put("total_savings", money(p.totalSavings()))
        .put("free_shipping_threshold", nullableMoney(p.freeShippingThreshold()))
        .put("status", p.readyForPayment() ? "ready-for-payment" : "not-ready-for-payment")
        .put("status_error_message", p.statusErrorMessage())
        .put("created_at", c.createdAt().toString())
        .put("modified_at", c.updatedAt().toString());
  }

  private static JsonObject line(PricedCart.Line l) {
    CatalogItem item = l.item();
    Pricing pricing = item.pricing();
    return new JsonObject()
        .put("product_id", item.product().id())
        .put("variant_id", item.variantId())
        .put("sku", item.sku())
        .put("slug", item.variantSlug())
        .put("product_name", item.product().name())
        .put("variant_name", item.variantName())
        .put("product_type", item.product().productType())
        .put("product_image_url", CatalogJson.imageUrl(item.variantSlug()))
        .put("stock_available", item.stockAvailable())
        .put("backorder", false)
        .put("on_subscription", false)
        .put("on_promotion", false)
        .put("quantity", l.line().quantity())
        .put("is_free_item", false)
        .put("free_quantity", 0)
        .put("promotion_discount_amount", money(l.promotionDiscountAmount()))
        .put("coupon_discount_amount", money(l.couponDiscountAmount()))
        .put("price_including_tax", pricing.priceIncludingTax())
        .put("listing_price", money(pricing.listingPrice()))
        .put("selling_price", money(pricing.sellingPrice()))
        .put("selling_price_excluding_tax", money(l.unitPriceExcludingTax()))
        .put("min_order_quantity", pricing.minOrderQuantity())
        .put("max_order_quantity", pricing.maxOrderQuantity())
        .put("incremental_quantity", pricing.incrementalQuantity())
        .put("handling_charge_excluding_tax", money(0))
        .put("handling_charge_tax_rate", 0)
        .put("handling_charge_including_tax", money(0))
        .put("tax_type", "GST")
        .put("tax_rate", Money.bpsToPercent(pricing.taxRateBps()))
        .put("tax_amount", money(l.taxAmount()))
        .put("associated_options", item.variant() == null ? null : CatalogJson.associatedOptions(item.product(), item.variant()))
        .put("attributes", new JsonArray())
        .put("subscriptions", null)
        .put("seller_id", null)
        .put("seller_detail", null);
  }

  private static JsonObject fulfillment(FulfillmentPreference f) {
    return f == null ? null : new JsonObject(f.json());
  }

  static JsonObject address(Address a) {
    if (a == null) {
      return null;
    }
    return new JsonObject()
        .put("id", a.id())
        .put("first_name", a.firstName())
        .put("last_name", a.lastName())
        .put("country_code", a.countryCode())
        .put("phone", a.phone())
        .put("email", a.email())
        .put("address_line1", a.addressLine1())
        .put("address_line2", a.addressLine2())
        .put("landmark", a.landmark())
        .put("pincode", a.pincode())
        .put("city", a.city())
        .put("state", a.state())
        .put("country", a.country())
        .put("tax_identification_number", a.taxIdentificationNumber())
        .put("business_name", a.businessName())
        .put("nickname", a.nickname())
        .put("is_phone_verified", false)
        .put("is_email_verified", false);
  }

  /** Parses and validates a CustomerAddress; {@code field} prefixes the names in the errors map. */
  static Address parseAddress(JsonObject j, String field) {
    JsonObject errors = new JsonObject();
    String firstName = text(j, "first_name", true, field, errors);
    String phone = text(j, "phone", true, field, errors);
    if (phone != null && !phone.matches("\\d{10}")) {
      errors.put(field + ".phone", "must be 10 digits without country code");
    }
    String email = text(j, "email", true, field, errors);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      errors.put(field + ".email", "must be an email address");
    }
    String pincode = text(j, "pincode", true, field, errors);
    if (pincode != null && !pincode.matches("\\d{6}")) {
      errors.put(field + ".pincode", "must be 6 digits");
    }
    String country = text(j, "country", false, field, errors);
    if (country != null && !country.equals("India")) {
      errors.put(field + ".country", "must be India");
    }
    String countryCode = text(j, "country_code", false, field, errors);
    Address a = new Address(null, firstName, text(j, "last_name", false, field, errors),
        countryCode == null ? "+91" : countryCode, phone, email,
        text(j, "address_line1", true, field, errors), text(j, "address_line2", false, field, errors),
        text(j, "landmark", false, field, errors), pincode, text(j, "city", true, field, errors),
        text(j, "state", true, field, errors), "India", text(j, "tax_identification_number", false, field, errors),
        text(j, "business_name", false, field, errors), text(j, "nickname", false, field, errors));
    if (!errors.isEmpty()) {
      throw new ApiError(400, "VALIDATION_ERROR", "invalid " + field, errors);
    }
    return a;
  }

  private static String text(JsonObject j, String name, boolean required, String field, JsonObject errors) {
    Object v = j.getValue(name);
    if (v == null || (v instanceof String s && s.isBlank())) {
      if (required) {
        errors.put(field + "." + name, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      errors.put(field + "." + name, "must be a string");
      return null;
    }
    if (s.length() > 200) {
      errors.put(field + "." + name, "must be at most 200 characters");
      return null;
    }
    return s;
  }

  private static BigDecimal money(long minor) {
    return Money.toDecimal(minor);
  }

  private static BigDecimal nullableMoney(Long minor) {
    return minor == null ? null : Money.toDecimal(minor);
  }
}
