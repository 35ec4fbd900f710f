package dev.tender.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The OCC payments resource over real HTTP on memory and PostgreSQL: payment groups with enquired
 * balances and an amount-remaining gateway group that always sum to the total, PATCH and add, Oracle's
 * error shape, and the storefront's cart routes as a second view of the same tenders.
 */
class OccPaymentsHttpTest {
  @Nested
  class Memory extends Contract {}

  @Nested
  class Pg extends Contract {}

  abstract class Contract extends NodeHttpContract {
    @BeforeEach
    void startAsNewShopper() throws Exception {
      newShopper();
    }

    @Test
    void added_groups_sum_to_the_total_and_show_in_the_cart_and_patching_moves_the_remainder() throws Exception {
      String card = issueCard(300);
      String id = readyCart();
      JsonObject added = occ(HttpMethod.POST, "/carts/" + id + "/payments/add", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("type", "physicalGiftCard").put("giftCardNumber", card))
          .add(new JsonObject().put("type", "storeCredit").put("amount", 100))
          .add(new JsonObject().put("type", "loyaltyPoints").put("points", 50))
          .add(new JsonObject().put("type", "card"))), 200);
      JsonArray items = added.getJsonArray("items");
      assertThat(added.getString("totalResults")).isEqualTo("4");
      assertThat(sum(items)).isEqualByComparingTo("1565.76");
      JsonObject gift = group(items, "pg-gc-" + card);
      assertThat(money(gift, "amount")).isEqualByComparingTo("300");
      assertThat(gift.getString("balance")).isEqualTo("300.00");
      assertThat(gift.getString("maskedCardNumber")).isEqualTo("xxxxxxxxxxxx" + card.substring(12));
      assertThat(gift.getString("paymentState")).isEqualTo("INITIAL");
      assertThat(gift.getBoolean("isAmountRemaining")).isFalse();
      JsonObject gateway = group(items, "pg-gateway");
      assertThat(gateway.getBoolean("isAmountRemaining")).isTrue();
      assertThat(money(gateway, "amount")).isEqualByComparingTo("1115.76"); // 1565.76 − 300 − 100 − 50
      assertThat(items.stream().filter(o -> ((JsonObject) o).getBoolean("isAmountRemaining")).count()).isEqualTo(1);
      assertThat(added.getJsonObject("embedded").getJsonObject("order").getString("orderId")).isEqualTo(id);

      // The storefront's view of the same tenders.
      JsonObject cart = cartOf(get(id));
      assertThat(money(cart, "gift_card_amount")).isEqualByComparingTo("300");
      assertThat(money(cart, "credit_balance_used")).isEqualByComparingTo("100");
      assertThat(cart.getInteger("loyalty_points_redeemed")).isEqualTo(50);

      // The current order, at the OCC paths.
      JsonObject current = occ(HttpMethod.GET, "/api/v1/test-store/ccstore/v1/orders/current/payments", null, 200, false);
      assertThat(current.getJsonArray("items")).isEqualTo(items);
      assertThat(occ(HttpMethod.GET, "/ccstore/v1/orders/current/payments", null, 200, false).getJsonArray("items")).isEqualTo(items);

      JsonObject patched = occ(HttpMethod.PATCH, "/carts/" + id + "/payments", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("paymentGroupId", "pg-gc-" + card).put("amount", 120)
              .put("billingAddress", new JsonObject().put("firstName", "Meera").put("lastName", "Iyer").put("address1", "4 Park St")
                  .put("city", "Chennai").put("state", "Tamil Nadu").put("postalCode", "600001").put("country", "IN")
                  .put("phoneNumber", "9123456780").put("email", "meera@example.com")))), 200);
      JsonArray after = patched.getJsonArray("items");
      assertThat(money(group(after, "pg-gc-" + card), "amount")).isEqualByComparingTo("120");
      assertThat(group(after, "pg-gc-" + card).getString("balance")).isEqualTo("300.00"); // nothing held before the order
      assertThat(money(group(after, "pg-gateway"), "amount")).isEqualByComparingTo("1295.76");
      assertThat(sum(after)).isEqualByComparingTo("1565.76");
      assertThat(cartOf(get(id)).getJsonObject("billing_address").getString("first_name")).isEqualTo("Meera");

      // Placing the order holds exactly the groups' amounts.
      JsonObject placed = content(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", id)), 200);
      assertThat(money(placed.getJsonObject("order"), "to_be_paid")).isEqualByComparingTo("1295.76");
      JsonObject heldCard = content(admin(HttpMethod.GET, "/gift-cards/" + card, null, null), 200).getJsonObject("gift_card");
      assertThat(money(heldCard, "held")).isEqualByComparingTo("120");
    }

    @Test
    void bad_changes_answer_oracles_error_shape_and_change_nothing() throws Exception {
      String card = issueCard(50);
      String id = readyCart();
      occ(HttpMethod.POST, "/carts/" + id + "/payments/add", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("type", "physicalGiftCard").put("giftCardNumber", card))), 200);
      JsonObject before = cartOf(get(id));

      oracleError(HttpMethod.PATCH, "/carts/" + id + "/payments", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("paymentGroupId", "pg-gc-" + card).put("amount", 60))), "INSUFFICIENT_GIFT_CARD_BALANCE", "items[0].amount");
      oracleError(HttpMethod.PATCH, "/carts/" + id + "/payments", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("paymentGroupId", "pg-nothing").put("amount", 1))), "INVALID_PAYMENT_GROUP", "items[0].paymentGroupId");
      oracleError(HttpMethod.PATCH, "/carts/" + id + "/payments", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("paymentGroupId", "pg-gateway").put("amount", 1))), "AMOUNT_NOT_EDITABLE", "items[0].amount");
      oracleError(HttpMethod.POST, "/carts/" + id + "/payments/add", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("type", "storeCredit").put("amount", 10))
          .add(new JsonObject().put("type", "bitcoin"))), "INVALID_PAYMENT_TYPE", "items[1].type");
      oracleError(HttpMethod.POST, "/carts/" + id + "/payments/add", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("type", "storeCredit").put("amount", 100_000))), "INSUFFICIENT_CREDIT_BALANCE", "items[0].amount");
      oracleError(HttpMethod.POST, "/carts/" + id + "/payments/add", new JsonObject().put("items", new JsonArray()),
          "INVALID_REQUEST", "items");
      assertThat(cartOf(get(id))).isEqualTo(before);
    }

    String readyCart() throws Exception {
      String id = createCart(item("p03", 4)).getString("id");
      cartOf(call(HttpMethod.POST, "/carts/" + id + "/address", new JsonObject().put("billing_address", CartHttpContract.address())
          .put("shipping_address", CartHttpContract.address())));
      return id;
    }

    String issueCard(long rupees) throws Exception {
      HttpResponse<Buffer> r = admin(HttpMethod.POST, "/gift-cards", null, new JsonObject().put("amount", rupees).put("with_pin", false));
      return content(r, 201).getJsonObject("gift_card").getString("number");
    }

    JsonObject occ(HttpMethod method, String path, JsonObject body, int status) throws Exception {
      return occ(method, path, body, status, true);
    }

    /** An OCC call: {@code path} under the storefront base when {@code storefront}, else from the root. */
    JsonObject occ(HttpMethod method, String path, JsonObject body, int status, boolean storefront) throws Exception {
      HttpResponse<Buffer> r = storefront ? call(method, path, body)
          : answered(method + " " + path, node().http.request(method, node().port, "127.0.0.1", path)
              .putHeader("Authorization", "Bearer " + token).send());
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
      return r.bodyAsJsonObject();
    }

    void oracleError(HttpMethod method, String path, JsonObject body, String code, String errorPath) throws Exception {
      JsonObject e = occ(method, path, body, 400);
      assertThat(e.getString("errorCode")).as(e.encode()).isEqualTo(code);
      assertThat(e.getString("status")).isEqualTo("400");
      assertThat(e.getString("message")).isNotBlank();
      assertThat(e.getString("o:errorPath")).isEqualTo(errorPath);
    }
  }

  static JsonObject group(JsonArray items, String id) {
    return items.stream().map(o -> (JsonObject) o).filter(g -> id.equals(g.getString("paymentGroupId"))).findFirst()
        .orElseThrow(() -> new AssertionError("no group " + id + " in " + items.encode()));
  }

  static BigDecimal sum(JsonArray items) {
    return items.stream().map(o -> new BigDecimal(((JsonObject) o).getValue("amount").toString())).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
