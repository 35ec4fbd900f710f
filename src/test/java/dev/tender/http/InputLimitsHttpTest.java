package dev.tender.http;

import static dev.tender.http.ErrorEnvelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The input limits at the HTTP edge, over real HTTP against a memory-store node: for each limit a
 * request at the limit is accepted and one just over is a 400 VALIDATION_ERROR naming the field and
 * the limit; U+0000 is refused wherever it appears. A refused request leaves the cart and wishlist
 * exactly as they were.
 */
class InputLimitsHttpTest {
  private static final String NUL = "\u0000";
  private static TestNode node;

  private String token;
  private String userId;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(Map.of("TENDER_STORE", "memory"));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @BeforeEach
  void newShopper() throws Exception {
    JsonObject session = node.anonymousSession();
    token = session.getString("access_token");
    userId = session.getJsonObject("user").getString("id");
  }

  // ---------------------------------------------------------------- metadata

  @Test
  void metadata_key_count() throws Exception {
    JsonObject fifty = keys(50);
    JsonObject cart = create(fifty, item("p03", 1));
    assertThat(cart.getJsonObject("metadata")).isEqualTo(fifty);

    refused(post("/carts", createBody(keys(51), item("p06", 1))), "metadata", "at most 50 keys");
    assertUnchanged(cart);
  }

  @Test
  void metadata_key_length() throws Exception {
    JsonObject atLimit = new JsonObject().put("k".repeat(64), "v");
    JsonObject cart = create(atLimit, item("p03", 1));
    assertThat(cart.getJsonObject("metadata")).isEqualTo(atLimit);

    refused(post("/carts", createBody(new JsonObject().put("k".repeat(65), "v"), item("p06", 1))),
        "metadata", "at most 64 characters");
    assertUnchanged(cart);
  }

  @Test
  void metadata_value_length_counts_characters_not_utf16_units() throws Exception {
    JsonObject atLimit = new JsonObject().put("a", "v".repeat(512)).put("emoji", "\uD83D\uDE00".repeat(512));
    JsonObject cart = create(atLimit, item("p03", 1));
    assertThat(cart.getJsonObject("metadata")).isEqualTo(atLimit);

    refused(post("/carts", createBody(new JsonObject().put("note", "v".repeat(513)), item("p06", 1))),
        "metadata.note", "at most 512 characters");
    refused(post("/carts", createBody(new JsonObject().put("note", "\uD83D\uDE00".repeat(513)), item("p06", 1))),
        "metadata.note", "at most 512 characters");
    assertUnchanged(cart);
  }

  @Test
  void metadata_total_size() throws Exception {
    JsonObject atLimit = metadataOfBytes(8 * 1024);
    assertThat(atLimit.encode().getBytes(StandardCharsets.UTF_8)).hasSize(8192);
    JsonObject cart = create(atLimit, item("p03", 1));
    assertThat(cart.getJsonObject("metadata")).isEqualTo(atLimit);

    JsonObject over = metadataOfBytes(8 * 1024 + 1);
    refused(post("/carts", createBody(over, item("p06", 1))), "metadata", "at most 8192 bytes");
    assertUnchanged(cart);
  }

  // ---------------------------------------------------------------- addresses

  /** Address fields with no format rule beyond length: at the limit they are stored as sent. */
  @Test
  void address_fields_at_their_limit_are_stored_and_one_more_is_refused() throws Exception {
    String id = create(null, item("p03", 1)).getString("id");
    record Field(String name, int max, String filler) {}
    List<Field> fields = List.of(
        new Field("first_name", 100, "A"), new Field("last_name", 100, "R"),
        new Field("address_line1", 255, "1"), new Field("address_line2", 255, "2"), new Field("landmark", 255, "L"),
        new Field("city", 100, "C"), new Field("state", 100, "S"), new Field("country_code", 8, "9"),
        new Field("tax_identification_number", 32, "T"), new Field("business_name", 255, "B"),
        new Field("nickname", 64, "N"));
    for (Field f : fields) {
      String atLimit = f.filler().repeat(f.max());
      JsonObject cart = cartOf(post("/carts/" + id + "/address", addresses(address().put(f.name(), atLimit))));
      assertThat(cart.getJsonObject("shipping_address").getString(f.name())).as(f.name()).isEqualTo(atLimit);

      refused(post("/carts/" + id + "/address", refusedAddresses(address().put(f.name(), atLimit + f.filler()))),
          "shipping_address." + f.name(), "at most " + f.max() + " characters");
      assertUnchanged(cart);
    }
  }

  @Test
  void email_at_its_limit_is_stored_and_one_more_is_refused() throws Exception {
    String id = create(null, item("p03", 1)).getString("id");
    String domain = "@example.com";
    String atLimit = "e".repeat(254 - domain.length()) + domain;
    JsonObject cart = cartOf(post("/carts/" + id + "/address", addresses(address().put("email", atLimit))));
    assertThat(cart.getJsonObject("shipping_address").getString("email")).isEqualTo(atLimit);

    refused(post("/carts/" + id + "/address", refusedAddresses(address().put("email", "e" + atLimit))),
        "shipping_address.email", "at most 254 characters");
    assertUnchanged(cart);
  }

  /** Phone, pincode and country have format rules stricter than their length: over the length it is the length that is named. */
  @Test
  void formatted_address_fields_name_the_length_limit_only_when_over_it() throws Exception {
    JsonObject cart = create(null, item("p03", 1));
    String id = cart.getString("id");
    record Field(String name, int max, String filler) {}
    for (Field f : List.of(new Field("phone", 15, "9"), new Field("pincode", 10, "5"), new Field("country", 64, "I"))) {
      HttpResponse<Buffer> atLimit = post("/carts/" + id + "/address", addresses(address().put(f.name(), f.filler().repeat(f.max()))));
      assertError(atLimit, 400, "VALIDATION_ERROR");
      assertThat(atLimit.bodyAsJsonObject().getJsonObject("errors").getString("shipping_address." + f.name()))
          .as(f.name()).doesNotContain("at most");
      refused(post("/carts/" + id + "/address", refusedAddresses(address().put(f.name(), f.filler().repeat(f.max() + 1)))),
          "shipping_address." + f.name(), "at most " + f.max() + " characters");
    }
    assertUnchanged(cart);
  }

  // ---------------------------------------------------------------- fulfillment preference

  @Test
  void pickup_location_id_length() throws Exception {
    String id = create(null, item("p03", 1)).getString("id");
    JsonObject cart = cartOf(post("/carts/" + id + "/fulfillment-preference", pickup("L".repeat(64))));
    assertThat(cart.getJsonObject("fulfillment_preference").getString("pickup_location_id")).isEqualTo("L".repeat(64));

    refused(post("/carts/" + id + "/fulfillment-preference", pickup("M".repeat(65))), "pickup_location_id", "at most 64 characters");
    assertUnchanged(cart);
  }

  @Test
  void shipments_count() throws Exception {
    String id = create(null, item("p03", 1)).getString("id");
    JsonObject cart = cartOf(post("/carts/" + id + "/fulfillment-preference", delivery(shipments(20))));
    assertThat(cart.getJsonObject("fulfillment_preference").getJsonArray("shipments")).hasSize(20);

    refused(post("/carts/" + id + "/fulfillment-preference", delivery(shipments(21))), "shipments", "at most 20 entries");
    refused(post("/carts/" + id + "/fulfillment-preference",
        new JsonObject().put("fulfillment_type", "partial-collect-and-delivery").put("shipments", shipments(21))),
        "shipments", "at most 20 entries");
    assertUnchanged(cart);
  }

  @Test
  void stored_preference_size() throws Exception {
    String id = create(null, item("p03", 1)).getString("id");
    JsonObject atLimit = preferenceStoredAs(4096);
    JsonObject cart = cartOf(post("/carts/" + id + "/fulfillment-preference", atLimit));
    assertThat(cart.getJsonObject("fulfillment_preference")).isEqualTo(atLimit.copy().put("preference_type", "user"));

    refused(post("/carts/" + id + "/fulfillment-preference", preferenceStoredAs(4097)), "fulfillment_preference", "at most 4096 bytes");
    assertUnchanged(cart);
  }

  // ---------------------------------------------------------------- product and variant ids

  @Test
  void product_and_variant_id_length_in_item_bodies() throws Exception {
    JsonObject cart = create(null, item("p03", 1));
    String items = "/carts/" + cart.getString("id") + "/items";
    // At the limit the id passes validation and reaches the catalog, which does not know it.
    assertError(post(items, item("p".repeat(64), 1)), 400, "PRODUCT_NOT_FOUND");
    assertError(post(items, item("p01", 1).put("variant_id", "v".repeat(64))), 400, "VARIANT_NOT_FOUND");
    assertError(post("/carts", createBody(null, item("p".repeat(64), 1))), 400, "PRODUCT_NOT_FOUND");

    refused(post(items, item("p".repeat(65), 1)), "product_id", "at most 64 characters");
    refused(post(items, item("p01", 1).put("variant_id", "v".repeat(65))), "variant_id", "at most 64 characters");
    refused(post("/carts", createBody(null, item("p06", 1), item("p".repeat(65), 1))), "product_id", "at most 64 characters");
    refused(post("/carts", createBody(null, item("p06", 1), item("p01", 1).put("variant_id", "v".repeat(65)))),
        "variant_id", "at most 64 characters");
    assertUnchanged(cart);
  }

  @Test
  void product_and_variant_id_length_in_wishlist_bodies() throws Exception {
    String path = "/wishlist/" + userId;
    assertThat(post(path, new JsonObject().put("product_id", "p02")).statusCode()).isEqualTo(200);
    JsonObject before = wishlist();

    assertError(post(path, new JsonObject().put("product_id", "p".repeat(64))), 400, "PRODUCT_NOT_FOUND");
    assertError(post(path, new JsonObject().put("product_id", "p01").put("variant_id", "v".repeat(64))), 400, "VARIANT_NOT_FOUND");
    refused(post(path, new JsonObject().put("product_id", "p".repeat(65))), "product_id", "at most 64 characters");
    refused(post(path, new JsonObject().put("product_id", "p01").put("variant_id", "v".repeat(65))), "variant_id", "at most 64 characters");
    refused(call(HttpMethod.DELETE, path, new JsonObject().put("product_id", "p02" + "2".repeat(62))), "product_id", "at most 64 characters");
    assertThat(wishlist()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- U+0000

  @Test
  void nul_anywhere_in_a_body_is_refused_naming_the_field() throws Exception {
    JsonObject cart = create(new JsonObject().put("note", "kept"), item("p03", 1));
    String id = cart.getString("id");
    String wishlist = "/wishlist/" + userId;
    post(wishlist, new JsonObject().put("product_id", "p02"));
    JsonObject wishlistBefore = wishlist();

    refused(post("/carts", createBody(new JsonObject().put("note", "a" + NUL + "b"), item("p06", 1))), "metadata.note", "U+0000");
    refused(post("/carts", createBody(new JsonObject().put("no" + NUL + "te", "v"), item("p06", 1))), "metadata", "U+0000");
    refused(post("/carts", createBody(null, item("p06", 1), item("p03" + NUL, 1))), "items[1].product_id", "U+0000");
    refused(post("/carts/" + id + "/items", item("p03" + NUL, 2)), "product_id", "U+0000");
    refused(post("/carts/" + id + "/items", item("p01", 2).put("variant_id", NUL)), "variant_id", "U+0000");
    refused(post("/carts/" + id + "/address", refusedAddresses(address().put("city", "Bengal" + NUL + "uru"))),
        "shipping_address.city", "U+0000");
    refused(post("/carts/" + id + "/fulfillment-preference",
        delivery(new JsonArray().add(new JsonObject().put("items", new JsonArray().add("x").add(NUL))))),
        "shipments[0].items[1]", "U+0000");
    refused(post("/carts/" + id + "/fulfillment-preference", pickup("store-1").put(NUL, "x")), "body", "U+0000");
    refused(post(wishlist, new JsonObject().put("product_id", "p01" + NUL)), "product_id", "U+0000");
    refused(call(HttpMethod.DELETE, wishlist, new JsonObject().put("product_id", "p02" + NUL)), "product_id", "U+0000");
    // A raw NUL byte is not valid JSON at all.
    assertError(post("/carts/" + id + "/items", Buffer.buffer("{\"product_id\":\"p03\u0000\",\"quantity\":2}")), 400, "VALIDATION_ERROR");

    assertUnchanged(cart);
    assertThat(wishlist()).isEqualTo(wishlistBefore);
  }

  @Test
  void nul_in_a_refresh_token_is_refused_before_any_lookup() throws Exception {
    HttpResponse<Buffer> r = TestNode.await(node.request(HttpMethod.POST, "/auth/refresh-token")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("refresh_token", "abc" + NUL).encode())));
    refused(r, "refresh_token", "U+0000");
  }

  @Test
  void nul_in_an_id_path_parameter_is_a_4xx_not_a_500() throws Exception {
    JsonObject cart = create(new JsonObject().put("note", "kept"), item("p03", 1));
    String id = cart.getString("id");
    for (String bad : List.of("%00", id + "%00", "%00" + id)) {
      expect4xx(call(HttpMethod.GET, "/carts/" + bad, null));
      expect4xx(call(HttpMethod.DELETE, "/carts/" + bad, null));
      expect4xx(post("/carts/" + bad + "/items", item("p03", 5)));
      expect4xx(post("/carts/" + bad + "/address", addresses(address())));
      expect4xx(post("/carts/" + bad + "/fulfillment-preference", pickup("store-1")));
    }
    for (String bad : List.of("%00", userId + "%00")) {
      expect4xx(call(HttpMethod.GET, "/carts/users/" + bad, null));
      expect4xx(call(HttpMethod.DELETE, "/carts/users/" + bad, null));
      expect4xx(call(HttpMethod.GET, "/wishlist/" + bad, null));
      expect4xx(post("/wishlist/" + bad, new JsonObject().put("product_id", "p02")));
      expect4xx(call(HttpMethod.DELETE, "/wishlist/" + bad, new JsonObject().put("product_id", "p02")));
    }
    assertUnchanged(cart);
    assertThat(wishlist().getJsonArray("products")).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  private HttpResponse<Buffer> call(HttpMethod m, String path, Object body) throws Exception {
    return node.call(m, path, token, body);
  }

  private HttpResponse<Buffer> post(String path, Object body) throws Exception {
    return call(HttpMethod.POST, path, body);
  }

  private static JsonObject item(String product, int qty) {
    return new JsonObject().put("product_id", product).put("quantity", qty);
  }

  private static JsonObject createBody(JsonObject metadata, JsonObject... items) {
    JsonObject body = new JsonObject().put("items", new JsonArray(List.of((Object[]) items)));
    return metadata == null ? body : body.put("metadata", metadata);
  }

  private JsonObject create(JsonObject metadata, JsonObject... items) throws Exception {
    return cartOf(post("/carts", createBody(metadata, items)));
  }

  private static JsonObject keys(int n) {
    JsonObject m = new JsonObject();
    for (int i = 0; i < n; i++) {
      m.put("key" + i, "value" + i);
    }
    return m;
  }

  /** Metadata whose compact JSON is exactly {@code bytes} long, every key and value within its own limit. */
  private static JsonObject metadataOfBytes(int bytes) {
    JsonObject m = new JsonObject();
    for (int i = 0; i < 15; i++) {
      m.put("k" + (char) ('a' + i), "x".repeat(512));
    }
    m.put("last", "");
    int missing = bytes - m.encode().length();
    assertThat(missing).isBetween(0, 512);
    return m.put("last", "y".repeat(missing));
  }

  private static JsonObject address() {
    return new JsonObject().put("first_name", "Asha").put("last_name", "Rao").put("country_code", "+91")
        .put("phone", "9876543210").put("email", "asha@example.com").put("address_line1", "12 MG Road")
        .put("pincode", "560001").put("city", "Bengaluru").put("state", "Karnataka").put("country", "India");
  }

  /** A valid billing address and the given shipping address. */
  private static JsonObject addresses(JsonObject shipping) {
    return addresses(address(), shipping);
  }

  /**
   * For refused requests: a billing address unlike the stored one, so a refusal that still
   * applied part of the request would show in the cart read back.
   */
  private static JsonObject refusedAddresses(JsonObject shipping) {
    return addresses(address().put("city", "Mysuru").put("first_name", "Other"), shipping);
  }

  private static JsonObject addresses(JsonObject billing, JsonObject shipping) {
    return new JsonObject().put("billing_address", billing).put("shipping_address", shipping);
  }

  private static JsonObject pickup(String location) {
    return new JsonObject().put("fulfillment_type", "collect-in-store").put("pickup_location_id", location);
  }

  private static JsonObject delivery(JsonArray shipments) {
    return new JsonObject().put("fulfillment_type", "delivery").put("shipments", shipments);
  }

  private static JsonArray shipments(int n) {
    JsonArray a = new JsonArray();
    for (int i = 0; i < n; i++) {
      a.add(new JsonObject().put("shipment_id", "s" + i).put("items", new JsonArray().add("p03")));
    }
    return a;
  }

  /** A delivery preference whose stored form (the body plus preference_type) is exactly {@code bytes} of JSON. */
  private static JsonObject preferenceStoredAs(int bytes) {
    JsonObject body = delivery(shipments(2)).put("note", "");
    int missing = bytes - body.copy().put("preference_type", "user").encode().length();
    return body.put("note", "n".repeat(missing));
  }

  private JsonObject wishlist() throws Exception {
    HttpResponse<Buffer> r = call(HttpMethod.GET, "/wishlist/" + userId, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("content");
  }

  private void assertUnchanged(JsonObject cart) throws Exception {
    assertThat(cartOf(call(HttpMethod.GET, "/carts/" + cart.getString("id"), null))).isEqualTo(cart);
  }

  private static JsonObject cartOf(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getBoolean("success")).isTrue();
    return r.bodyAsJsonObject().getJsonObject("content").getJsonObject("cart");
  }

  /** A 400 VALIDATION_ERROR whose errors name {@code field} and whose message and errors state the limit. */
  private static void refused(HttpResponse<Buffer> r, String field, String limit) {
    assertError(r, 400, "VALIDATION_ERROR");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getJsonObject("errors").getString(field)).as(body.encode()).contains(limit);
    assertThat(body.getString("message")).contains(field).contains(limit);
  }

  private static void expect4xx(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isIn(400, 404);
    assertThat(r.bodyAsJsonObject().getBoolean("success")).isFalse();
    assertThat(r.bodyAsJsonObject().getString("code")).isNotBlank();
  }
}
