package dev.tender.http;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.order.Order;
import dev.tender.order.OrderCommand;
import dev.tender.order.OrderKind;
import dev.tender.order.OrderReply;
import dev.tender.store.TestDatabase;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.WalletCommand;
import dev.tender.wallet.WalletKind;
import dev.tender.wallet.WalletReply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Placement under faults, on PostgreSQL: the database stops answering mid-placement (a clean 503, then
 * the client's retry with its Idempotency-Key places the order exactly once), and the node placing an
 * order goes away between its holds and the order (its deadline, a durable timer, gives the holds back
 * on the node that takes over).
 */
class OrderFaultsHttpTest {
  private static final int PARTITIONS = 4;

  @Test
  void a_stalled_database_mid_placement_is_a_503_and_the_keyed_retry_places_the_order_once() throws Exception {
    TestDatabase.requireMigrated();
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL,
        "TENDER_PARTITIONS", String.valueOf(PARTITIONS), "TENDER_PG_STATEMENT_TIMEOUT_MS", "3000", "TENDER_REQUEST_TIMEOUT_MS", "2000"))) {
      String token = node.anonymousSession().getString("access_token");
      String card = issueCard(node, 1000);
      String cartId = readyCart(node, token);
      ok(node.call(HttpMethod.POST, "/carts/" + cartId + "/gift-card", token, new JsonObject().put("gift_card_number", card)));

      Pool locker = PgBuilder.pool().connectingTo(TestDatabase.URL).using(node.vertx).build();
      SqlConnection conn = await(locker.getConnection());
      HttpResponse<Buffer> failed;
      try {
        await(conn.query("BEGIN").execute());
        await(conn.query("LOCK TABLE wallet_ledger IN EXCLUSIVE MODE").execute()); // holds cannot be written
        failed = await(keyed(node, token, cartId, "place-once"));
      } finally {
        await(conn.query("ROLLBACK").execute());
        conn.close();
        await(locker.close());
      }
      assertThat(failed.statusCode()).as(failed.bodyAsString()).isEqualTo(503);
      assertThat(failed.bodyAsJsonObject().getBoolean("success")).isFalse();

      HttpResponse<Buffer> placed = null;
      long deadline = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < deadline) {
        placed = await(keyed(node, token, cartId, "place-once"));
        if (placed.statusCode() == 200) {
          break;
        }
        Thread.sleep(300);
      }
      assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(200);
      String number = placed.bodyAsJsonObject().getJsonObject("content").getJsonObject("order").getString("order_number");
      HttpResponse<Buffer> again = await(keyed(node, token, cartId, "place-once"));
      assertThat(again.bodyAsJsonObject().getJsonObject("content").getJsonObject("order").getString("order_number")).isEqualTo(number);

      JsonObject giftCard = adminCard(node, card);
      long holds = giftCard.getJsonArray("ledger").stream().filter(l -> "hold".equals(((JsonObject) l).getString("type"))).count();
      assertThat(holds).as(giftCard.encode()).isEqualTo(1);
      assertThat(giftCard.getJsonObject("gift_card").getValue("held").toString()).isNotEqualTo("0");
    }
  }

  @Test
  void holds_of_a_placement_whose_node_went_away_are_released_by_its_deadline_on_the_next_owner() throws Exception {
    TestDatabase.requireMigrated();
    Map<String, String> env = Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL, "TENDER_PARTITIONS",
        String.valueOf(PARTITIONS), "TENDER_ORDER_PLACEMENT_TIMEOUT_SECONDS", "5");
    String card;
    String number = dev.tender.order.OrderNumbers.of("cart-fault-" + System.nanoTime(), Instant.now());
    try (TestNode first = TestNode.start(env)) {
      card = issueCard(first, 500);
      // What a placing node does before it dies: the order's record, then a hold under the id it gave.
      PartitionRouter<OrderCommand, OrderReply> orders = new PartitionRouter<>(first.vertx, OrderKind.KIND, PARTITIONS, 5_000);
      PartitionRouter<WalletCommand, WalletReply> wallets = new PartitionRouter<>(first.vertx, WalletKind.KIND, PARTITIONS, 5_000);
      OrderCommand.Placement placement = new OrderCommand.Placement("u-fault", "cart-fault", Instant.now(), 200_00, 0, 0, null,
          new Order.Payer("A", "B", "a@example.com", "9876543210"),
          List.of(new Order.Hold(Order.Tender.GIFT_CARD, AccountType.GIFT_CARD.key(card), null, 200_00, 200_00, Order.HoldState.PLANNED)),
          "{}");
      Response<OrderReply> begun = await(orders.send(new Request<>(new OrderCommand.Begin(number, placement), "u-fault", "~fault-" + java.util.UUID.randomUUID(), null, false)));
      Order placing = ((OrderReply.View) ((Response.Done<OrderReply>) begun).reply()).order();
      Order.Hold hold = placing.holds().get(0);
      Response<WalletReply> held = await(wallets.send(new Request<>(new WalletCommand.PlaceHold(hold.walletKey(), hold.holdId(), 200_00, "INR",
          Instant.now().plusSeconds(3600), null, "order " + number), "u-fault", "~fault-" + java.util.UUID.randomUUID(), null, false)));
      assertThat(((Response.Done<WalletReply>) held).reply()).isInstanceOf(WalletReply.View.class);
      assertThat(adminCard(first, card).getJsonObject("gift_card").getValue("held").toString()).isIn("200", "200.0", "200.00");
    } // the placing node is gone before it could place the order

    try (TestNode next = TestNode.start(env)) {
      long deadline = System.currentTimeMillis() + 20_000;
      JsonObject view = adminCard(next, card);
      while (System.currentTimeMillis() < deadline && !released(view)) {
        Thread.sleep(250);
        view = adminCard(next, card);
      }
      assertThat(released(view)).as(view.encode()).isTrue();
      JsonArray ledger = view.getJsonArray("ledger");
      assertThat(ledger.stream().filter(l -> "release".equals(((JsonObject) l).getString("type"))).count()).isEqualTo(1);
    }
  }

  @Test
  void a_lost_callback_is_reconciled_with_verify_payment_when_the_storefront_polls() throws Exception {
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "memory", "TENDER_PAYMENT_RECONCILE_AFTER_SECONDS", "0"))) {
      String token = node.anonymousSession().getString("access_token");
      JsonObject placed = ok(node.call(HttpMethod.POST, "/orders", token, new JsonObject().put("cart_id", readyCart(node, token))));
      String number = placed.getJsonObject("order").getString("order_number");
      // PayU knows nothing of it yet: the poll asks, hears "Not Found", and the order stays pending.
      assertThat(ok(node.call(HttpMethod.GET, "/orders/" + number + "/payment-status", token, null)).getString("status"))
          .isEqualTo("pending");

      payWithoutCallback(node, placed);
      assertThat(ok(node.call(HttpMethod.GET, "/orders/" + number, token, null)).getJsonObject("order").getString("payment_status"))
          .as("no callback came").isEqualTo("pending");

      JsonObject status = ok(node.call(HttpMethod.GET, "/orders/" + number + "/payment-status", token, null));
      assertThat(status.getString("status")).isEqualTo("success");
      JsonObject order = ok(node.call(HttpMethod.GET, "/orders/" + number, token, null)).getJsonObject("order");
      assertThat(order.getString("status")).isEqualTo("confirmed");
      assertThat(order.getJsonArray("payments").getJsonObject(0).getString("payment_reference_number")).startsWith("sim");
    }
  }

  @Test
  void a_shoppers_browser_returning_from_payu_is_sent_on_to_the_storefront() throws Exception {
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "memory", "TENDER_STOREFRONT_RETURN_URL", "https://shop.example.com/thanks"))) {
      String token = node.anonymousSession().getString("access_token");
      JsonObject info = ok(node.call(HttpMethod.POST, "/orders", token, new JsonObject().put("cart_id", readyCart(node, token))))
          .getJsonObject("payment_info");
      java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
      for (String f : new String[] {"key", "txnid", "amount", "productinfo", "firstname", "email"}) {
        fields.put(f, String.valueOf(info.getValue(f)));
      }
      fields.put("status", "success");
      fields.put("mihpayid", "403993715521937565");
      fields.put("hash", new dev.tender.payment.PayuHash(OrderHttpTest.KEY, OrderHttpTest.SALT).responseHash(fields));
      io.vertx.core.MultiMap form = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
      fields.forEach(form::add);
      String callback = "/api/v1/test-store/payments/payu/callback";
      HttpResponse<Buffer> browser = await(node.http.post(node.port, "127.0.0.1", callback).followRedirects(false)
          .putHeader("Accept", "text/html,application/xhtml+xml").sendForm(form));
      assertThat(browser.statusCode()).isEqualTo(303);
      String number = info.getString("txnid").replaceAll("-1$", "");
      assertThat(browser.getHeader("Location")).isEqualTo("https://shop.example.com/thanks?order_number=" + number + "&payment_status=success");
      // PayU's server-to-server post of the same callback gets JSON, and changes nothing more.
      HttpResponse<Buffer> server = await(node.http.post(node.port, "127.0.0.1", callback).sendForm(form));
      assertThat(ok(server).getString("payment_status")).isEqualTo("success");
    }
  }

  private static boolean released(JsonObject card) {
    return new java.math.BigDecimal(card.getJsonObject("gift_card").getValue("held").toString()).signum() == 0;
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> keyed(TestNode node, String token, String cartId, String key) {
    return node.request(HttpMethod.POST, "/orders").putHeader("Authorization", "Bearer " + token).putHeader("Idempotency-Key", key)
        .putHeader("Content-Type", "application/json").sendBuffer(new JsonObject().put("cart_id", cartId).toBuffer());
  }

  /** Pays the placed order's attempt on the test gateway, which then posts no callback (a lost one). */
  static void payWithoutCallback(TestNode node, JsonObject placed) throws Exception {
    io.vertx.core.MultiMap form = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    JsonObject info = placed.getJsonObject("payment_info");
    for (String f : new String[] {"key", "txnid", "amount", "productinfo", "firstname", "email", "phone", "surl", "furl", "hash"}) {
      form.add(f, String.valueOf(info.getValue(f)));
    }
    HttpResponse<Buffer> paid = await(node.http.post(node.port, "127.0.0.1", "/sim/payu/_payment?outcome=success&callback=false")
        .sendForm(form));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
  }

  static String readyCart(TestNode node, String token) throws Exception {
    String id = ok(node.call(HttpMethod.POST, "/carts", token, new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("product_id", "p03").put("quantity", 1))))).getJsonObject("cart").getString("id");
    ok(node.call(HttpMethod.POST, "/carts/" + id + "/address", token, new JsonObject().put("billing_address", CartHttpContract.address())
        .put("shipping_address", CartHttpContract.address())));
    return id;
  }

  static String issueCard(TestNode node, long rupees) throws Exception {
    HttpResponse<Buffer> r = await(node.http.post(node.port, "127.0.0.1", "/api/v1/test-store/admin/gift-cards")
        .putHeader("X-Admin-Key", "test-admin-key").sendJsonObject(new JsonObject().put("amount", rupees).put("with_pin", false)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getJsonObject("content").getJsonObject("gift_card").getString("number");
  }

  static JsonObject adminCard(TestNode node, String number) throws Exception {
    HttpResponse<Buffer> r = await(node.http.get(node.port, "127.0.0.1", "/api/v1/test-store/admin/gift-cards/" + number)
        .putHeader("X-Admin-Key", "test-admin-key").send());
    return ok(r);
  }

  static JsonObject ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("content");
  }
}
