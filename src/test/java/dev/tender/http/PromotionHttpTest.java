package dev.tender.http;

import static dev.tender.http.ErrorEnvelope.assertError;
import static dev.tender.http.NodeHttpContract.money;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Automatic promotions over real HTTP against a real node, once on the memory store and once on
 * PostgreSQL: the operator creates a percent-off-above and a buy-x-get-y, carts reflect them
 * (promotion_discount_amount, applied_promotions, grand_total), the storefront lists and evaluates them,
 * disabling one removes it from the next cart change, and an order placed from the cart carries the
 * discount.
 *
 * <p>The PostgreSQL database is shared with other tests (and other runs), so every promotion here has an
 * id of its own, expires within minutes, is disabled after its test, and only touches carts no other test
 * makes: a buy-x-get-y on p13 (Leather Wallet, ₹799 incl. 18 % = ₹677.12) and a percent-off above ₹14,000
 * (p09, LED Desk Lamp, is ₹1299 before 18 % tax).
 */
class PromotionHttpTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Nested
  class Memory extends Contract {}

  @Nested
  class Pg extends Contract {}

  abstract class Contract extends NodeHttpContract {
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void startAsNewShopper() throws Exception {
      newShopper();
    }

    /** Promotions outlive a test on the shared database: none stays active. */
    @AfterEach
    void disableWhatThisTestCreated() throws Exception {
      for (String id : created) {
        admin(HttpMethod.POST, "/promotions/" + id + "/disable", null, null);
      }
      created.clear();
    }

    private String newId(String prefix) {
      StringBuilder id = new StringBuilder(prefix).append('-');
      for (int i = 0; i < 10; i++) {
        id.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(RANDOM.nextInt(36)));
      }
      return id.toString();
    }

    private static String soon() {
      return Instant.now().plus(10, ChronoUnit.MINUTES).toString();
    }

    /** 10 % off above ₹14,000 (after buy-x-get-y), at most ₹1000. */
    private JsonObject bigSpend(String id) {
      return new JsonObject().put("promotion_id", id).put("name", "10% off above ₹14,000").put("promotion_type", "percent-off-above")
          .put("discount_percent", 10).put("minimum_order_total", 14000).put("maximum_discount_amount", 1000).put("expires_at", soon());
    }

    private JsonObject wallets(String id) {
      return new JsonObject().put("promotion_id", id).put("name", "wallets: buy 2 get 1").put("promotion_type", "buy-x-get-y")
          .put("product_id", "p13").put("buy_quantity", 2).put("get_quantity", 1).put("expires_at", soon());
    }

    private JsonObject create(JsonObject body) throws Exception {
      JsonObject p = content(admin(HttpMethod.POST, "/promotions", null, body), 201).getJsonObject("promotion");
      created.add(p.getString("promotion_id"));
      return p;
    }

    private JsonObject change(String cartId, String product, int quantity) throws Exception {
      return cartOf(call(HttpMethod.POST, "/carts/" + cartId + "/items", item(product, quantity)));
    }

    @Test
    void promotions_apply_to_carts_are_listed_and_evaluated_and_an_order_keeps_them() throws Exception {
      String big = newId("BIG");
      String b2g1 = newId("B2G1");
      JsonObject percent = create(bigSpend(big));
      assertThat(percent.getString("id")).isEqualTo(big);
      assertThat(percent.getString("promotion_type")).isEqualTo("discount");
      assertThat(percent.getString("promotion_rule")).isEqualTo("percent-off-above");
      assertThat(percent.getString("status")).isEqualTo("active");
      assertThat(money(percent, "minimum_order_total")).isEqualByComparingTo("14000");
      assertThat(money(percent.getJsonObject("details"), "discount_percent")).isEqualByComparingTo("10");
      assertThat(money(percent.getJsonObject("details"), "maximum_discount_amount")).isEqualByComparingTo("1000");
      assertThat(percent.getString("starts_at")).as("starts when created").isNotNull();
      JsonObject free = create(wallets(b2g1));
      assertThat(free.getString("promotion_type")).isEqualTo("buy-x-get-y");
      assertThat(free.getString("product_id")).isEqualTo("p13");
      assertThat(free.getInteger("buy_quantity")).isEqualTo(2);
      assertThat(free.getInteger("get_quantity")).isEqualTo(1);
      // Read back, one and all.
      assertThat(content(admin(HttpMethod.GET, "/promotions/" + b2g1.toLowerCase(), null, null), 200).getJsonObject("promotion"))
          .isEqualTo(free);
      JsonArray all = content(admin(HttpMethod.GET, "/promotions", null, null), 200).getJsonArray("promotions");
      assertThat(all.stream().map(o -> ((JsonObject) o).getString("id")).toList()).contains(big, b2g1);

      // Three wallets: one of them free (₹677.12), tax on the two paid for; below the percent-off's minimum.
      JsonObject cart = createCart(item("p13", 3));
      String id = cart.getString("id");
      assertThat(cart.getBoolean("is_promotion_applied")).isTrue();
      assertThat(money(cart, "subtotal")).isEqualByComparingTo("2031.36");
      assertThat(money(cart, "promotion_discount_amount")).isEqualByComparingTo("677.12");
      assertThat(money(cart, "promotion_savings")).isEqualByComparingTo("677.12");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo("243.76");
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("1598.00");
      JsonObject wallet = CouponHttpTest.line(cart, "p13");
      assertThat(money(wallet, "promotion_discount_amount")).isEqualByComparingTo("677.12");
      assertThat(wallet.getInteger("free_quantity")).isEqualTo(1);
      assertThat(wallet.getBoolean("on_promotion")).isTrue();
      JsonArray applied = cart.getJsonArray("applied_promotions");
      assertThat(applied).hasSize(1);
      assertThat(applied.getJsonObject(0)).isEqualTo(new JsonObject().put("promotion_id", b2g1).put("promotion_type", "buy-x-get-y")
          .put("savings", 677.12).put("product_id", "p13").putNull("variant_id").put("product_name", "Leather Wallet")
          .putNull("variant_name").put("applied_sequence", 1).put("scope", "product"));
      assertAddsUp(cart);

      JsonObject evaluated = content(call(HttpMethod.GET, "/carts/" + id + "/evaluate-promotions", null), 200);
      JsonObject applicable = byId(evaluated.getJsonArray("applicable_promotions"), b2g1);
      assertThat(applicable.getString("promotion_type")).isEqualTo("buy-x-get-y");
      assertThat(money(applicable, "estimated_discount")).isEqualByComparingTo("677.12");
      JsonObject below = byId(evaluated.getJsonArray("inapplicable_promotions"), big);
      assertThat(below.getString("promotion_type")).isEqualTo("discount");
      assertThat(below.getString("reason")).contains("minimum order total of ₹14000.00");
      JsonArray available = content(call(HttpMethod.GET, "/carts/available-promotions", null), 200).getJsonArray("promotions");
      assertThat(byId(available, big).getString("promotion_type")).isEqualTo("discount");
      assertThat(byId(available, b2g1).getString("promotion_type")).isEqualTo("buy-x-get-y");
      assertThat(byId(available, b2g1).containsKey("status")).as("the storefront shape, not the operator's").isFalse();

      // Ten lamps: ₹14,344.24 after the free wallet, so 10 % = ₹1434.42, capped at ₹1000, split over what is left of each line.
      cart = change(id, "p09", 10);
      assertThat(money(cart, "subtotal")).isEqualByComparingTo("15021.36");
      assertThat(money(cart, "promotion_discount_amount")).isEqualByComparingTo("1677.12");
      assertThat(money(cart, "promotion_discount_percent")).isEqualByComparingTo("10");
      assertThat(money(CouponHttpTest.line(cart, "p13"), "promotion_discount_amount")).isEqualByComparingTo("771.53");
      assertThat(money(CouponHttpTest.line(cart, "p09"), "promotion_discount_amount")).isEqualByComparingTo("905.59");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo("2401.96");
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("15746.20");
      applied = cart.getJsonArray("applied_promotions");
      assertThat(applied.stream().map(o -> ((JsonObject) o).getString("promotion_id")).toList()).containsExactly(b2g1, big);
      assertThat(applied.getJsonObject(1)).isEqualTo(new JsonObject().put("promotion_id", big).put("promotion_type", "discount")
          .put("savings", 1000.00).putNull("product_id").putNull("variant_id").putNull("product_name").putNull("variant_name")
          .put("applied_sequence", 2).put("scope", "cart"));
      assertAddsUp(cart);
      evaluated = content(call(HttpMethod.GET, "/carts/" + id + "/evaluate-promotions", null), 200);
      assertThat(money(byId(evaluated.getJsonArray("applicable_promotions"), big), "estimated_discount")).isEqualByComparingTo("1000");
      // A read prices the same way.
      assertThat(money(cartOf(get(id)), "grand_total")).isEqualByComparingTo("15746.20");

      // The order freezes the cart as priced: the same discount and grand total.
      JsonObject ready = cartOf(call(HttpMethod.POST, "/carts/" + id + "/address",
          new JsonObject().put("billing_address", CartHttpContract.address()).put("shipping_address", CartHttpContract.address())));
      assertThat(ready.getString("status")).isEqualTo("ready-for-payment");
      assertAddsUp(ready);
      JsonObject order = content(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", id)), 200).getJsonObject("order");
      assertThat(money(order, "grand_total")).isEqualByComparingTo(money(ready, "grand_total")).isEqualByComparingTo("15746.20");
      assertThat(money(order, "promotion_discount_amount")).isEqualByComparingTo("1677.12");
      assertThat(order.getJsonArray("applied_promotions")).isEqualTo(ready.getJsonArray("applied_promotions"));
      assertThat(money(order, "to_be_paid")).isEqualByComparingTo(money(ready, "to_be_paid"));
      JsonObject read = content(call(HttpMethod.GET, "/orders/" + order.getString("order_number"), null), 200).getJsonObject("order");
      assertThat(money(read, "grand_total")).isEqualByComparingTo("15746.20");
    }

    @Test
    void a_disabled_promotion_leaves_the_next_cart_change() throws Exception {
      String big = newId("BIG");
      String b2g1 = newId("B2G1");
      create(bigSpend(big));
      create(wallets(b2g1));
      JsonObject cart = createCart(item("p13", 3), item("p09", 10));
      String id = cart.getString("id");
      assertThat(cart.getJsonArray("applied_promotions")).hasSize(2);
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("15746.20");

      JsonObject disabled = content(admin(HttpMethod.POST, "/promotions/" + big + "/disable", "disable-" + big, null), 200)
          .getJsonObject("promotion");
      assertThat(disabled.getString("status")).isEqualTo("disabled");
      // A retry with the same key answers the same.
      assertThat(content(admin(HttpMethod.POST, "/promotions/" + big + "/disable", "disable-" + big, null), 200)
          .getJsonObject("promotion")).isEqualTo(disabled);
      JsonArray available = content(call(HttpMethod.GET, "/carts/available-promotions", null), 200).getJsonArray("promotions");
      assertThat(available.stream().map(o -> ((JsonObject) o).getString("id")).toList()).contains(b2g1).doesNotContain(big);

      cart = change(id, "p06", 1);
      assertThat(cart.getJsonArray("applied_promotions").stream().map(o -> ((JsonObject) o).getString("promotion_id")).toList())
          .containsExactly(b2g1);
      assertThat(money(cart, "promotion_discount_amount")).isEqualByComparingTo("677.12");
      assertAddsUp(cart);
      JsonObject evaluated = content(call(HttpMethod.GET, "/carts/" + id + "/evaluate-promotions", null), 200);
      assertThat(evaluated.getJsonArray("applicable_promotions").stream().map(o -> ((JsonObject) o).getString("id")).toList())
          .contains(b2g1).doesNotContain(big);
      assertThat(evaluated.getJsonArray("inapplicable_promotions").stream().map(o -> ((JsonObject) o).getString("id")).toList())
          .doesNotContain(big);

      content(admin(HttpMethod.POST, "/promotions/" + b2g1 + "/disable", null, null), 200);
      cart = change(id, "p06", 2);
      assertThat(cart.getBoolean("is_promotion_applied")).isFalse();
      assertThat(cart.getJsonArray("applied_promotions")).isEmpty();
      assertThat(money(cart, "promotion_discount_amount")).isEqualByComparingTo("0");
      // As if there had never been a promotion: p13 3 × 677.12, p09 10 × 1299, p06 2 × 177.68, each line taxed whole.
      assertThat(money(cart, "subtotal")).isEqualByComparingTo("15376.72");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo(new BigDecimal("365.64").add(new BigDecimal("2338.20"))
          .add(new BigDecimal("42.64")));
      assertAddsUp(cart);
      assertThat(content(admin(HttpMethod.GET, "/promotions/" + b2g1, null, null), 200).getJsonObject("promotion").getString("status"))
          .isEqualTo("disabled");
    }

    @Test
    void bad_input_is_a_400_and_creates_nothing_and_unknown_ids_are_404() throws Exception {
      String id = newId("BAD");
      List<JsonObject> bad = List.of(
          bigSpend(id).put("promotion_id", "not an id!"),
          bigSpend(id).put("promotion_id", "X".repeat(41)),
          bigSpend(id).put("promotion_type", "free-goods"),
          bigSpend(id).put("discount_percent", 0),
          bigSpend(id).put("discount_percent", 100.5),
          bigSpend(id).put("discount_percent", 10.123),
          bigSpend(id).putNull("discount_percent"),
          bigSpend(id).put("minimum_order_total", -1),
          bigSpend(id).put("maximum_discount_amount", 0),
          bigSpend(id).put("minimum_order_total", "lots"),
          bigSpend(id).put("product_id", "p13"),
          bigSpend(id).put("starts_at", "2030-01-01T00:00:00Z").put("expires_at", "2029-01-01T00:00:00Z"),
          bigSpend(id).put("expires_at", "tomorrow"),
          bigSpend(id).put("expires_at", "2020-01-01T00:00:00Z"),
          wallets(id).put("product_id", "p99"),
          wallets(id).put("variant_id", "p13-red"),
          wallets(id).put("buy_quantity", 0),
          without(wallets(id), "get_quantity"),
          wallets(id).put("get_quantity", 1.5),
          wallets(id).put("discount_percent", 10),
          wallets(id).putNull("product_id"));
      for (JsonObject body : bad) {
        assertError(admin(HttpMethod.POST, "/promotions", null, body), 400, "VALIDATION_ERROR");
      }
      assertError(adminRaw(HttpMethod.POST, "/promotions", null, ADMIN_KEY, "{not json"), 400, "VALIDATION_ERROR");
      assertError(admin(HttpMethod.GET, "/promotions/" + id, null, null), 404, "NOT_FOUND");
      assertThat(content(admin(HttpMethod.GET, "/promotions", null, null), 200).getJsonArray("promotions").stream()
          .map(o -> ((JsonObject) o).getString("id")).toList()).doesNotContain(id);

      // Unknown ids, and ids that cannot be one.
      assertError(admin(HttpMethod.GET, "/promotions/" + newId("NONE"), null, null), 404, "NOT_FOUND");
      assertError(admin(HttpMethod.POST, "/promotions/" + newId("NONE") + "/disable", null, null), 404, "NOT_FOUND");
      assertError(admin(HttpMethod.GET, "/promotions/no%20such", null, null), 404, "NOT_FOUND");
      // Operators only.
      assertError(adminRaw(HttpMethod.POST, "/promotions", null, null, wallets(id).encode()), 401, "UNAUTHORIZED");
      assertError(admin(HttpMethod.GET, "/promotions/" + id, null, null), 404, "NOT_FOUND");

      // Idempotency-Key: a retry answers the same; the same key with another body is refused; a second create is a conflict.
      String key = "create-" + id;
      JsonObject body = wallets(id);
      JsonObject first = content(admin(HttpMethod.POST, "/promotions", key, body), 201).getJsonObject("promotion");
      created.add(id);
      assertThat(content(admin(HttpMethod.POST, "/promotions", key, body), 201).getJsonObject("promotion")).isEqualTo(first);
      assertError(admin(HttpMethod.POST, "/promotions", key, body.copy().put("get_quantity", 2)), 422, "IDEMPOTENCY_KEY_REUSED");
      assertError(admin(HttpMethod.POST, "/promotions", null, body), 409, "ALREADY_EXISTS");
      // A variant of a product with variants, given by id, and the product by its slug.
      String tee = newId("TEE");
      JsonObject variant = create(new JsonObject().put("promotion_id", tee.toLowerCase()).put("promotion_type", "buy-x-get-y")
          .put("product_id", "p01").put("variant_id", "p01-s").put("buy_quantity", 1).put("get_quantity", 1).put("expires_at", soon()));
      assertThat(variant.getString("id")).isEqualTo(tee);
      assertThat(variant.getString("name")).isEqualTo(tee);
      assertThat(variant.getString("variant_id")).isEqualTo("p01-s");
      content(admin(HttpMethod.POST, "/promotions/" + tee + "/disable", null, null), 200);
    }

    private static JsonObject without(JsonObject body, String field) {
      body.remove(field);
      return body;
    }

    private static JsonObject byId(JsonArray list, String id) {
      for (Object o : list) {
        if (id.equals(((JsonObject) o).getString("id"))) {
          return (JsonObject) o;
        }
      }
      throw new AssertionError("no " + id + " in " + list);
    }

    /**
     * The cart's arithmetic with promotions: each line's tax is its rate on (value − promotion − coupon) rounded
     * half up, the cart's amounts are the sums of the lines', the applied promotions' savings sum to the promotion
     * amount, and grand_total = subtotal − promotion − coupon + items tax + shipping + handling.
     */
    static void assertAddsUp(JsonObject cart) {
      BigDecimal values = BigDecimal.ZERO, promotions = BigDecimal.ZERO, coupons = BigDecimal.ZERO, taxes = BigDecimal.ZERO;
      for (Object o : cart.getJsonArray("cart_items")) {
        JsonObject l = (JsonObject) o;
        BigDecimal value = money(l, "selling_price_excluding_tax").multiply(BigDecimal.valueOf(l.getInteger("quantity")));
        BigDecimal promotion = money(l, "promotion_discount_amount");
        BigDecimal coupon = money(l, "coupon_discount_amount");
        assertThat(promotion.add(coupon)).isBetween(BigDecimal.ZERO, value);
        BigDecimal rate = new BigDecimal(l.getValue("tax_rate").toString());
        BigDecimal tax = value.subtract(promotion).subtract(coupon).multiply(rate).divide(new BigDecimal(100))
            .setScale(2, RoundingMode.HALF_UP);
        assertThat(money(l, "tax_amount")).as("tax of " + l.getString("product_id")).isEqualByComparingTo(tax);
        values = values.add(value);
        promotions = promotions.add(promotion);
        coupons = coupons.add(coupon);
        taxes = taxes.add(tax);
      }
      BigDecimal applied = BigDecimal.ZERO;
      for (Object o : cart.getJsonArray("applied_promotions")) {
        applied = applied.add(money((JsonObject) o, "savings"));
      }
      assertThat(money(cart, "subtotal")).isEqualByComparingTo(values);
      assertThat(money(cart, "promotion_discount_amount")).isEqualByComparingTo(promotions).isEqualByComparingTo(applied)
          .isEqualByComparingTo(money(cart, "promotion_savings"));
      assertThat(cart.getBoolean("is_promotion_applied")).isEqualTo(promotions.signum() > 0);
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo(coupons);
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo(taxes);
      BigDecimal shipping = cart.getValue("shipping_amount") == null ? BigDecimal.ZERO : money(cart, "shipping_amount_including_tax");
      assertThat(money(cart, "grand_total")).isEqualByComparingTo(values.subtract(promotions).subtract(coupons).add(taxes).add(shipping)
          .add(money(cart, "handling_charge_including_tax")));
      assertThat(money(cart, "total_savings")).isEqualByComparingTo(promotions.add(coupons).add(money(cart, "other_savings")));
    }
  }
}
