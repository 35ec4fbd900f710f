package dev.tender.http;

import dev.tender.cart.Address;
import dev.tender.cart.Cart;
import dev.tender.cart.PricedCart;
import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import dev.tender.catalog.Pricing;
import dev.tender.money.Money;
import dev.tender.promo.Coupon;
import dev.tender.wallet.GiftCardNumbers;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/** Renders a priced cart in the Storefront API's Cart and CartItem shapes and parses addresses; decimals appear only here. */
final class CartJson {
  private CartJson() {}

  /** Writes {@code "cart": {...}} in the Storefront API's Cart shape; streamed, since this is every cart route's answer. */
  static Envelope.Content cart(PricedCart p, Catalog.CurrencyInfo currency) {
    return g -> {
      g.writeObjectFieldStart("cart");
      fields(g, p, currency, false);
      g.writeEndObject();
    };
  }

  /**
   * Writes the fields an order freezes from its priced cart, into the current object: the cart's own
   * rendering (so an order's totals are the cart's to the paisa) without what only a cart has (its id,
   * dates, status, shipments, the lines' stock and quantity rules), with the Order shape's names
   * ({@code item_total_tax}, {@code order_items}, {@code order_items_count}).
   */
  static void orderFields(JsonGenerator g, PricedCart p, Catalog.CurrencyInfo currency) throws IOException {
    fields(g, p, currency, true);
  }

  private static void fields(JsonGenerator g, PricedCart p, Catalog.CurrencyInfo currency, boolean order) throws IOException {
    Cart c = p.cart();
    if (!order) {
      g.writeStringField("id", c.id().value());
      g.writeBooleanField("active", true);
    }
    g.writeNullField("customer_note");
    g.writeBooleanField("is_promotion_applied", !p.appliedPromotions().isEmpty());
    Coupon coupon = c.tenders().coupon();
    g.writeBooleanField("is_coupon_applied", coupon != null);
    g.writeStringField("coupon_code", coupon == null ? null : coupon.code());
    money(g, "coupon_discount_amount", p.couponDiscountAmount());
    g.writeFieldName("coupon_discount_percent");
    g.writeNumber(coupon == null || coupon.discountType() != Coupon.DiscountType.PERCENTAGE ? "0"
        : Money.bpsToPercent(coupon.percentBps()).toString());
    money(g, "promotion_discount_amount", p.promotionDiscountAmount());
    g.writeFieldName("promotion_discount_percent");
    g.writeNumber(Money.bpsToPercent(p.appliedPromotions().stream().mapToInt(PricedCart.AppliedPromotion::percentBps).max().orElse(0))
        .toString());
    money(g, "subtotal", p.subtotal());
    money(g, order ? "item_total_tax" : "items_tax_amount", p.itemsTaxAmount());
    money(g, "subtotal_including_tax", p.subtotalIncludingTax());
    money(g, "shipping_estimated_cost", p.shippingEstimatedCost());
    money(g, "shipping_discount_amount", p.shippingDiscountAmount());
    money(g, "shipping_amount", p.shippingAmount());
    g.writeFieldName("shipping_tax_rate");
    if (p.shippingTaxRateBps() == null) {
      g.writeNull();
    } else {
      g.writeNumber(Money.bpsToPercent(p.shippingTaxRateBps()).toString());
    }
    money(g, "shipping_tax_amount", p.shippingTaxAmount());
    money(g, "shipping_amount_including_tax", p.shippingAmount() == null ? null : p.shippingAmountIncludingTax());
    g.writeFieldName("fulfillment_preference");
    if (c.fulfillment() == null) {
      g.writeNull();
    } else {
      g.writeRawValue(c.fulfillment().json());
    }
    g.writeFieldName("estimated_delivery_days");
    if (p.estimatedDeliveryDays() == null) {
      g.writeNull();
    } else {
      g.writeNumber(p.estimatedDeliveryDays());
    }
    money(g, "handling_charge_excluding_tax", p.handlingChargeExcludingTax());
    money(g, "handling_charge_tax_amount", p.handlingChargeTaxAmount());
    money(g, "handling_charge_including_tax", p.handlingChargeIncludingTax());
    money(g, "total_tax", p.totalTax());
    money(g, "grand_total", p.grandTotal());
    money(g, "credit_balance_used", p.creditBalanceUsed());
    money(g, "to_be_paid", p.toBePaid());
    g.writeNumberField("loyalty_points_redeemed", p.loyaltyPointsRedeemed());
    g.writeNumberField("loyalty_points_earned", p.loyaltyPointsEarned());
    if (!order) {
      g.writeNumberField("cart_items_count", p.lines().size());
    }
    g.writeArrayFieldStart(order ? "order_items" : "cart_items");
    for (PricedCart.Line l : p.lines()) {
      line(g, l, freeQuantity(p, l), order);
    }
    g.writeEndArray();
    address(g, "billing_address", c.billingAddress());
    address(g, "shipping_address", c.shippingAddress());
    g.writeObjectFieldStart("currency");
    g.writeStringField("name", currency.name());
    g.writeStringField("code", currency.code());
    g.writeStringField("symbol", currency.symbol());
    g.writeEndObject();
    g.writeFieldName("metadata");
    if (c.metadata().isEmpty()) {
      g.writeNull();
    } else {
      g.writeStartObject();
      for (var e : c.metadata().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    if (!order) {
      g.writeStringField("expires_at", c.expiresAt().toString());
    }
    g.writeArrayFieldStart("applied_promotions");
    for (PricedCart.AppliedPromotion a : p.appliedPromotions()) {
      g.writeStartObject();
      g.writeStringField("promotion_id", a.promotionId());
      g.writeStringField("promotion_type", a.type().storefront);
      money(g, "savings", a.savings());
      g.writeStringField("product_id", a.productId());
      g.writeStringField("variant_id", a.variantId());
      g.writeStringField("product_name", a.productName());
      g.writeStringField("variant_name", a.variantName());
      g.writeNumberField("applied_sequence", a.sequence());
      g.writeStringField("scope", a.scope());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("applied_coupons");
    if (coupon != null) {
      g.writeStartObject();
      g.writeStringField("coupon_id", coupon.code());
      g.writeStringField("coupon_code", coupon.code());
      g.writeStringField("coupon_type", coupon.couponType());
      // A free-shipping coupon saves the shipping fee; the others are the sum of the lines' shares.
      money(g, "savings", coupon.discountType() == Coupon.DiscountType.FREE_SHIPPING
          ? (p.shippingDiscountAmount() == null ? 0L : p.shippingDiscountAmount()) : p.couponDiscountAmount());
      g.writeNullField("product_id");
      g.writeNullField("variant_id");
      g.writeNullField("product_name");
      g.writeNullField("variant_name");
      g.writeEndObject();
    }
    g.writeEndArray();
    if (!order) {
      emptyArray(g, "shipments");
    }
    money(g, "promotion_savings", p.promotionDiscountAmount());
    money(g, "coupon_savings", p.couponDiscountAmount());
    money(g, "other_savings", p.otherSavings());
    money(g, "total_savings", p.totalSavings());
    // Our extension (the SDK's Cart has no gift-card fields): counted in other_savings.
    money(g, "gift_card_amount", p.giftCardAmount());
    g.writeArrayFieldStart("applied_gift_cards");
    for (PricedCart.GiftCardUse u : p.giftCards()) {
      g.writeStartObject();
      g.writeStringField("gift_card_number", GiftCardNumbers.masked(u.number()));
      money(g, "amount", u.amount());
      money(g, "balance", u.balance());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (order) {
      g.writeNumberField("order_items_count", p.lines().size());
      g.writeBooleanField("on_subscription", false);
      return;
    }
    money(g, "free_shipping_threshold", p.freeShippingThreshold());
    g.writeStringField("status", p.readyForPayment() ? "ready-for-payment" : "not-ready-for-payment");
    g.writeStringField("status_error_message", p.statusErrorMessage());
    g.writeStringField("created_at", c.createdAt().toString());
    g.writeStringField("modified_at", c.updatedAt().toString());
  }

  /** The units of this line a buy-x-get-y made free. */
  private static int freeQuantity(PricedCart p, PricedCart.Line l) {
    int free = 0;
    for (PricedCart.AppliedPromotion a : p.appliedPromotions()) {
      if (a.productId() != null && a.productId().equals(l.item().product().id())
          && java.util.Objects.equals(a.variantId(), l.item().variantId())) {
        free += a.freeQuantity();
      }
    }
    return free;
  }

  /** A cart line; as an order's, without the stock and quantity rules only a cart has. */
  private static void line(JsonGenerator g, PricedCart.Line l, int freeQuantity, boolean order) throws IOException {
    CatalogItem item = l.item();
    Pricing pricing = item.pricing();
    g.writeStartObject();
    g.writeStringField("product_id", item.product().id());
    g.writeStringField("variant_id", item.variantId());
    g.writeStringField("sku", item.sku());
    g.writeStringField("slug", item.variantSlug());
    g.writeStringField("product_name", item.product().name());
    g.writeStringField("variant_name", item.variantName());
    g.writeStringField("product_type", item.product().productType());
    g.writeStringField("product_image_url", CatalogJson.imageUrl(item.variantSlug()));
    if (!order) {
      g.writeBooleanField("stock_available", item.stockAvailable());
    }
    g.writeBooleanField("backorder", false);
    g.writeBooleanField("on_subscription", false);
    g.writeBooleanField("on_promotion", l.promotionDiscountAmount() > 0);
    g.writeNumberField("quantity", l.line().quantity());
    g.writeBooleanField("is_free_item", false);
    g.writeNumberField("free_quantity", freeQuantity);
    money(g, "promotion_discount_amount", l.promotionDiscountAmount());
    money(g, "coupon_discount_amount", l.couponDiscountAmount());
    g.writeBooleanField("price_including_tax", pricing.priceIncludingTax());
    money(g, "listing_price", pricing.listingPrice());
    money(g, "selling_price", pricing.sellingPrice());
    money(g, "selling_price_excluding_tax", l.unitPriceExcludingTax());
    if (!order) {
      g.writeNumberField("min_order_quantity", pricing.minOrderQuantity());
      g.writeFieldName("max_order_quantity");
      if (pricing.maxOrderQuantity() == null) {
        g.writeNull();
      } else {
        g.writeNumber(pricing.maxOrderQuantity());
      }
      g.writeNumberField("incremental_quantity", pricing.incrementalQuantity());
    }
    money(g, "handling_charge_excluding_tax", 0L);
    g.writeNumberField("handling_charge_tax_rate", 0);
    money(g, "handling_charge_including_tax", 0L);
    g.writeStringField("tax_type", "GST");
    g.writeFieldName("tax_rate");
    g.writeNumber(Money.bpsToPercent(pricing.taxRateBps()).toString());
    money(g, "tax_amount", l.taxAmount());
    g.writeFieldName("associated_options");
    if (item.variant() == null) {
      g.writeNull();
    } else {
      g.writeRawValue(CatalogJson.associatedOptions(item.product(), item.variant()).encode());
    }
    emptyArray(g, "attributes");
    if (!order) {
      g.writeNullField("subscriptions");
    }
    g.writeNullField("seller_id");
    g.writeNullField("seller_detail");
    g.writeEndObject();
  }

  private static void address(JsonGenerator g, String field, Address a) throws IOException {
    g.writeFieldName(field);
    if (a == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("id", a.id());
    g.writeStringField("first_name", a.firstName());
    g.writeStringField("last_name", a.lastName());
    g.writeStringField("country_code", a.countryCode());
    g.writeStringField("phone", a.phone());
    g.writeStringField("email", a.email());
    g.writeStringField("address_line1", a.addressLine1());
    g.writeStringField("address_line2", a.addressLine2());
    g.writeStringField("landmark", a.landmark());
    g.writeStringField("pincode", a.pincode());
    g.writeStringField("city", a.city());
    g.writeStringField("state", a.state());
    g.writeStringField("country", a.country());
    g.writeStringField("tax_identification_number", a.taxIdentificationNumber());
    g.writeStringField("business_name", a.businessName());
    g.writeStringField("nickname", a.nickname());
    g.writeBooleanField("is_phone_verified", false);
    g.writeBooleanField("is_email_verified", false);
    g.writeEndObject();
  }

  /** Per event-loop thread: a cart answer writes some forty amounts, each without building a string. */
  private static final ThreadLocal<char[]> AMOUNT = ThreadLocal.withInitial(() -> new char[Money.MAX_FORMATTED_CHARS]);

  private static void money(JsonGenerator g, String field, Long minor) throws IOException {
    g.writeFieldName(field);
    if (minor == null) {
      g.writeNull();
    } else {
      char[] buf = AMOUNT.get();
      g.writeRawValue(buf, 0, Money.formatInto(minor, buf));
    }
  }

  private static void emptyArray(JsonGenerator g, String field) throws IOException {
    g.writeArrayFieldStart(field);
    g.writeEndArray();
  }

  /** Parses and validates a CustomerAddress; {@code field} prefixes the names in the errors map. */
  static Address parseAddress(JsonObject j, String field) {
    JsonObject errors = new JsonObject();
    String firstName = text(j, "first_name", true, Limits.ADDRESS_NAME_MAX_CHARS, field, errors);
    String phone = text(j, "phone", true, Limits.ADDRESS_PHONE_MAX_CHARS, field, errors);
    if (phone != null && !phone.matches("\\d{10}")) {
      errors.put(field + ".phone", "must be 10 digits without country code");
    }
    String email = text(j, "email", true, Limits.ADDRESS_EMAIL_MAX_CHARS, field, errors);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      errors.put(field + ".email", "must be an email address");
    }
    String pincode = text(j, "pincode", true, Limits.ADDRESS_PINCODE_MAX_CHARS, field, errors);
    if (pincode != null && !pincode.matches("\\d{6}")) {
      errors.put(field + ".pincode", "must be 6 digits");
    }
    String country = text(j, "country", false, Limits.ADDRESS_COUNTRY_MAX_CHARS, field, errors);
    if (country != null && !country.equals("India")) {
      errors.put(field + ".country", "must be India");
    }
    String countryCode = text(j, "country_code", false, Limits.ADDRESS_COUNTRY_CODE_MAX_CHARS, field, errors);
    Address a = new Address(null, firstName, text(j, "last_name", false, Limits.ADDRESS_NAME_MAX_CHARS, field, errors),
        countryCode == null ? "+91" : countryCode, phone, email,
        text(j, "address_line1", true, Limits.ADDRESS_LINE_MAX_CHARS, field, errors),
        text(j, "address_line2", false, Limits.ADDRESS_LINE_MAX_CHARS, field, errors),
        text(j, "landmark", false, Limits.ADDRESS_LINE_MAX_CHARS, field, errors), pincode,
        text(j, "city", true, Limits.ADDRESS_CITY_MAX_CHARS, field, errors),
        text(j, "state", true, Limits.ADDRESS_STATE_MAX_CHARS, field, errors), "India",
        text(j, "tax_identification_number", false, Limits.ADDRESS_TAX_ID_MAX_CHARS, field, errors),
        text(j, "business_name", false, Limits.ADDRESS_BUSINESS_NAME_MAX_CHARS, field, errors),
        text(j, "nickname", false, Limits.ADDRESS_NICKNAME_MAX_CHARS, field, errors));
    if (!errors.isEmpty()) {
      StringBuilder why = new StringBuilder("invalid ").append(field).append(':');
      errors.forEach(e -> why.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(';'));
      throw new ApiError(400, "VALIDATION_ERROR", why.substring(0, why.length() - 1), errors);
    }
    return a;
  }

  private static String text(JsonObject j, String name, boolean required, int maxChars, String field, JsonObject errors) {
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
    if (Bodies.chars(s) > maxChars) {
      errors.put(field + "." + name, "must be at most " + maxChars + " characters");
      return null;
    }
    return s;
  }
}
