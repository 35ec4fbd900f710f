package dev.tender.http;

import static dev.tender.http.ErrorEnvelope.assertError;
import static dev.tender.http.NodeHttpContract.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tender.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Coupons over real HTTP against a real node, once on the memory store and once on PostgreSQL: the
 * operator's coupon routes, applying and removing a coupon on a cart, how the discount is split over
 * the lines and taxed, re-validation when the cart changes, free shipping, the listing and evaluation
 * routes, and coupons together with the payment-like tenders. Every test uses new anonymous shoppers
 * and coupons with codes of its own (the PostgreSQL database is shared), and never disables SAVE10.
 *
 * <p>Prices from the demo catalog, excluding tax: p03 Steel Water Bottle ₹349.50 (12 %, home), p06
 * Ceramic Coffee Mug ₹199 incl. 12 % = ₹177.68 (home), p08 Notebook Pack ₹150 (12 %, stationery). The
 * reference cart {@link #mixedCart} is 2 × p03 + 3 × p08 + 1 × p06: subtotal ₹1326.68, tax ₹159.20,
 * grand total ₹1485.88.
 */
class CouponHttpTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  @Nested
  class Memory extends Contract {}

  @Nested
  class Pg extends Contract {}

  /** The coupon contract; the nested classes above pick the store. */
  abstract class Contract extends NodeHttpContract {
    private boolean save10Seeded;

    @BeforeEach
    void startAsNewShopper() throws Exception {
      if (!save10Seeded) {
        awaitSave10();
        save10Seeded = true;
      }
      newShopper();
    }

    /** SAVE10 is seeded shortly after the node starts: wait until the operator can read it. */
    private void awaitSave10() throws Exception {
      long deadline = System.nanoTime() + 30_000_000_000L;
      HttpResponse<Buffer> r;
      do {
        r = admin(HttpMethod.GET, "/coupons/SAVE10", null, null);
        if (r.statusCode() == 200) {
          return;
        }
        Thread.sleep(100);
      } while (System.nanoTime() < deadline);
      fail("SAVE10 was not seeded within 30 s: " + r.statusCode() + " " + r.bodyAsString());
    }

    // ---------------------------------------------------------------- 1. SAVE10

    @Test
    void save10_takes_ten_percent_of_the_subtotal_split_over_the_lines_and_taxes_what_is_left() throws Exception {
      JsonObject before = mixedCart();
      String id = before.getString("id");
      assertThat(money(before, "subtotal")).isEqualByComparingTo("1326.68");
      assertThat(money(before, "items_tax_amount")).isEqualByComparingTo("159.20");
      assertThat(money(before, "grand_total")).isEqualByComparingTo("1485.88");
      assertThat(before.getBoolean("is_coupon_applied")).isFalse();
      assertThat(before.getJsonArray("applied_coupons")).isEmpty();

      JsonObject cart = cartOf(applyCoupon(id, "SAVE10"));
      assertThat(cart.getBoolean("is_coupon_applied")).isTrue();
      assertThat(cart.getString("coupon_code")).isEqualTo("SAVE10");
      assertThat(money(cart, "coupon_discount_percent")).isEqualByComparingTo("10");
      // 10 % of ₹1326.68 = ₹132.668, rounded half up once: ₹132.67.
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("132.67")
          .isEqualByComparingTo(money(cart, "subtotal").multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP));
      assertThat(money(cart, "coupon_savings")).isEqualByComparingTo("132.67");
      assertThat(money(cart, "total_savings")).isEqualByComparingTo("132.67");
      // Pro rata: 69.90 + 45.00 + 17.76 = 132.66, the one paisa left over goes on the largest line (p03).
      assertThat(money(line(cart, "p03"), "coupon_discount_amount")).isEqualByComparingTo("69.91");
      assertThat(money(line(cart, "p08"), "coupon_discount_amount")).isEqualByComparingTo("45.00");
      assertThat(money(line(cart, "p06"), "coupon_discount_amount")).isEqualByComparingTo("17.76");
      // Tax on what is paid for each line: 12 % of 629.09, 405.00 and 159.92.
      assertThat(money(line(cart, "p03"), "tax_amount")).isEqualByComparingTo("75.49");
      assertThat(money(line(cart, "p08"), "tax_amount")).isEqualByComparingTo("48.60");
      assertThat(money(line(cart, "p06"), "tax_amount")).isEqualByComparingTo("19.19");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo("143.28");
      assertThat(money(cart, "subtotal")).isEqualByComparingTo("1326.68");
      assertThat(cart.getValue("shipping_amount")).isNull();
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("1337.29")
          .isEqualByComparingTo(money(cart, "subtotal").add(money(cart, "items_tax_amount")).subtract(money(cart, "coupon_discount_amount")));
      assertThat(money(cart, "to_be_paid")).isEqualByComparingTo("1337.29");
      assertLinesAddUp(cart);
      JsonArray applied = cart.getJsonArray("applied_coupons");
      assertThat(applied).hasSize(1);
      assertThat(applied.getJsonObject(0).getString("coupon_id")).isEqualTo("SAVE10");
      assertThat(applied.getJsonObject(0).getString("coupon_code")).isEqualTo("SAVE10");
      assertThat(applied.getJsonObject(0).getString("coupon_type")).isEqualTo("discount");
      assertThat(money(applied.getJsonObject(0), "savings")).isEqualByComparingTo(money(cart, "coupon_discount_amount"));
      // Read back as applied.
      JsonObject read = cartOf(get(id));
      assertThat(read).isEqualTo(withoutTimes(cart, read));

      // Removing it brings the first totals back.
      JsonObject removed = cartOf(call(HttpMethod.DELETE, "/carts/" + id + "/coupon", null));
      assertNoCoupon(removed);
      assertSameTotals(removed, before);
      assertThat(removed.getJsonArray("cart_items")).isEqualTo(before.getJsonArray("cart_items"));

      // Codes are case-insensitive (and trimmed): " save10 " is SAVE10, with the same figures.
      JsonObject lower = cartOf(applyCoupon(id, " save10 "));
      assertThat(lower.getString("coupon_code")).isEqualTo("SAVE10");
      assertSameTotals(lower, cart);
      assertThat(lower.getJsonArray("cart_items")).isEqualTo(cart.getJsonArray("cart_items"));
      assertThat(lower.getJsonArray("applied_coupons")).isEqualTo(cart.getJsonArray("applied_coupons"));
    }

    // ---------------------------------------------------------------- 2. operators

    @Test
    void operators_create_each_kind_of_coupon_and_read_it_back_with_no_uses() throws Exception {
      String pct = newCode();
      String fixed = newCode();
      String ship = newCode();
      String product = newCode();
      String category = newCode();
      JsonObject p = createCoupon(percentage(pct, 50).put("name", "Half off, up to ₹100").put("maximum_discount_amount", 100)
          .put("minimum_order_total", 200).put("redemption_limits", new JsonObject().put("total", 10).put("per_customer", 2)));
      assertThat(p.getString("id")).isEqualTo(pct);
      assertThat(p.getString("name")).isEqualTo("Half off, up to ₹100");
      assertThat(p.getJsonArray("coupon_code")).containsExactly(pct);
      assertThat(p.getString("coupon_type")).isEqualTo("discount");
      assertThat(p.getString("applies_to_product")).isEqualTo("all");
      assertThat(p.getJsonObject("details").getString("discount_type")).isEqualTo("percentage");
      assertThat(money(p.getJsonObject("details"), "discount_percent")).isEqualByComparingTo("50");
      assertThat(money(p.getJsonObject("details"), "maximum_discount_amount")).isEqualByComparingTo("100");
      assertThat(money(p, "minimum_order_total")).isEqualByComparingTo("200");
      assertThat(p.getJsonObject("redemption_limits").getInteger("total")).isEqualTo(10);
      assertThat(p.getJsonObject("redemption_limits").getInteger("per_customer")).isEqualTo(2);

      JsonObject f = createCoupon(fixedAmount(fixed, new BigDecimal("75.50")));
      assertThat(f.getJsonObject("details").getString("discount_type")).isEqualTo("fixed-amount");
      assertThat(money(f.getJsonObject("details"), "fixed_discount_amount")).isEqualByComparingTo("75.50");
      assertThat(f.getString("name")).isEqualTo(fixed); // no name: the code

      JsonObject s = createCoupon(freeShipping(ship));
      assertThat(s.getString("coupon_type")).isEqualTo("free-shipping");
      assertThat(s.getJsonObject("details").getString("discount_type")).isEqualTo("free-shipping");

      JsonObject pr = createCoupon(percentage(product, 20).put("applies_to_product", "product").put("products", new JsonArray().add("p03")));
      assertThat(pr.getString("applies_to_product")).isEqualTo("product");
      assertThat(pr.getJsonObject("details").getJsonArray("products")).containsExactly("p03");

      JsonObject c = createCoupon(percentage(category, 20).put("applies_to_product", "category")
          .put("category_ids", new JsonArray().add("home")));
      assertThat(c.getString("applies_to_product")).isEqualTo("category");
      assertThat(c.getJsonObject("details").getJsonArray("category_id")).containsExactly("home");

      for (String code : List.of(pct, fixed, ship, product, category)) {
        JsonObject shown = readCoupon(code);
        assertThat(shown.getString("id")).isEqualTo(code);
        assertThat(shown.getLong("redemption_count")).as(code).isZero();
        assertThat(shown.getLong("reserved_count")).as(code).isZero();
        assertThat(shown.getString("status")).as(code).isEqualTo("active");
        assertThat(shown.getJsonArray("customer_ids")).isEmpty();
      }
      // Read back as created, and by a lower-case code too.
      assertThat(readCoupon(pct)).isEqualTo(p);
      assertThat(content(admin(HttpMethod.GET, "/coupons/" + pct.toLowerCase(), null, null), 200).getJsonObject("coupon")).isEqualTo(p);

      JsonArray listed = content(admin(HttpMethod.GET, "/coupons", null, null), 200).getJsonArray("coupons");
      for (JsonObject created : List.of(p, f, s, pr, c)) {
        assertThat(byId(listed, created.getString("id"))).as("listed " + created.getString("id")).isEqualTo(created);
      }
      assertThat(byId(listed, "SAVE10")).isNotNull();

      assertError(admin(HttpMethod.GET, "/coupons/" + newCode(), null, null), 404, "NOT_FOUND");
    }

    @Test
    void a_lower_case_code_is_stored_upper_case_and_customer_ids_are_shown_to_operators() throws Exception {
      String code = newCode();
      JsonObject created = createCoupon(percentage(code.toLowerCase(), 5).put("customer_ids", new JsonArray().add(userId)));
      assertThat(created.getString("id")).isEqualTo(code);
      assertThat(created.getJsonArray("customer_ids")).containsExactly(userId);
      assertThat(readCoupon(code)).isEqualTo(created);
    }

    @Test
    void a_disabled_coupon_shows_as_disabled_and_cannot_be_applied() throws Exception {
      String code = newCoupon(c -> percentage(c, 10));
      String id = createCart(item("p03", 2)).getString("id");
      String key = "disable-" + newCode();
      JsonObject disabled = content(admin(HttpMethod.POST, "/coupons/" + code + "/disable", key, null), 200).getJsonObject("coupon");
      assertThat(disabled.getString("status")).isEqualTo("disabled");
      // The same key again replays; disabling again is no error either.
      assertThat(content(admin(HttpMethod.POST, "/coupons/" + code + "/disable", key, null), 200).getJsonObject("coupon"))
          .isEqualTo(disabled);
      assertThat(content(admin(HttpMethod.POST, "/coupons/" + code + "/disable", null, null), 200).getJsonObject("coupon")
          .getString("status")).isEqualTo("disabled");
      assertThat(readCoupon(code).getString("status")).isEqualTo("disabled");
      refusedCoupon(id, code);
      assertError(admin(HttpMethod.POST, "/coupons/" + newCode() + "/disable", null, null), 404, "NOT_FOUND");
    }

    @Test
    void the_same_idempotency_key_replays_a_creation_and_a_second_coupon_with_that_code_is_a_conflict() throws Exception {
      String code = newCode();
      String key = "create-" + newCode();
      JsonObject body = percentage(code, 12.5);
      HttpResponse<Buffer> first = admin(HttpMethod.POST, "/coupons", key, body);
      JsonObject created = content(first, 201).getJsonObject("coupon");
      assertThat(money(created.getJsonObject("details"), "discount_percent")).isEqualByComparingTo("12.5");
      HttpResponse<Buffer> again = admin(HttpMethod.POST, "/coupons", key, body);
      assertThat(content(again, 201).getJsonObject("coupon")).isEqualTo(created);
      // The same key with another request is refused, not answered with the first outcome.
      assertError(admin(HttpMethod.POST, "/coupons", key, percentage(code, 20)), 422, "IDEMPOTENCY_KEY_REUSED");
      // The same code again, under another key or none, in any case: a conflict, and the first coupon stays.
      assertError(admin(HttpMethod.POST, "/coupons", "create-" + newCode(), percentage(code, 20)), 409, "ALREADY_EXISTS");
      assertError(admin(HttpMethod.POST, "/coupons", null, fixedAmount(code.toLowerCase(), 10)), 409, "ALREADY_EXISTS");
      assertThat(readCoupon(code)).isEqualTo(created);
    }

    @Test
    void bad_coupon_bodies_are_validation_errors_and_create_nothing() throws Exception {
      String code = newCode();
      String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      List<JsonObject> bad = List.of(
          new JsonObject().put("coupon_code", code),                                    // no discount_type
          new JsonObject().put("coupon_code", code).put("discount_type", "bogus"),
          new JsonObject().put("discount_type", "percentage").put("discount_percent", 10), // no code
          new JsonObject().put("coupon_code", code).put("discount_type", "percentage"),    // no percent
          percentage(code, 0),
          percentage(code, -5),
          percentage(code, 150),
          percentage(code, 100.01),
          percentage(code, new BigDecimal("12.345")),
          percentage(code, 10).put("discount_percent", "10"),
          fixedAmount(code, -5),
          fixedAmount(code, 0),
          new JsonObject().put("coupon_code", code).put("discount_type", "fixed-amount"),  // no amount
          fixedAmount(code, new BigDecimal("10.005")),
          percentage(code, 10).put("maximum_discount_amount", 0),
          percentage(code, 10).put("minimum_order_total", -1),
          percentage(code, 10).put("products", new JsonArray().add("p99")),
          percentage(code, 10).put("applies_to_product", "product").put("products", new JsonArray().add("p03").add("no-such-product")),
          percentage(code, 10).put("applies_to_product", "product"),
          percentage(code, 10).put("applies_to_product", "product").put("products", new JsonArray()),
          percentage(code, 10).put("applies_to_product", "category"),
          percentage(code, 10).put("applies_to_product", "some"),
          percentage(code, 10).put("starts_at", "2027-02-01T00:00:00Z").put("expires_at", "2027-01-01T00:00:00Z"),
          percentage(code, 10).put("starts_at", now).put("expires_at", now),
          percentage(code, 10).put("starts_at", "tomorrow"),
          percentage(code, 10).put("redemption_limits", new JsonObject().put("total", 0)),
          percentage(code, 10).put("redemption_limits", new JsonObject().put("per_customer", -1)),
          percentage(code, 10).put("customer_ids", new JsonArray().add(42)));
      for (JsonObject body : bad) {
        HttpResponse<Buffer> r = admin(HttpMethod.POST, "/coupons", null, body);
        assertThat(r.statusCode()).as("%s -> %s", body, r.bodyAsString()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("code")).as("%s -> %s", body, r.bodyAsString()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.bodyAsJsonObject().getBoolean("success")).isFalse();
      }
      assertError(admin(HttpMethod.GET, "/coupons/" + code, null, null), 404, "NOT_FOUND");
    }

    /**
     * The percentage is read as a long of basis points and narrowed to an int: 42949673 % is
     * 4294967300 bps, which wraps round to 4 bps (0.04 %) and passes the "above 0, at most 100" check.
     * An operator's typo must be refused, not stored as another discount.
     */
    @Test
    void a_percentage_too_large_for_an_int_of_basis_points_is_refused_not_wrapped_round() throws Exception {
      String code = newCode();
      HttpResponse<Buffer> r = admin(HttpMethod.POST, "/coupons", null, percentage(code, 42949673));
      assertThat(r.statusCode()).as("discount_percent 42949673 accepted: " + r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_ERROR");
      assertError(admin(HttpMethod.GET, "/coupons/" + code, null, null), 404, "NOT_FOUND");
    }

    @Test
    void the_coupon_routes_need_the_admin_key() throws Exception {
      String code = newCoupon(c -> percentage(c, 10));
      String body = percentage(newCode(), 10).encode();
      record Call(HttpMethod method, String path, String body) {}
      for (Call c : List.of(new Call(HttpMethod.POST, "/coupons", body), new Call(HttpMethod.GET, "/coupons", null),
          new Call(HttpMethod.GET, "/coupons/" + code, null), new Call(HttpMethod.POST, "/coupons/" + code + "/disable", null))) {
        assertError(adminRaw(c.method(), c.path(), null, null, c.body()), 401, "UNAUTHORIZED");
        assertError(adminRaw(c.method(), c.path(), null, "wrong-admin-key", c.body()), 401, "UNAUTHORIZED");
        assertError(adminRaw(c.method(), c.path(), null, TestNode.API_KEY, c.body()), 401, "UNAUTHORIZED");
      }
      // Nothing was created or disabled.
      assertError(admin(HttpMethod.GET, "/coupons/" + new JsonObject(body).getString("coupon_code"), null, null), 404, "NOT_FOUND");
      assertThat(readCoupon(code).getString("status")).isEqualTo("active");
    }

    // ---------------------------------------------------------------- the kinds of coupon on a cart

    @Test
    void a_percentage_coupon_is_capped_at_its_maximum_discount() throws Exception {
      String capped = newCoupon(c -> percentage(c, 50).put("maximum_discount_amount", 100));
      String uncapped = newCoupon(c -> percentage(c, 50).put("maximum_discount_amount", 1000));
      String id = createCart(item("p03", 2)).getString("id");
      // 50 % of ₹699 is ₹349.50, capped at ₹100; tax 12 % of ₹599.
      JsonObject cart = cartOf(applyCoupon(id, capped));
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("100");
      assertThat(money(cart, "coupon_discount_percent")).isEqualByComparingTo("50");
      assertThat(money(line(cart, "p03"), "coupon_discount_amount")).isEqualByComparingTo("100");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo("71.88");
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("670.88");
      assertThat(money(cart.getJsonArray("applied_coupons").getJsonObject(0), "savings")).isEqualByComparingTo("100");
      assertLinesAddUp(cart);
      // A cap above the percentage's discount changes nothing.
      JsonObject open = cartOf(applyCoupon(id, uncapped));
      assertThat(open.getString("coupon_code")).isEqualTo(uncapped);
      assertThat(money(open, "coupon_discount_amount")).isEqualByComparingTo("349.50");
      assertThat(money(open, "items_tax_amount")).isEqualByComparingTo("41.94");
      assertThat(money(open, "grand_total")).isEqualByComparingTo("391.44");
      assertLinesAddUp(open);
    }

    @Test
    void a_fixed_amount_coupon_takes_its_amount_before_tax() throws Exception {
      String code = newCoupon(c -> fixedAmount(c, 150));
      String id = createCart(item("p03", 1)).getString("id");
      JsonObject cart = cartOf(applyCoupon(id, code));
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("150");
      assertThat(money(cart, "coupon_discount_percent")).isEqualByComparingTo("0");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo("23.94"); // 12 % of 199.50
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("223.44");
      assertThat(cart.getJsonArray("applied_coupons").getJsonObject(0).getString("coupon_type")).isEqualTo("discount");
      assertThat(money(cart.getJsonArray("applied_coupons").getJsonObject(0), "savings")).isEqualByComparingTo("150");
      assertLinesAddUp(cart);
    }

    @Test
    void a_fixed_amount_coupon_larger_than_the_eligible_value_takes_at_most_that_value() throws Exception {
      String code = newCoupon(c -> fixedAmount(c, 500).put("applies_to_product", "product").put("products", new JsonArray().add("p08")));
      String id = createCart(item("p08", 1), item("p03", 1)).getString("id");
      JsonObject cart = cartOf(applyCoupon(id, code));
      // Only the ₹150 notebook is eligible: ₹150 off it (not ₹500), none off the bottle.
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("150");
      assertThat(money(line(cart, "p08"), "coupon_discount_amount")).isEqualByComparingTo("150");
      assertThat(money(line(cart, "p08"), "tax_amount")).isEqualByComparingTo("0");
      assertThat(money(line(cart, "p03"), "coupon_discount_amount")).isEqualByComparingTo("0");
      assertThat(money(line(cart, "p03"), "tax_amount")).isEqualByComparingTo("41.94");
      assertThat(money(cart, "subtotal")).isEqualByComparingTo("499.50");
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("391.44");
      assertLinesAddUp(cart);
    }

    @Test
    void a_category_coupon_discounts_only_that_categorys_lines() throws Exception {
      String code = newCoupon(c -> percentage(c, 20)
          .put("applies_to_product", "category").put("category_ids", new JsonArray().add("home")));
      String id = mixedCart().getString("id");
      JsonObject cart = cartOf(applyCoupon(id, code));
      // Home lines (p03 ₹699, p06 ₹177.68) are ₹876.68: 20 % is ₹175.34, split 139.80 + 35.53 + 0.01 on p03.
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("175.34");
      assertThat(money(line(cart, "p03"), "coupon_discount_amount")).isEqualByComparingTo("139.81");
      assertThat(money(line(cart, "p06"), "coupon_discount_amount")).isEqualByComparingTo("35.53");
      assertThat(money(line(cart, "p08"), "coupon_discount_amount")).isEqualByComparingTo("0");
      assertThat(money(line(cart, "p08"), "tax_amount")).isEqualByComparingTo("54.00");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo("138.16");
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("1289.50");
      assertLinesAddUp(cart);
    }

    @Test
    void a_product_coupon_discounts_only_its_products() throws Exception {
      String code = newCoupon(c -> percentage(c, 10)
          .put("applies_to_product", "product").put("products", new JsonArray().add("p06").add("p02")));
      String id = mixedCart().getString("id");
      JsonObject cart = cartOf(applyCoupon(id, code));
      // 10 % of the mug's ₹177.68: ₹17.77, all on the mug.
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("17.77");
      assertThat(money(line(cart, "p06"), "coupon_discount_amount")).isEqualByComparingTo("17.77");
      assertThat(money(line(cart, "p06"), "tax_amount")).isEqualByComparingTo("19.19"); // 12 % of 159.91
      assertThat(money(line(cart, "p03"), "coupon_discount_amount")).isEqualByComparingTo("0");
      assertThat(money(line(cart, "p08"), "coupon_discount_amount")).isEqualByComparingTo("0");
      assertLinesAddUp(cart);
    }

    @Test
    void a_coupon_for_this_customer_applies() throws Exception {
      String code = newCoupon(c -> fixedAmount(c, 20).put("customer_ids", new JsonArray().add("someone-else").add(userId)));
      String id = createCart(item("p03", 1)).getString("id");
      assertThat(money(cartOf(applyCoupon(id, code)), "coupon_discount_amount")).isEqualByComparingTo("20");
    }

    // ---------------------------------------------------------------- 3. refusals

    @Test
    void coupons_that_cannot_be_used_are_refused_and_leave_the_cart_as_it_was() throws Exception {
      String other = node().anonymousSession().getJsonObject("user").getString("id");
      String disabled = newCoupon(c -> percentage(c, 10));
      assertThat(admin(HttpMethod.POST, "/coupons/" + disabled + "/disable", null, null).statusCode()).isEqualTo(200);
      // The route accepts dates in the past: such a coupon exists but is never valid.
      String expired = newCoupon(c -> percentage(c, 10).put("starts_at", "2020-01-01T00:00:00Z").put("expires_at", "2020-02-01T00:00:00Z"));
      String lapsed = newCoupon(c -> percentage(c, 10).put("expires_at", Instant.now().minusSeconds(60).toString()));
      String future = newCoupon(c -> percentage(c, 10).put("starts_at", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
      String minimum = newCoupon(c -> percentage(c, 10).put("minimum_order_total", new BigDecimal("699.01")));
      String product = newCoupon(c -> fixedAmount(c, 10).put("applies_to_product", "product").put("products", new JsonArray().add("p02")));
      String category = newCoupon(c -> percentage(c, 10)
          .put("applies_to_product", "category").put("category_ids", new JsonArray().add("beauty")));
      String theirs = newCoupon(c -> percentage(c, 10).put("customer_ids", new JsonArray().add(other)));

      // ₹699 of bottles with SAVE10 applied: a refused coupon must not replace or drop it.
      String id = createCart(item("p03", 2)).getString("id");
      JsonObject withSave10 = cartOf(applyCoupon(id, "SAVE10"));
      assertThat(money(withSave10, "coupon_discount_amount")).isEqualByComparingTo("69.90");

      for (String code : List.of(newCode(), "bad code!", "SAVE10!", "x".repeat(65), disabled, expired, lapsed, future, minimum,
          product, category, theirs)) {
        refusedCoupon(id, code);
      }
      for (JsonObject body : List.of(new JsonObject(), new JsonObject().put("coupon_code", ""), new JsonObject().put("coupon_code", 7))) {
        JsonObject before = cartOf(get(id));
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/carts/" + id + "/coupon", body);
        assertThat(r.statusCode()).as("%s -> %s", body, r.bodyAsString()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("code")).isIn("VALIDATION_ERROR", "INVALID_COUPON");
        assertThat(cartOf(get(id))).isEqualTo(before);
      }
      JsonObject after = cartOf(get(id));
      assertThat(after.getString("coupon_code")).isEqualTo("SAVE10");
      assertThat(money(after, "coupon_discount_amount")).isEqualByComparingTo("69.90");
      // Exactly the minimum is enough: one more paisa of minimum was not.
      String exact = newCoupon(c -> percentage(c, 10).put("minimum_order_total", 699));
      assertThat(cartOf(applyCoupon(id, exact)).getString("coupon_code")).isEqualTo(exact);
    }

    @Test
    void another_shoppers_cart_is_not_found_by_the_coupon_routes_and_is_left_alone() throws Exception {
      String theirs = createCart(item("p03", 2)).getString("id");
      cartOf(applyCoupon(theirs, "SAVE10"));
      JsonObject before = cartOf(get(theirs));
      String owner = token;
      newShopper();
      createCart(item("p03", 1));
      assertError(applyCoupon(theirs, "SAVE10"), 404, "NOT_FOUND");
      assertError(call(HttpMethod.DELETE, "/carts/" + theirs + "/coupon", null), 404, "NOT_FOUND");
      assertError(call(HttpMethod.GET, "/carts/" + theirs + "/evaluate-coupons", null), 404, "NOT_FOUND");
      token = owner;
      assertThat(cartOf(get(theirs))).isEqualTo(before);
    }

    // ---------------------------------------------------------------- 4. re-validation

    @Test
    void a_cart_falling_below_the_minimum_drops_its_coupon_instead_of_failing() throws Exception {
      String code = newCoupon(c -> percentage(c, 10).put("minimum_order_total", 500));
      String id = createCart(item("p03", 2)).getString("id");
      JsonObject applied = cartOf(applyCoupon(id, code));
      assertThat(money(applied, "coupon_discount_amount")).isEqualByComparingTo("69.90");

      // One bottle is ₹349.50, below ₹500: the change is made and the coupon is dropped.
      JsonObject shrunk = cartOf(call(HttpMethod.POST, "/carts/" + id + "/items", item("p03", 1)));
      assertNoCoupon(shrunk);
      assertThat(money(shrunk, "subtotal")).isEqualByComparingTo("349.50");
      assertThat(money(shrunk, "grand_total")).isEqualByComparingTo("391.44");
      assertNoCoupon(cartOf(get(id)));
      // Dropped, not suspended: growing the cart again does not bring it back.
      JsonObject grown = cartOf(call(HttpMethod.POST, "/carts/" + id + "/items", item("p03", 2)));
      assertNoCoupon(grown);
      assertThat(money(grown, "grand_total")).isEqualByComparingTo("782.88");
    }

    @Test
    void removing_the_only_eligible_line_drops_a_product_coupon() throws Exception {
      String code = newCoupon(c -> fixedAmount(c, 500).put("applies_to_product", "product").put("products", new JsonArray().add("p08")));
      String id = createCart(item("p08", 1), item("p03", 1)).getString("id");
      assertThat(money(cartOf(applyCoupon(id, code)), "coupon_discount_amount")).isEqualByComparingTo("150");
      // Two notebooks: still at most their ₹300.
      JsonObject two = cartOf(call(HttpMethod.POST, "/carts/" + id + "/items", item("p08", 2)));
      assertThat(money(two, "coupon_discount_amount")).isEqualByComparingTo("300");
      assertThat(money(line(two, "p08"), "tax_amount")).isEqualByComparingTo("0");
      assertLinesAddUp(two);
      JsonObject none = cartOf(call(HttpMethod.POST, "/carts/" + id + "/items", item("p08", 0)));
      assertNoCoupon(none);
      assertThat(money(none, "grand_total")).isEqualByComparingTo("391.44");
    }

    @Test
    void a_coupon_that_expires_is_dropped_by_the_next_cart_change() throws Exception {
      Instant expires = Instant.now().plusSeconds(4);
      String code = newCoupon(c -> percentage(c, 10).put("expires_at", expires.toString()));
      String id = createCart(item("p03", 2)).getString("id");
      JsonObject applied = cartOf(applyCoupon(id, code));
      assertThat(applied.getString("coupon_code")).isEqualTo(code);
      long wait = expires.toEpochMilli() - System.currentTimeMillis() + 500;
      if (wait > 0) {
        Thread.sleep(wait);
      }
      JsonObject changed = cartOf(call(HttpMethod.POST, "/carts/" + id + "/items", item("p08", 1)));
      assertNoCoupon(changed);
      refusedCoupon(id, code);
    }

    // ---------------------------------------------------------------- 5. free shipping

    @Test
    void a_free_shipping_coupon_zeroes_the_shipping_of_an_addressed_cart() throws Exception {
      String code = newCoupon(CouponHttpTest::freeShipping);
      String id = createCart(item("p08", 1)).getString("id");
      JsonObject addressed = cartOf(call(HttpMethod.POST, "/carts/" + id + "/address",
          new JsonObject().put("billing_address", address()).put("shipping_address", address())));
      // ₹168 of notebooks is below the ₹999 of free delivery: ₹79 + 18 % tax.
      assertThat(money(addressed, "shipping_amount")).isEqualByComparingTo("79");
      assertThat(money(addressed, "shipping_tax_amount")).isEqualByComparingTo("14.22");
      assertThat(money(addressed, "grand_total")).isEqualByComparingTo("261.22");

      JsonObject evaluated = evaluate(id);
      JsonObject estimate = byId(evaluated.getJsonArray("applicable_coupons"), code);
      assertThat(estimate).as("free shipping among the applicable coupons: " + evaluated).isNotNull();
      assertThat(estimate.getString("coupon_type")).isEqualTo("free-shipping");
      assertThat(money(estimate, "estimated_discount")).isEqualByComparingTo("79");

      JsonObject cart = cartOf(applyCoupon(id, code));
      assertThat(cart.getBoolean("is_coupon_applied")).isTrue();
      assertThat(money(cart, "shipping_estimated_cost")).isEqualByComparingTo("79");
      assertThat(money(cart, "shipping_discount_amount")).isEqualByComparingTo("79");
      assertThat(money(cart, "shipping_amount")).isEqualByComparingTo("0");
      assertThat(money(cart, "shipping_tax_amount")).isEqualByComparingTo("0");
      assertThat(money(cart, "shipping_amount_including_tax")).isEqualByComparingTo("0");
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("0");
      assertThat(money(cart, "coupon_discount_percent")).isEqualByComparingTo("0");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo("18");
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("168");
      JsonObject applied = cart.getJsonArray("applied_coupons").getJsonObject(0);
      assertThat(applied.getString("coupon_code")).isEqualTo(code);
      assertThat(applied.getString("coupon_type")).isEqualTo("free-shipping");
      assertThat(money(applied, "savings")).isEqualByComparingTo(estimate.getValue("estimated_discount").toString())
          .isEqualByComparingTo("79");
      assertLinesAddUp(cart);

      JsonObject removed = cartOf(call(HttpMethod.DELETE, "/carts/" + id + "/coupon", null));
      assertNoCoupon(removed);
      assertThat(money(removed, "shipping_amount")).isEqualByComparingTo("79");
      assertThat(money(removed, "grand_total")).isEqualByComparingTo("261.22");
    }

    @Test
    void a_free_shipping_coupon_applied_before_the_address_takes_effect_when_it_is_set() throws Exception {
      String code = newCoupon(CouponHttpTest::freeShipping);
      String id = createCart(item("p08", 1)).getString("id");
      JsonObject early = cartOf(applyCoupon(id, code));
      assertThat(early.getBoolean("is_coupon_applied")).isTrue();
      assertThat(early.getValue("shipping_amount")).isNull();
      assertThat(money(early.getJsonArray("applied_coupons").getJsonObject(0), "savings")).isEqualByComparingTo("0");
      assertThat(money(early, "grand_total")).isEqualByComparingTo("168");
      JsonObject addressed = cartOf(call(HttpMethod.POST, "/carts/" + id + "/address",
          new JsonObject().put("billing_address", address()).put("shipping_address", address())));
      assertThat(addressed.getString("coupon_code")).isEqualTo(code);
      assertThat(money(addressed, "shipping_amount")).isEqualByComparingTo("0");
      assertThat(money(addressed, "shipping_discount_amount")).isEqualByComparingTo("79");
      assertThat(money(addressed, "grand_total")).isEqualByComparingTo("168");
      assertThat(addressed.getJsonArray("applied_coupons").getJsonObject(0).getString("coupon_type")).isEqualTo("free-shipping");
      assertThat(money(addressed.getJsonArray("applied_coupons").getJsonObject(0), "savings")).isEqualByComparingTo("79");
    }

    // ---------------------------------------------------------------- 6. listing and evaluating

    @Test
    void available_coupons_lists_the_usable_ones_and_evaluation_estimates_what_applying_gives() throws Exception {
      String other = node().anonymousSession().getJsonObject("user").getString("id");
      String pct = newCoupon(c -> percentage(c, 15).put("minimum_order_total", 1000));
      String fixed = newCoupon(c -> fixedAmount(c, 50));
      String mine = newCoupon(c -> percentage(c, 5).put("customer_ids", new JsonArray().add(userId)));
      String category = newCoupon(c -> percentage(c, 20)
          .put("applies_to_product", "category").put("category_ids", new JsonArray().add("home")));
      String highMinimum = newCoupon(c -> percentage(c, 20).put("minimum_order_total", 5000));
      String noEligible = newCoupon(c -> fixedAmount(c, 100)
          .put("applies_to_product", "product").put("products", new JsonArray().add("p02")));
      String disabled = newCoupon(c -> percentage(c, 30));
      assertThat(admin(HttpMethod.POST, "/coupons/" + disabled + "/disable", null, null).statusCode()).isEqualTo(200);
      String theirs = newCoupon(c -> percentage(c, 30).put("customer_ids", new JsonArray().add(other)));
      String future = newCoupon(c -> percentage(c, 30).put("starts_at", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
      String expired = newCoupon(c -> percentage(c, 30).put("starts_at", "2020-01-01T00:00:00Z").put("expires_at", "2020-02-01T00:00:00Z"));

      JsonArray available = content(call(HttpMethod.GET, "/carts/available-coupons", null), 200).getJsonArray("coupons");
      for (String code : List.of("SAVE10", pct, fixed, mine, category, highMinimum, noEligible)) {
        assertThat(byId(available, code)).as("%s available", code).isNotNull();
      }
      for (String code : List.of(disabled, theirs, future, expired)) {
        assertThat(byId(available, code)).as("%s not available", code).isNull();
      }
      JsonObject shown = byId(available, pct);
      assertThat(shown.getJsonArray("coupon_code")).containsExactly(pct);
      assertThat(money(shown, "minimum_order_total")).isEqualByComparingTo("1000");
      assertThat(shown.getLong("redemption_count")).isZero();
      // The storefront shape: no operator fields.
      assertThat(shown.containsKey("customer_ids")).isFalse();
      assertThat(shown.containsKey("reserved_count")).isFalse();

      JsonObject cart = mixedCart();
      String id = cart.getString("id");
      JsonObject evaluated = evaluate(id);
      JsonArray applicable = evaluated.getJsonArray("applicable_coupons");
      JsonArray inapplicable = evaluated.getJsonArray("inapplicable_coupons");
      // ₹1326.68: 10 % is 132.67, 15 % is 199.00 (the minimum is met), 5 % is 66.33, 20 % of the home lines is 175.34.
      Map<String, String> expected = Map.of("SAVE10", "132.67", pct, "199.00", fixed, "50", mine, "66.33", category, "175.34");
      for (var e : expected.entrySet()) {
        JsonObject entry = byId(applicable, e.getKey());
        assertThat(entry).as("%s applicable in %s", e.getKey(), evaluated).isNotNull();
        assertThat(money(entry, "estimated_discount")).as(e.getKey()).isEqualByComparingTo(e.getValue());
        assertThat(entry.getString("coupon_type")).isEqualTo("discount");
        assertThat(entry.getJsonArray("coupon_code")).containsExactly(e.getKey());
        assertThat(byId(inapplicable, e.getKey())).isNull();
      }
      JsonObject belowMinimum = byId(inapplicable, highMinimum);
      assertThat(belowMinimum).as("%s inapplicable in %s", highMinimum, evaluated).isNotNull();
      assertThat(belowMinimum.getString("reason")).containsIgnoringCase("minimum");
      JsonObject notEligible = byId(inapplicable, noEligible);
      assertThat(notEligible).as("%s inapplicable in %s", noEligible, evaluated).isNotNull();
      assertThat(notEligible.getString("reason")).containsIgnoringCase("eligible");
      for (String code : List.of(highMinimum, noEligible)) {
        assertThat(byId(applicable, code)).as(code).isNull();
      }
      for (String code : List.of(disabled, theirs, future, expired)) {
        assertThat(byId(applicable, code)).as(code).isNull();
        assertThat(byId(inapplicable, code)).as(code).isNull();
      }
      // Evaluating changed nothing, and applying each gives exactly its estimate.
      assertThat(cartOf(get(id))).isEqualTo(cart);
      for (var e : expected.entrySet()) {
        JsonObject applied = cartOf(applyCoupon(id, e.getKey()));
        assertThat(money(applied, "coupon_discount_amount")).as(e.getKey())
            .isEqualByComparingTo(money(byId(applicable, e.getKey()), "estimated_discount"));
      }
      // The inapplicable ones are refused as evaluated.
      refusedCoupon(id, highMinimum);
      refusedCoupon(id, noEligible);
    }

    @Test
    void promotions_are_not_built_their_routes_answer_empty_lists() throws Exception {
      String id = mixedCart().getString("id");
      assertThat(content(call(HttpMethod.GET, "/carts/available-promotions", null), 200).getJsonArray("promotions")).isEmpty();
      JsonObject evaluated = content(call(HttpMethod.GET, "/carts/" + id + "/evaluate-promotions", null), 200);
      assertThat(evaluated.getJsonArray("applicable_promotions")).isEmpty();
      assertThat(evaluated.getJsonArray("inapplicable_promotions")).isEmpty();
      assertThat(cartOf(get(id)).getBoolean("is_promotion_applied")).isFalse();
    }

    // ---------------------------------------------------------------- 7. with tenders

    @Test
    void save10_with_points_and_credit_discounts_the_cart_and_the_tenders_pay_part_of_what_is_left() throws Exception {
      String id = createCart(item("p03", 4)).getString("id");
      cartOf(call(HttpMethod.POST, "/carts/" + id + "/loyalty-points", new JsonObject().put("loyalty_point_redeemed", 100)));
      cartOf(call(HttpMethod.POST, "/carts/" + id + "/credit-balance", new JsonObject().put("credit_balance_used", 100)));
      JsonObject cart = cartOf(applyCoupon(id, "SAVE10"));
      // ₹1398 of bottles: ₹139.80 off, tax 12 % of ₹1258.20 = ₹150.98.
      assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("139.80");
      assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo("150.98");
      assertThat(money(cart, "grand_total")).isEqualByComparingTo("1409.18");
      assertThat(cart.getInteger("loyalty_points_redeemed")).isEqualTo(100);
      assertThat(money(cart, "credit_balance_used")).isEqualByComparingTo("100");
      assertThat(money(cart, "other_savings")).isEqualByComparingTo("200");
      assertThat(money(cart, "coupon_savings")).isEqualByComparingTo("139.80");
      assertThat(money(cart, "total_savings")).isEqualByComparingTo("339.80")
          .isEqualByComparingTo(money(cart, "coupon_discount_amount").add(new BigDecimal("200")));
      assertThat(money(cart, "to_be_paid")).isEqualByComparingTo("1209.18")
          .isEqualByComparingTo(money(cart, "grand_total").subtract(new BigDecimal("200")));
      assertLinesAddUp(cart);
      JsonObject read = cartOf(get(id));
      assertThat(read).isEqualTo(withoutTimes(cart, read));

      // Without the coupon the tenders stay.
      JsonObject removed = cartOf(call(HttpMethod.DELETE, "/carts/" + id + "/coupon", null));
      assertNoCoupon(removed);
      assertThat(money(removed, "grand_total")).isEqualByComparingTo("1565.76");
      assertThat(money(removed, "other_savings")).isEqualByComparingTo("200");
      assertThat(money(removed, "total_savings")).isEqualByComparingTo("200");
      assertThat(money(removed, "to_be_paid")).isEqualByComparingTo("1365.76");
    }

    // ---------------------------------------------------------------- helpers

    /** 2 × p03 + 3 × p08 + 1 × p06: subtotal ₹1326.68. */
    JsonObject mixedCart() throws Exception {
      return createCart(item("p03", 2), item("p08", 3), item("p06", 1));
    }

    HttpResponse<Buffer> applyCoupon(String id, String code) throws Exception {
      return call(HttpMethod.POST, "/carts/" + id + "/coupon", new JsonObject().put("coupon_code", code));
    }

    JsonObject evaluate(String id) throws Exception {
      return content(call(HttpMethod.GET, "/carts/" + id + "/evaluate-coupons", null), 200);
    }

    /** The coupon is refused with 400 INVALID_COUPON and the cart reads back exactly as before. */
    void refusedCoupon(String id, String code) throws Exception {
      JsonObject before = cartOf(get(id));
      assertError(applyCoupon(id, code), 400, "INVALID_COUPON");
      assertThat(cartOf(get(id))).as("cart after refused coupon %s", code).isEqualTo(before);
    }

    JsonObject createCoupon(JsonObject body) throws Exception {
      return content(admin(HttpMethod.POST, "/coupons", null, body), 201).getJsonObject("coupon");
    }

    JsonObject readCoupon(String code) throws Exception {
      return content(admin(HttpMethod.GET, "/coupons/" + code, null, null), 200).getJsonObject("coupon");
    }

    /** Creates the coupon {@code body} makes of a new code; answers the code. */
    String newCoupon(Function<String, JsonObject> body) throws Exception {
      String code = newCode();
      createCoupon(body.apply(code));
      return code;
    }
  }

  /** A new coupon code: "T" and ten random upper-case letters and digits. */
  static String newCode() {
    StringBuilder b = new StringBuilder("T");
    for (int i = 0; i < 10; i++) {
      b.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return b.toString();
  }

  static JsonObject percentage(String code, Object percent) {
    return new JsonObject().put("coupon_code", code).put("discount_type", "percentage").put("discount_percent", percent);
  }

  static JsonObject fixedAmount(String code, Object amount) {
    return new JsonObject().put("coupon_code", code).put("discount_type", "fixed-amount").put("fixed_discount_amount", amount);
  }

  static JsonObject freeShipping(String code) {
    return new JsonObject().put("coupon_code", code).put("discount_type", "free-shipping");
  }

  static JsonObject address() {
    return new JsonObject().put("first_name", "Asha").put("last_name", "Rao").put("country_code", "+91")
        .put("phone", "9876543210").put("email", "asha@example.com").put("address_line1", "12 MG Road")
        .put("pincode", "560001").put("city", "Bengaluru").put("state", "Karnataka").put("country", "India");
  }

  /** The cart's line of this product. */
  static JsonObject line(JsonObject cart, String product) {
    for (Object o : cart.getJsonArray("cart_items")) {
      if (product.equals(((JsonObject) o).getString("product_id"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no line of " + product + " in " + cart);
  }

  /** The entry with this id in a list of coupons, or null. */
  static JsonObject byId(JsonArray list, String id) {
    for (Object o : list) {
      if (id.equals(((JsonObject) o).getString("id"))) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  /** {@code cart} with the timestamps of {@code other}, which a read may move on. */
  static JsonObject withoutTimes(JsonObject cart, JsonObject other) {
    JsonObject copy = cart.copy();
    for (String field : List.of("expires_at", "modified_at", "created_at")) {
      copy.put(field, other.getValue(field));
    }
    return copy;
  }

  static void assertNoCoupon(JsonObject cart) {
    assertThat(cart.getBoolean("is_coupon_applied")).isFalse();
    assertThat(cart.getValue("coupon_code")).isNull();
    assertThat(cart.getJsonArray("applied_coupons")).isEmpty();
    assertThat(money(cart, "coupon_discount_amount")).isEqualByComparingTo("0");
    assertThat(money(cart, "coupon_discount_percent")).isEqualByComparingTo("0");
    assertThat(money(cart, "coupon_savings")).isEqualByComparingTo("0");
    for (Object o : cart.getJsonArray("cart_items")) {
      assertThat(money((JsonObject) o, "coupon_discount_amount")).isEqualByComparingTo("0");
    }
  }

  static void assertSameTotals(JsonObject cart, JsonObject expected) {
    for (String field : List.of("subtotal", "items_tax_amount", "subtotal_including_tax", "total_tax", "coupon_discount_amount",
        "coupon_savings", "total_savings", "other_savings", "grand_total", "to_be_paid")) {
      assertThat(money(cart, field)).as(field).isEqualByComparingTo(money(expected, field));
    }
    assertThat(cart.getInteger("loyalty_points_earned")).isEqualTo(expected.getInteger("loyalty_points_earned"));
  }

  /**
   * The coupon's arithmetic: each line's share is within its value and the shares sum to the coupon
   * discount, each line's tax is its rate on (value − share) rounded half up, the items' tax is the sum
   * of the lines', and grand_total = subtotal + items tax − coupon discount + shipping + handling.
   */
  static void assertLinesAddUp(JsonObject cart) {
    BigDecimal shares = BigDecimal.ZERO;
    BigDecimal taxes = BigDecimal.ZERO;
    BigDecimal values = BigDecimal.ZERO;
    List<String> seen = new ArrayList<>();
    for (Object o : cart.getJsonArray("cart_items")) {
      JsonObject l = (JsonObject) o;
      seen.add(l.getString("product_id"));
      BigDecimal value = money(l, "selling_price_excluding_tax").multiply(BigDecimal.valueOf(l.getInteger("quantity")));
      BigDecimal share = money(l, "coupon_discount_amount");
      assertThat(share).as("share of " + l.getString("product_id")).isBetween(BigDecimal.ZERO, value);
      BigDecimal rate = new BigDecimal(l.getValue("tax_rate").toString());
      BigDecimal tax = value.subtract(share).multiply(rate).divide(new BigDecimal(100)).setScale(2, RoundingMode.HALF_UP);
      assertThat(money(l, "tax_amount")).as("tax of " + l.getString("product_id")).isEqualByComparingTo(tax);
      shares = shares.add(share);
      taxes = taxes.add(tax);
      values = values.add(value);
    }
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(money(cart, "subtotal")).isEqualByComparingTo(values);
    assertThat(money(cart, "coupon_discount_amount")).as("sum of the lines' shares").isEqualByComparingTo(shares);
    assertThat(money(cart, "coupon_savings")).isEqualByComparingTo(shares);
    assertThat(money(cart, "items_tax_amount")).isEqualByComparingTo(taxes);
    BigDecimal shipping = cart.getValue("shipping_amount") == null ? BigDecimal.ZERO : money(cart, "shipping_amount_including_tax");
    assertThat(money(cart, "grand_total")).isEqualByComparingTo(money(cart, "subtotal").add(taxes).subtract(shares).add(shipping)
        .add(money(cart, "handling_charge_including_tax")));
  }
}
