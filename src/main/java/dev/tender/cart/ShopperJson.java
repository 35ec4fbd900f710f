package dev.tender.cart;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps shoppers and carts to and from JSON: the document a durable store keeps (version aside) and
 * the wire form of cart messages between nodes.
 */
public final class ShopperJson {
  private ShopperJson() {}

  public static JsonObject toJson(Shopper s) {
    JsonArray wishlist = new JsonArray();
    for (WishlistEntry e : s.wishlist()) {
      wishlist.add(new JsonObject().put("product_id", e.productId()).put("variant_id", e.variantId()));
    }
    return new JsonObject()
        .put("cart", s.cart() == null ? null : cart(s.cart()))
        .put("wishlist", wishlist)
        .put("recent_requests", new JsonArray(new ArrayList<>(s.recentRequests())));
  }

  public static Shopper fromJson(UserId id, long version, JsonObject doc) {
    List<WishlistEntry> wishlist = new ArrayList<>();
    for (Object o : doc.getJsonArray("wishlist", new JsonArray())) {
      JsonObject e = (JsonObject) o;
      wishlist.add(new WishlistEntry(e.getString("product_id"), e.getString("variant_id")));
    }
    List<String> recent = doc.getJsonArray("recent_requests", new JsonArray()).stream().map(String::valueOf).toList();
    JsonObject cart = doc.getJsonObject("cart");
    return new Shopper(id, cart == null ? null : cart(id, cart), List.copyOf(wishlist), recent, version);
  }

  public static JsonObject cart(Cart c) {
    JsonArray lines = new JsonArray();
    for (CartLine l : c.lines()) {
      lines.add(new JsonObject().put("product_id", l.productId()).put("variant_id", l.variantId()).put("quantity", l.quantity()));
    }
    FulfillmentPreference f = c.fulfillment();
    return new JsonObject()
        .put("id", c.id().value())
        .put("lines", lines)
        .put("billing_address", address(c.billingAddress()))
        .put("shipping_address", address(c.shippingAddress()))
        .put("fulfillment", f == null ? null : new JsonObject()
            .put("type", f.fulfillmentType()).put("preference_type", f.preferenceType()).put("json", f.json()))
        .put("metadata", new JsonObject(new HashMap<>(c.metadata())))
        .put("created_at", c.createdAt().toString())
        .put("updated_at", c.updatedAt().toString())
        .put("expires_at", c.expiresAt().toString());
  }

  public static Cart cart(UserId owner, JsonObject j) {
    List<CartLine> lines = new ArrayList<>();
    for (Object o : j.getJsonArray("lines")) {
      JsonObject l = (JsonObject) o;
      lines.add(new CartLine(l.getString("product_id"), l.getString("variant_id"), l.getInteger("quantity")));
    }
    JsonObject f = j.getJsonObject("fulfillment");
    Map<String, String> metadata = new HashMap<>();
    j.getJsonObject("metadata", new JsonObject()).forEach(e -> metadata.put(e.getKey(), String.valueOf(e.getValue())));
    return new Cart(new CartId(j.getString("id")), owner, List.copyOf(lines),
        address(j.getJsonObject("billing_address")), address(j.getJsonObject("shipping_address")),
        f == null ? null : new FulfillmentPreference(f.getString("type"), f.getString("preference_type"), f.getString("json")),
        Map.copyOf(metadata), Instant.parse(j.getString("created_at")), Instant.parse(j.getString("updated_at")),
        Instant.parse(j.getString("expires_at")));
  }

  private static final String[] ADDRESS_FIELDS = {
      "id", "first_name", "last_name", "country_code", "phone", "email", "address_line1", "address_line2",
      "landmark", "pincode", "city", "state", "country", "tax_identification_number", "business_name", "nickname"};

  public static JsonObject address(Address a) {
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

  public static Address address(JsonObject j) {
    if (j == null) {
      return null;
    }
    String[] v = new String[ADDRESS_FIELDS.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = j.getString(ADDRESS_FIELDS[i]);
    }
    return new Address(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
  }
}
