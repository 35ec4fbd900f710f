package dev.tender.http;

import static dev.tender.TestNode.await;
import static dev.tender.http.OrderFaultsHttpTest.adminCard;
import static dev.tender.http.OrderFaultsHttpTest.issueCard;
import static dev.tender.http.OrderFaultsHttpTest.ok;
import static dev.tender.http.OrderFaultsHttpTest.readyCart;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.store.TestDatabase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The payment sweep ({@link PaymentSweeper}) on both stores: a shopper pays on the test gateway, the
 * callback is lost and the storefront never polls; the sweep asks PayU with {@code verify_payment} and
 * confirms the order, capturing its gift-card hold once.
 */
class OrderSweepHttpTest {
  @ParameterizedTest
  @ValueSource(strings = {"memory", "pg"})
  void a_paid_attempt_whose_callback_was_lost_and_nobody_polls_is_confirmed_by_the_sweep(String store) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("TENDER_STORE", store, "TENDER_PARTITIONS", "4",
        "TENDER_PAYMENT_SWEEP_SECONDS", "1", "TENDER_PAYMENT_RECONCILE_AFTER_SECONDS", "1"));
    if (store.equals("pg")) {
      TestDatabase.requireMigrated();
      env.put("TENDER_PG_URL", TestDatabase.URL);
    }
    try (TestNode node = TestNode.start(env)) {
      String token = node.anonymousSession().getString("access_token");
      String card = issueCard(node, 100);
      String cartId = readyCart(node, token);
      ok(node.call(HttpMethod.POST, "/carts/" + cartId + "/gift-card", token, new JsonObject().put("gift_card_number", card)));
      JsonObject placed = ok(node.call(HttpMethod.POST, "/orders", token, new JsonObject().put("cart_id", cartId)));
      String number = placed.getJsonObject("order").getString("order_number");
      assertThat(placed.getBoolean("payment_required")).isTrue();

      OrderFaultsHttpTest.payWithoutCallback(node, placed);

      // Only GET /orders/{n} (which never asks PayU) from here on: the sweep alone must find the payment.
      long deadline = System.currentTimeMillis() + 30_000;
      JsonObject order = ok(node.call(HttpMethod.GET, "/orders/" + number, token, null)).getJsonObject("order");
      while (System.currentTimeMillis() < deadline && !"confirmed".equals(order.getString("status"))) {
        Thread.sleep(250);
        order = ok(node.call(HttpMethod.GET, "/orders/" + number, token, null)).getJsonObject("order");
      }
      assertThat(order.getString("status")).as(order.encode()).isEqualTo("confirmed");
      assertThat(order.getString("payment_status")).isEqualTo("success");
      assertThat(order.getJsonArray("payments").getJsonObject(0).getString("payment_reference_number")).startsWith("sim");

      // The hold is captured (through the outbox), once, and later sweeps change nothing.
      JsonObject giftCard = adminCard(node, card);
      while (System.currentTimeMillis() < deadline && captures(giftCard) == 0) {
        Thread.sleep(250);
        giftCard = adminCard(node, card);
      }
      Thread.sleep(2_500); // two more sweeps
      giftCard = adminCard(node, card);
      assertThat(captures(giftCard)).as(giftCard.encode()).isEqualTo(1);
      assertThat(new java.math.BigDecimal(giftCard.getJsonObject("gift_card").getValue("held").toString())).isZero();
      JsonObject admin = ok(await(node.http.get(node.port, "127.0.0.1", "/api/v1/test-store/admin/orders/" + number)
          .putHeader("X-Admin-Key", "test-admin-key").send()));
      assertThat(admin.getJsonArray("holds").getJsonObject(0).getString("state")).isEqualTo("captured");
    }
  }

  private static long captures(JsonObject card) {
    return card.getJsonArray("ledger").stream().filter(l -> "capture".equals(((JsonObject) l).getString("type"))).count();
  }
}
