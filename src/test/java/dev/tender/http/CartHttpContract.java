package dev.tender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cart and wishlist routes over real HTTP; subclasses pick the store. */
abstract class CartHttpContract {
  abstract TestNode node();

  String token;
  String userId;

  @BeforeEach
  void newShopper() throws Exception {
    JsonObject session = node().anonymousSession();
    token = session.getString("access_token");
    userId = session.getJsonObject("user").getString("id");
  }

  HttpResponse<Buffer> call(HttpMethod m, String path, Object body) throws Exception {
    return node().call(m, path, token, body);
  }

  static JsonObject item(String product, String variant, int qty) {
    return new JsonObject().put("product_id", product).put("variant_id", variant).put("quantity", qty);
  }

  static JsonObject cartOf(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getBoolean("success")).isTrue();
    return r.bodyAsJsonObject().getJsonObject("content").getJsonObject("cart");
  }

  static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.bodyAsJsonObject().getBoolean("success")).isFalse();
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  JsonObject createCart(JsonObject... items) throws Exception {
    return cartOf(call(HttpMethod.POST, "/carts", new JsonObject().put("items", new JsonArray(List.of((Object[]) items)))));
  }

  static JsonObject address() {
    return new JsonObject().put("first_name", "Asha").put("last_name", "Rao").put("country_code", "+91")
        .put("phone", "9876543210").put("email", "asha@example.com").put("address_line1", "12 MG Road")
        .put("pincode", "560001").put("city", "Bengaluru").put("state", "Karnataka").put("country", "India");
  }

  HttpResponse<Buffer> keyed(HttpMethod m, String path, String key, Object body) throws Exception {
    var req = node().request(m, path).putHeader("Authorization", "Bearer " + token).putHeader("Idempotency-Key", key)
        .putHeader("Content-Type", "application/json");
    return TestNode.await(body == null ? req.send() : req.sendBuffer(Buffer.buffer(body.toString())));
  }

  @Test
  void a_retry_with_its_idempotency_key_gets_the_original_status_and_body_after_100_later_changes() throws Exception {
    String id = createCart(item("p03", null, 1)).getString("id");
    String key = "add-p06-" + java.util.UUID.randomUUID();
    HttpResponse<Buffer> first = keyed(HttpMethod.POST, "/carts/" + id + "/items", key, item("p06", null, 2));
    assertThat(first.statusCode()).isEqualTo(200);
    for (int i = 0; i < 100; i++) {
      cartOf(call(HttpMethod.POST, "/carts/" + id + "/items", item("p06", null, 1 + i % 3)));
    }
    HttpResponse<Buffer> again = keyed(HttpMethod.POST, "/carts/" + id + "/items", key, item("p06", null, 2));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    // Not applied again: the cart still has the last change's quantity (100th: 1 + 99 % 3 = 1).
    JsonObject now = cartOf(call(HttpMethod.GET, "/carts/" + id, null));
    assertThat(now.getJsonArray("cart_items").stream().map(o -> ((JsonObject) o).getInteger("quantity")).toList()).containsExactly(1, 1);
  }

  @Test
  void the_same_key_with_another_request_is_refused_and_changes_nothing() throws Exception {
    String id = createCart(item("p03", null, 1)).getString("id");
    String key = "k-" + java.util.UUID.randomUUID();
    cartOf(keyed(HttpMethod.POST, "/carts/" + id + "/items", key, item("p06", null, 2)));
    assertError(keyed(HttpMethod.POST, "/carts/" + id + "/items", key, item("p06", null, 3)), 422, "IDEMPOTENCY_KEY_REUSED");
    assertError(keyed(HttpMethod.POST, "/carts/" + id + "/address", key,
        new JsonObject().put("billing_address", address()).put("shipping_address", address())), 422, "IDEMPOTENCY_KEY_REUSED");
    JsonObject now = cartOf(call(HttpMethod.GET, "/carts/" + id, null));
    assertThat(now.getJsonArray("cart_items").stream().map(o -> ((JsonObject) o).getInteger("quantity")).toList()).containsExactly(1, 2);
    assertThat(now.getValue("shipping_address")).isNull();
  }

  @Test
  void a_rejection_is_replayed_too_and_keys_are_per_user() throws Exception {
    String id = createCart(item("p03", null, 1)).getString("id");
    String key = "k-" + java.util.UUID.randomUUID();
    HttpResponse<Buffer> rejected = keyed(HttpMethod.POST, "/carts/" + id + "/items", key, item("p11", null, 1));
    assertError(rejected, 400, "OUT_OF_STOCK");
    assertThat(keyed(HttpMethod.POST, "/carts/" + id + "/items", key, item("p11", null, 1)).bodyAsJsonObject())
        .isEqualTo(rejected.bodyAsJsonObject());
    // Another shopper using the same key is another request altogether.
    newShopper();
    String theirs = createCart(item("p06", null, 1)).getString("id");
    assertThat(cartOf(keyed(HttpMethod.POST, "/carts/" + theirs + "/items", key, item("p03", null, 2))).getString("id"))
        .isEqualTo(theirs);
  }

  @Test
  void a_malformed_idempotency_key_is_a_400() throws Exception {
    String id = createCart(item("p03", null, 1)).getString("id");
    assertError(keyed(HttpMethod.POST, "/carts/" + id + "/items", "x".repeat(256), item("p06", null, 1)), 400, "VALIDATION_ERROR");
    assertError(keyed(HttpMethod.POST, "/carts/" + id + "/items", "tab\there", item("p06", null, 1)).statusCode() == 400
        ? keyed(HttpMethod.POST, "/carts/" + id + "/items", "caf\u00e9", item("p06", null, 1)) : null, 400, "VALIDATION_ERROR");
  }

  @Test
  void cart_flow_from_create_to_ready_for_payment() throws Exception {
    JsonObject cart = createCart(item("p03", null, 2), item("p01", "p01-m", 1));
    String id = cart.getString("id");
    assertThat(cart.getInteger("cart_items_count")).isEqualTo(2);
    assertThat(cart.getNumber("subtotal").doubleValue()).isEqualTo(1174.24);
    assertThat(cart.getNumber("items_tax_amount").doubleValue()).isEqualTo(107.64);
    assertThat(cart.getNumber("grand_total").doubleValue()).isEqualTo(1281.88);
    assertThat(cart.getNumber("to_be_paid").doubleValue()).isEqualTo(1281.88);
    assertThat(cart.getString("status")).isEqualTo("not-ready-for-payment");
    assertThat(cart.getValue("shipping_amount")).isNull();

    JsonObject set = cartOf(call(HttpMethod.POST, "/carts/" + id + "/items", item("p03", null, 5)));
    assertThat(set.getJsonArray("cart_items").getJsonObject(0).getInteger("quantity")).isEqualTo(5);
    JsonObject removed = cartOf(call(HttpMethod.POST, "/carts/" + id + "/items", item("p01", "p01-m", 0)));
    assertThat(removed.getInteger("cart_items_count")).isEqualTo(1);

    JsonObject addressed = cartOf(call(HttpMethod.POST, "/carts/" + id + "/address",
        new JsonObject().put("billing_address", address()).put("shipping_address", address())));
    assertThat(addressed.getString("status")).isEqualTo("ready-for-payment");
    assertThat(addressed.getJsonObject("fulfillment_preference").getString("preference_type")).isEqualTo("auto");
    assertThat(addressed.getJsonObject("shipping_address").getString("pincode")).isEqualTo("560001");
    assertThat(addressed.getNumber("shipping_amount").doubleValue()).isZero(); // 5 x 349.50 + tax is above ₹999

    JsonObject pickup = cartOf(call(HttpMethod.POST, "/carts/" + id + "/fulfillment-preference",
        new JsonObject().put("fulfillment_type", "collect-in-store").put("pickup_location_id", "store-1")));
    assertThat(pickup.getJsonObject("fulfillment_preference").getString("preference_type")).isEqualTo("user");

    JsonObject byUser = cartOf(call(HttpMethod.GET, "/carts/users/" + userId, null));
    assertThat(byUser).isEqualTo(cartOf(call(HttpMethod.GET, "/carts/" + id, null)));
    assertThat(byUser.getString("id")).isEqualTo(id);

    HttpResponse<Buffer> deleted = call(HttpMethod.DELETE, "/carts/" + id, null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("message", "success");
    assertThat(cartOf(call(HttpMethod.GET, "/carts/" + id, null)).getInteger("cart_items_count")).isZero();
  }

  @Test
  void one_active_cart_per_user() throws Exception {
    String first = createCart(item("p03", null, 1)).getString("id");
    JsonObject second = createCart(item("p06", null, 2));
    assertThat(second.getString("id")).isEqualTo(first);
    assertThat(second.getInteger("cart_items_count")).isEqualTo(2);
  }

  @Test
  void bad_input_is_a_4xx_and_changes_nothing() throws Exception {
    String id = createCart(item("p03", null, 2)).getString("id");
    JsonObject before = cartOf(call(HttpMethod.GET, "/carts/" + id, null));
    String items = "/carts/" + id + "/items";
    record Bad(Supplier<Object> body, int status, String code) {}
    List<Bad> cases = List.of(
        new Bad(() -> "{not json", 400, "VALIDATION_ERROR"),
        new Bad(() -> "[1,2]", 400, "VALIDATION_ERROR"),
        new Bad(() -> new JsonObject().put("quantity", 1), 400, "VALIDATION_ERROR"),
        new Bad(() -> new JsonObject().put("product_id", "p03").put("quantity", "two"), 400, "VALIDATION_ERROR"),
        new Bad(() -> new JsonObject().put("product_id", 3).put("quantity", 1), 400, "VALIDATION_ERROR"),
        new Bad(() -> item("p03", null, -1), 400, "VALIDATION_ERROR"),
        new Bad(() -> new JsonObject().put("product_id", "p03").put("quantity", 1.5), 400, "VALIDATION_ERROR"),
        new Bad(() -> item("nope", null, 1), 400, "PRODUCT_NOT_FOUND"),
        new Bad(() -> item("p01", "p01-xxl", 1), 400, "VARIANT_NOT_FOUND"),
        new Bad(() -> item("p01", null, 1), 400, "VALIDATION_ERROR"),
        new Bad(() -> item("p03", null, 11), 400, "QUANTITY_ABOVE_MAXIMUM"),
        new Bad(() -> item("p11", null, 1), 400, "OUT_OF_STOCK"),
        new Bad(() -> Buffer.buffer(new JsonObject().put("product_id", "p03").put("quantity", 1).put("pad", "x".repeat(70_000)).encode()),
            413, "PAYLOAD_TOO_LARGE"));
    for (Bad bad : cases) {
      HttpResponse<Buffer> r = call(HttpMethod.POST, items, bad.body().get());
      assertError(r, bad.status(), bad.code());
    }
    assertError(call(HttpMethod.POST, "/carts/" + id + "/address", new JsonObject().put("billing_address", address())
        .put("shipping_address", address().put("pincode", "12"))), 400, "VALIDATION_ERROR");
    assertError(call(HttpMethod.POST, "/carts/" + id + "/fulfillment-preference", new JsonObject().put("fulfillment_type", "teleport")), 400, "VALIDATION_ERROR");
    assertError(call(HttpMethod.POST, "/carts", new JsonObject().put("items", new JsonArray())), 400, "VALIDATION_ERROR");
    assertError(call(HttpMethod.POST, "/carts", new JsonObject().put("items", new JsonArray().add(item("p06", null, 1)).add(item("p11", null, 1)))), 400, "OUT_OF_STOCK");
    assertError(call(HttpMethod.PUT, items, item("p03", null, 1)), 405, "METHOD_NOT_ALLOWED");
    assertThat(cartOf(call(HttpMethod.GET, "/carts/" + id, null))).isEqualTo(before);
  }

  @Test
  void another_users_cart_and_wishlist_are_not_found_and_untouched() throws Exception {
    String id = createCart(item("p03", null, 2)).getString("id");
    JsonObject before = cartOf(call(HttpMethod.GET, "/carts/" + id, null));
    String owner = userId;
    String intruder = node().anonymousSession().getString("access_token");

    assertError(node().call(HttpMethod.GET, "/carts/" + id, intruder, null), 404, "NOT_FOUND");
    assertError(node().call(HttpMethod.POST, "/carts/" + id + "/items", intruder, item("p03", null, 9)), 404, "NOT_FOUND");
    assertError(node().call(HttpMethod.DELETE, "/carts/" + id, intruder, null), 404, "NOT_FOUND");
    assertError(node().call(HttpMethod.GET, "/carts/users/" + owner, intruder, null), 404, "NOT_FOUND");
    assertError(node().call(HttpMethod.DELETE, "/carts/users/" + owner, intruder, null), 404, "NOT_FOUND");
    assertError(node().call(HttpMethod.POST, "/wishlist/" + owner, intruder, new JsonObject().put("product_id", "p02")), 404, "NOT_FOUND");
    assertThat(cartOf(call(HttpMethod.GET, "/carts/" + id, null))).isEqualTo(before);
  }

  @Test
  void wishlist_add_get_delete() throws Exception {
    String path = "/wishlist/" + userId;
    HttpResponse<Buffer> added = call(HttpMethod.POST, path, new JsonObject().put("product_id", "p01").put("variant_id", "p01-s"));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
    call(HttpMethod.POST, path, new JsonObject().put("product_id", "p02").put("variant_id", null));
    JsonArray products = call(HttpMethod.GET, path, null).bodyAsJsonObject().getJsonObject("content").getJsonArray("products");
    assertThat(products).hasSize(2);
    assertThat(products.getJsonObject(0).getString("variant_id")).isEqualTo("p01-s");
    assertThat(products.getJsonObject(1).getString("sku")).isEqualTo("SKU-P02");
    assertError(call(HttpMethod.POST, path, new JsonObject().put("product_id", "nope")), 400, "PRODUCT_NOT_FOUND");

    HttpResponse<Buffer> removed = call(HttpMethod.DELETE, path, new JsonObject().put("product_id", "p01").put("variant_id", "p01-s"));
    assertThat(removed.bodyAsJsonObject().getJsonObject("content").getJsonArray("products")).hasSize(1);
  }

  @Test
  void no_cart_yet_is_not_found() throws Exception {
    assertError(call(HttpMethod.GET, "/carts/users/" + userId, null), 404, "NOT_FOUND");
    assertError(call(HttpMethod.GET, "/carts/01UNKNOWNCART0000000000000", null), 404, "NOT_FOUND");
  }
}
