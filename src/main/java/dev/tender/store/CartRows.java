package dev.tender.store;

import dev.tender.cart.Address;
import dev.tender.cart.FulfillmentPreference;
import dev.tender.cart.Tenders;
import dev.tender.promo.Coupon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The storage form of a cart's details (JSONB columns of {@code cart_details}); not the wire or HTTP form. */
final class CartRows {
  private CartRows() {}

  private static final String[] ADDRESS_FIELDS = {
      "id", "first_name", "last_name", "country_code", "phone", "email", "address_line1", "address_line2",
      "landmark", "pincode", "city", "state", "country", "tax_identification_number", "business_name", "nickname"};

  static JsonObject address(Address a) {
    if (a == null) {
      return null;
    }
    String[] v = {a.id(), a.firstName(), a.lastName(), a.countryCode(), a.phone(), a.email(), a.addressLine1(),
        a.addressLine2(), a.landmark(), a.pincode(), a.city(), a.state(), a.country(), a.taxIdentificationNumber(),
        a.businessName(), a.nickname()};
    JsonObject j = new JsonObject();
    for (int i = 0; i < v.length; i++) {
      j.put(ADDRESS_FIELDS[i], v[i]);
    }
    return j;
  }

  static Address address(JsonObject j) {
    if (j == null) {
      return null;
    }
    String[] v = new String[ADDRESS_FIELDS.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = j.getString(ADDRESS_FIELDS[i]);
    }
    return new Address(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
  }

  static JsonObject fulfillment(FulfillmentPreference f) {
    return f == null ? null
        : new JsonObject().put("type", f.fulfillmentType()).put("preference_type", f.preferenceType()).put("json", f.json());
  }

  static FulfillmentPreference fulfillment(JsonObject j) {
    return j == null ? null : new FulfillmentPreference(j.getString("type"), j.getString("preference_type"), j.getString("json"));
  }

  static JsonObject metadata(Map<String, String> m) {
    return new JsonObject(new HashMap<>(m));
  }

  static Map<String, String> metadata(JsonObject j) {
    Map<String, String> m = new HashMap<>();
    if (j != null) {
      j.forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return Map.copyOf(m);
  }

  static JsonObject tenders(Tenders t) {
    if (t.equals(Tenders.NONE)) {
      return null;
    }
    JsonArray cards = new JsonArray();
    for (Tenders.GiftCard g : t.giftCards()) {
      cards.add(new JsonObject().put("number", g.number()).put("requested", g.requested()).put("balance", g.balance()));
    }
    return new JsonObject().put("coupon", coupon(t.coupon())).put("loyalty_points", t.loyaltyPoints()).put("credit", t.creditRequested())
        .put("gift_cards", cards);
  }

  /** A coupon as applied to a cart (its definition at that time). */
  static JsonObject coupon(Coupon c) {
    if (c == null) {
      return null;
    }
    return new JsonObject().put("code", c.code()).put("name", c.name()).put("discount_type", c.discountType().name())
        .put("percent_bps", c.percentBps()).put("fixed_amount", c.fixedAmount()).put("maximum_discount", c.maximumDiscount())
        .put("minimum_order_total", c.minimumOrderTotal()).put("starts_at", text(c.startsAt())).put("expires_at", text(c.expiresAt()))
        .put("total_limit", c.totalLimit()).put("per_customer_limit", c.perCustomerLimit()).put("applies_to", c.appliesTo().name())
        .put("products", new JsonArray(c.productIds())).put("categories", new JsonArray(c.categoryIds()))
        .put("customers", new JsonArray(List.copyOf(c.customerIds())));
  }

  static Coupon coupon(JsonObject j) {
    if (j == null) {
      return null;
    }
    return new Coupon(j.getString("code"), j.getString("name"), Coupon.DiscountType.valueOf(j.getString("discount_type")),
        j.getInteger("percent_bps"), j.getLong("fixed_amount"), j.getLong("maximum_discount"), j.getLong("minimum_order_total"),
        instant(j.getString("starts_at")), instant(j.getString("expires_at")), j.getInteger("total_limit"),
        j.getInteger("per_customer_limit"), Coupon.AppliesTo.valueOf(j.getString("applies_to")), strings(j.getJsonArray("products")),
        strings(j.getJsonArray("categories")), java.util.Set.copyOf(strings(j.getJsonArray("customers"))));
  }

  private static List<String> strings(JsonArray a) {
    List<String> values = new ArrayList<>(a.size());
    a.forEach(v -> values.add((String) v));
    return values;
  }

  private static String text(java.time.Instant i) {
    return i == null ? null : i.toString();
  }

  private static java.time.Instant instant(String s) {
    return s == null ? null : java.time.Instant.parse(s);
  }

  static Tenders tenders(JsonObject j) {
    if (j == null) {
      return Tenders.NONE;
    }
    List<Tenders.GiftCard> cards = new ArrayList<>();
    for (Object o : j.getJsonArray("gift_cards", new JsonArray())) {
      JsonObject g = (JsonObject) o;
      cards.add(new Tenders.GiftCard(g.getString("number"), g.getLong("requested"), g.getLong("balance")));
    }
    return new Tenders(coupon(j.getJsonObject("coupon")), j.getInteger("loyalty_points", 0), j.getLong("credit", 0L), cards);
  }
}
