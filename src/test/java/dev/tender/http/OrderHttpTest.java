package dev.tender.http;

import static dev.tender.http.ErrorEnvelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.payment.PayuHash;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Checkout over real HTTP against a real node, on memory and on PostgreSQL: placing an order from a
 * cart paid by points, credit and gift cards, paying the rest on the built-in PayU test gateway (which
 * posts PayU's signed callback to the order's {@code surl}), failing and retrying, cancelling, and
 * what must change nothing. Balances are checked on the gift cards' and the customer's ledgers.
 *
 * <p>Prices from the demo catalog: four p03 are ₹1398.00 + ₹167.76 tax = ₹1565.76, shipping free above ₹999.
 */
class OrderHttpTest {
  static final String KEY = "gtKFFx";
  static final String SALT = "eCwWELxi";

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
    void an_order_paid_by_points_credit_two_gift_cards_and_the_gateway_captures_everything_once() throws Exception {
      String a = issueCard(300);
      String b = issueCard(1000);
      String id = readyCart(item("p03", 4));
      post("/carts/" + id + "/loyalty-points", new JsonObject().put("loyalty_point_redeemed", 100));
      post("/carts/" + id + "/credit-balance", new JsonObject().put("credit_balance_used", 200));
      post("/carts/" + id + "/gift-card", new JsonObject().put("gift_card_number", a));
      JsonObject cart = cartOf(post("/carts/" + id + "/gift-card", new JsonObject().put("gift_card_number", b).put("amount", 250)));
      BigDecimal toBePaid = money(cart, "to_be_paid");
      assertThat(toBePaid).isEqualByComparingTo("715.76"); // 1565.76 − 100 − 200 − 300 − 250

      JsonObject placed = content(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", id)), 200);
      JsonObject order = placed.getJsonObject("order");
      String number = order.getString("order_number");
      assertThat(number).matches("ORD-[0-9A-Z]{10}");
      assertThat(order.getString("status")).isEqualTo("pending");
      assertThat(order.getString("payment_status")).isEqualTo("pending");
      assertThat(money(order, "grand_total")).isEqualByComparingTo("1565.76");
      assertThat(money(order, "to_be_paid")).isEqualByComparingTo(toBePaid);
      assertThat(money(order, "item_total_tax")).isEqualByComparingTo("167.76");
      assertThat(order.getInteger("loyalty_points_redeemed")).isEqualTo(100);
      assertThat(order.getJsonArray("order_items")).hasSize(1);
      assertThat(placed.getBoolean("payment_required")).isTrue();
      JsonObject info = placed.getJsonObject("payment_info");
      assertThat(info.getString("key")).isEqualTo(KEY);
      assertThat(info.getString("txnid")).isEqualTo(number + "-1");
      assertThat(new BigDecimal(info.getValue("amount").toString())).isEqualByComparingTo(toBePaid);
      assertThat(info.getString("surl")).endsWith("/api/v1/test-store/payments/payu/callback");
      assertThat(info.getString("hash")).isEqualTo(new PayuHash(KEY, SALT).requestHash(info.getString("txnid"),
          info.getValue("amount").toString(), info.getString("productinfo"), info.getString("firstname"), info.getString("email")));

      // Held, not spent; the cart is gone; placing it again answers the same order.
      assertCard(a, "0", "300");
      assertCard(b, "750", "250");
      JsonArray holds = content(admin(HttpMethod.GET, "/orders/" + number, null, null), 200).getJsonArray("holds");
      assertThat(holds.stream().map(h -> ((JsonObject) h).getString("tender") + ":" + ((JsonObject) h).getString("state")))
          .containsExactly("loyalty_points:held", "store_credit:held", "gift_card:held", "gift_card:held");
      assertThat(get(id).statusCode()).isEqualTo(404);
      JsonObject again = content(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", id)), 200);
      assertThat(again.getJsonObject("order").getString("order_number")).isEqualTo(number);
      assertCard(b, "750", "250");

      JsonObject callback = pay(info, "success");
      assertThat(callback.getString("payment_status")).isEqualTo("success");
      JsonObject paid = order(number);
      assertThat(paid.getString("status")).isEqualTo("confirmed");
      assertThat(paid.getString("payment_status")).isEqualTo("success");
      assertThat(paid.getString("payment_success_date")).isNotNull();
      assertThat(paid.getJsonArray("payments")).hasSize(1);
      assertThat(paid.getJsonArray("payments").getJsonObject(0).getString("payment_status")).isEqualTo("success");
      eventually(() -> {
        assertCard(a, "0", "0");
        assertCard(b, "750", "0");
        JsonObject wallet = wallet();
        assertThat(wallet.getLong("loyalty_points")).as(wallet.encode())
            .isEqualTo(1000 - 100 + order.getInteger("loyalty_points_earned"));
        assertThat(money(wallet, "credit_balance")).isEqualByComparingTo("300");
      });

      // PayU posting the same callback again changes nothing.
      assertThat(pay(info, "success").getString("payment_status")).isEqualTo("success");
      assertThat(order(number).getJsonArray("payments")).hasSize(1);
      JsonObject status = content(call(HttpMethod.GET, "/orders/" + number + "/payment-status", null), 200);
      assertThat(money(status, "amount_paid")).isEqualByComparingTo(toBePaid);
      assertThat(money(status, "amount_unpaid")).isEqualByComparingTo("0");
      assertThat(status.getBoolean("is_retry_available")).isFalse();

      JsonObject list = content(call(HttpMethod.GET, "/orders?user_id=" + userId, null), 200);
      assertThat(list.getJsonArray("orders")).hasSize(1);
      JsonObject row = list.getJsonArray("orders").getJsonObject(0);
      assertThat(row.getString("order_number")).isEqualTo(number);
      assertThat(row.getInteger("loyalty_point_redeemed")).isEqualTo(100);
      assertThat(list.getJsonObject("pagination").getInteger("total_records")).isEqualTo(1);
    }

    @Test
    void a_failed_payment_may_be_retried_at_once_with_a_new_txnid_and_a_fresh_one_may_not() throws Exception {
      JsonObject placed = place(readyCart(item("p03", 1)));
      String number = placed.getJsonObject("order").getString("order_number");
      JsonObject first = placed.getJsonObject("payment_info");

      assertError(call(HttpMethod.POST, "/orders/" + number + "/retry-payment", new JsonObject()), 400, "PAYMENT_RETRY_NOT_ALLOWED");
      assertThat(paymentStatus(number).getBoolean("is_retry_available")).isFalse();

      assertThat(pay(first, "failure").getString("payment_status")).isEqualTo("failed");
      assertThat(paymentStatus(number).getBoolean("is_retry_available")).isTrue();
      assertThat(order(number).getString("status")).isEqualTo("pending");

      JsonObject retried = content(call(HttpMethod.POST, "/orders/" + number + "/retry-payment", new JsonObject()), 200);
      JsonObject second = retried.getJsonObject("payment_info");
      assertThat(second.getString("txnid")).isEqualTo(number + "-2");
      assertThat(second.getString("hash")).isNotEqualTo(first.getString("hash"));
      assertThat(paymentStatus(number).getString("status")).isEqualTo("pending");

      // A success for the superseded first attempt never changes the order.
      pay(first, "success");
      assertThat(order(number).getString("payment_status")).isEqualTo("pending");

      assertThat(pay(second, "success").getString("payment_status")).isEqualTo("success");
      JsonArray payments = order(number).getJsonArray("payments");
      assertThat(payments).hasSize(2);
      assertThat(payments.getJsonObject(0).getString("payment_status")).isEqualTo("failed");
      assertThat(payments.getJsonObject(1).getString("request_number")).isEqualTo(number + "-2");
    }

    @Test
    void cancelling_the_payment_request_allows_a_retry_at_once() throws Exception {
      String number = place(readyCart(item("p03", 1))).getJsonObject("order").getString("order_number");
      content(call(HttpMethod.POST, "/orders/" + number + "/cancel-payment-request", null), 200);
      assertThat(paymentStatus(number).getBoolean("is_retry_available")).isTrue();
      assertError(call(HttpMethod.POST, "/orders/" + number + "/cancel-payment-request", null), 400, "NO_OPEN_PAYMENT_REQUEST");
      content(call(HttpMethod.POST, "/orders/" + number + "/retry-payment", new JsonObject()), 200);
    }

    @Test
    void a_tampered_callback_is_refused_and_changes_nothing() throws Exception {
      JsonObject info = place(readyCart(item("p03", 1))).getJsonObject("payment_info");
      PayuHash payu = new PayuHash(KEY, SALT);
      Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("key", KEY, "txnid", info.getString("txnid"),
          "amount", info.getValue("amount").toString(), "productinfo", info.getString("productinfo"),
          "firstname", info.getString("firstname"), "email", info.getString("email"), "status", "success", "mihpayid", "x1"));
      form.put("hash", payu.responseHash(form));
      form.put("amount", "1.00"); // paid one rupee, claims the order
      assertError(callback(form), 400, "INVALID_CALLBACK");
      form.put("amount", info.getValue("amount").toString());
      form.put("hash", "0".repeat(128));
      assertError(callback(form), 400, "INVALID_CALLBACK");
      String number = info.getString("txnid").replaceAll("-1$", "");
      assertThat(order(number).getString("payment_status")).isEqualTo("pending");
      // Recorded with the order, for operators.
      JsonObject forOperators = content(admin(HttpMethod.GET, "/orders/" + number, null, null), 200);
      assertThat(forOperators.getJsonArray("journal")).hasSize(2)
          .allSatisfy(line -> assertThat(line.toString()).contains("refused callback").contains("hash does not verify"));
      assertThat(forOperators.getJsonObject("order").getString("order_number")).isEqualTo(number);
      assertThat(adminRaw(HttpMethod.GET, "/orders/" + number, null, null, null).statusCode()).isEqualTo(401);
      // The genuine one still works.
      form.put("hash", payu.responseHash(form));
      assertThat(content(callback(form), 200).getString("payment_status")).isEqualTo("success");
    }

    @Test
    void a_balance_that_fell_short_by_placement_is_a_409_naming_the_card_and_nothing_is_held() throws Exception {
      String card = issueCard(300);
      String first = readyCart(item("p03", 1));
      post("/carts/" + first + "/gift-card", new JsonObject().put("gift_card_number", card));
      String firstShopper = token;
      newShopper();
      String second = readyCart(item("p03", 1));
      post("/carts/" + second + "/gift-card", new JsonObject().put("gift_card_number", card));
      String secondShopper = token;

      token = firstShopper;
      place(first);
      assertCard(card, "0", "300");

      token = secondShopper;
      HttpResponse<Buffer> refused = call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", second));
      assertError(refused, 409, "INSUFFICIENT_GIFT_CARD_BALANCE");
      assertThat(refused.bodyAsJsonObject().getString("message")).contains("gift card");
      assertCard(card, "0", "300");
      assertThat(cartOf(get(second)).getString("id")).isEqualTo(second); // still the shopper's cart
      JsonObject wallet = wallet();
      assertThat(money(wallet, "credit_held")).isEqualByComparingTo("0");
    }

    @Test
    void an_order_with_nothing_left_to_pay_is_confirmed_at_once_and_its_card_captured() throws Exception {
      String card = issueCard(5000);
      String id = readyCart(item("p03", 1));
      post("/carts/" + id + "/gift-card", new JsonObject().put("gift_card_number", card));
      JsonObject placed = place(id);
      assertThat(placed.getBoolean("payment_required")).isFalse();
      assertThat(placed.getValue("payment_info")).isNull();
      JsonObject order = placed.getJsonObject("order");
      assertThat(order.getString("status")).isEqualTo("confirmed");
      assertThat(order.getString("payment_status")).isEqualTo("success");
      String left = new BigDecimal("5000").subtract(money(order, "grand_total")).toPlainString();
      eventually(() -> assertCard(card, left, "0"));
    }

    @Test
    void cancelling_an_unpaid_order_releases_its_holds_and_a_paid_one_refunds_its_stored_value() throws Exception {
      String card = issueCard(100);
      String id = readyCart(item("p03", 1));
      post("/carts/" + id + "/credit-balance", new JsonObject().put("credit_balance_used", 50));
      post("/carts/" + id + "/gift-card", new JsonObject().put("gift_card_number", card));
      JsonObject placed = place(id);
      String number = placed.getJsonObject("order").getString("order_number");
      assertCard(card, "0", "100");
      JsonObject cancelled = content(call(HttpMethod.POST, "/orders/" + number + "/cancel",
          new JsonObject().put("cancellation_reason", "changed my mind").put("refund_mode", "original-payment-mode")), 200);
      assertThat(cancelled.getJsonObject("order").getString("status")).isEqualTo("cancelled");
      eventually(() -> {
        assertCard(card, "100", "0");
        JsonObject wallet = wallet();
        assertThat(money(wallet, "credit_balance")).isEqualByComparingTo("500");
        assertThat(money(wallet, "credit_held")).isEqualByComparingTo("0");
      });
      assertError(call(HttpMethod.POST, "/orders/" + number + "/cancel", new JsonObject()), 400, "CANCELLATION_NOT_ALLOWED");
      // A callback after the cancel does not revive the order.
      pay(placed.getJsonObject("payment_info"), "success");
      assertThat(order(number).getString("status")).isEqualTo("cancelled");

      String paidCard = issueCard(100);
      String other = readyCart(item("p03", 1));
      post("/carts/" + other + "/gift-card", new JsonObject().put("gift_card_number", paidCard));
      JsonObject paidOrder = place(other);
      pay(paidOrder.getJsonObject("payment_info"), "success");
      eventually(() -> assertCard(paidCard, "0", "0"));
      String paidNumber = paidOrder.getJsonObject("order").getString("order_number");
      content(call(HttpMethod.POST, "/orders/" + paidNumber + "/cancel", new JsonObject()), 200);
      eventually(() -> assertCard(paidCard, "100", "0"));
      JsonArray payments = order(paidNumber).getJsonArray("payments");
      assertThat(payments.getJsonObject(payments.size() - 1).getString("transaction_type")).isEqualTo("refund");
    }

    @Test
    void bad_orders_are_refused_and_change_nothing() throws Exception {
      String id = createCart(item("p03", 1)).getString("id");
      assertError(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", id)), 400, "CART_NOT_READY");
      assertThat(cartOf(get(id)).getString("id")).isEqualTo(id);
      assertError(call(HttpMethod.POST, "/orders", new JsonObject()), 400, "VALIDATION_ERROR");
      assertError(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", id)
          .put("payment_method", new JsonObject().put("payment_provider_slug", "juspay"))), 400, "UNSUPPORTED_PAYMENT_METHOD");
      String ready = readyCart(item("p03", 1));
      String owner = token;
      newShopper();
      assertError(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", ready)), 404, "NOT_FOUND");
      token = owner;
      String number = place(ready).getJsonObject("order").getString("order_number");
      newShopper();
      assertError(call(HttpMethod.GET, "/orders/" + number, null), 404, "NOT_FOUND");
      assertError(call(HttpMethod.POST, "/orders/" + number + "/cancel", new JsonObject()), 404, "NOT_FOUND");
      assertError(call(HttpMethod.GET, "/orders/ORD-0000000000", null), 404, "NOT_FOUND");
      assertError(call(HttpMethod.GET, "/orders/nonsense", null), 404, "NOT_FOUND");
      assertThat(content(call(HttpMethod.GET, "/orders", null), 200).getJsonArray("orders")).isEmpty();
    }

    @Test
    void an_idempotency_key_answers_the_same_order_and_refuses_another_body() throws Exception {
      String id = readyCart(item("p03", 1));
      JsonObject body = new JsonObject().put("cart_id", id);
      HttpResponse<Buffer> first = keyed("/orders", "order-key-1", body);
      HttpResponse<Buffer> second = keyed("/orders", "order-key-1", body);
      assertThat(content(second, 200).getJsonObject("order").getString("order_number"))
          .isEqualTo(content(first, 200).getJsonObject("order").getString("order_number"));
      assertError(keyed("/orders", "order-key-1", new JsonObject().put("cart_id", id).put("x", 1)), 422, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void the_test_gateway_refuses_a_wrong_request_hash_and_calls_back_only_this_node() throws Exception {
      JsonObject info = place(readyCart(item("p03", 1))).getJsonObject("payment_info");
      HttpResponse<Buffer> elsewhere = gateway(info.copy().put("surl", "http://192.0.2.1:9/steal"), "success");
      assertError(elsewhere, 400, "VALIDATION_ERROR");
      HttpResponse<Buffer> forged = gateway(info.copy().put("amount", "1"), "success");
      assertThat(forged.statusCode()).isEqualTo(400);
      String number = info.getString("txnid").replaceAll("-1$", "");
      assertThat(order(number).getString("payment_status")).isEqualTo("pending");
    }

    @Test
    void a_coupon_use_is_reserved_at_placement_confirmed_when_paid_given_back_on_cancel_and_refused_once_disabled() throws Exception {
      String code = "ORD" + Long.toString(System.nanoTime(), 36).toUpperCase(java.util.Locale.ROOT);
      content(admin(HttpMethod.POST, "/coupons", null, CouponHttpTest.percentage(code, 10).put("name", "Ten off")), 201);
      String paidCart = readyCart(item("p03", 1));
      content(call(HttpMethod.POST, "/carts/" + paidCart + "/coupon", new JsonObject().put("coupon_code", code)), 200);
      JsonObject paid = place(paidCart);
      assertThat(paid.getJsonObject("order").getString("coupon_code")).isEqualTo(code);
      assertThat(coupon(code).getLong("reserved_count")).isEqualTo(1);
      pay(paid.getJsonObject("payment_info"), "success");
      eventually(() -> {
        assertThat(coupon(code).getLong("redemption_count")).isEqualTo(1);
        assertThat(coupon(code).getLong("reserved_count")).isZero();
      });
      // Cancelled after it was paid: the confirmed use is given back, once (a second cancel is refused).
      String paidNumber = paid.getJsonObject("order").getString("order_number");
      content(call(HttpMethod.POST, "/orders/" + paidNumber + "/cancel", new JsonObject()), 200);
      eventually(() -> assertThat(coupon(code).getLong("redemption_count")).isZero());
      assertThat(call(HttpMethod.POST, "/orders/" + paidNumber + "/cancel", new JsonObject()).statusCode()).isEqualTo(400);

      newShopper();
      String cancelledCart = readyCart(item("p03", 1));
      content(call(HttpMethod.POST, "/carts/" + cancelledCart + "/coupon", new JsonObject().put("coupon_code", code)), 200);
      String cancelled = place(cancelledCart).getJsonObject("order").getString("order_number");
      assertThat(coupon(code).getLong("reserved_count")).isEqualTo(1);
      content(call(HttpMethod.POST, "/orders/" + cancelled + "/cancel", new JsonObject()), 200);
      eventually(() -> assertThat(coupon(code).getLong("reserved_count")).isZero());

      // Disabled after it was applied: the cart still shows it, but placing the order asks the coupon again.
      newShopper();
      String card = issueCard(100);
      String late = readyCart(item("p03", 1));
      content(call(HttpMethod.POST, "/carts/" + late + "/coupon", new JsonObject().put("coupon_code", code)), 200);
      post("/carts/" + late + "/gift-card", new JsonObject().put("gift_card_number", card));
      content(admin(HttpMethod.POST, "/coupons/" + code + "/disable", null, null), 200);
      assertError(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", late)), 409, "INVALID_COUPON");
      eventually(() -> assertCard(card, "100", "0")); // the card's hold, taken beside the refused use, is given back
      assertThat(coupon(code).getLong("redemption_count")).isZero();
      assertThat(cartOf(get(late)).getString("id")).isEqualTo(late);
    }

    JsonObject coupon(String code) throws Exception {
      return content(admin(HttpMethod.GET, "/coupons/" + code, null, null), 200).getJsonObject("coupon");
    }

    @Test
    void generate_hash_signs_a_payu_api_command() throws Exception {
      JsonObject hash = content(call(HttpMethod.POST, "/payments/generate-hash",
          new JsonObject().put("payment_gateway", "payu").put("plain_text", "vpa_validate|name@upi")), 200);
      assertThat(hash.getString("hash")).isEqualTo(sha512Hex(KEY + "|vpa_validate|name@upi|" + SALT));
      assertError(call(HttpMethod.POST, "/payments/generate-hash", new JsonObject().put("payment_gateway", "stripe")
          .put("plain_text", "x")), 400, "UNSUPPORTED_PAYMENT_METHOD");
    }

    // ---------------------------------------------------------------- helpers

    /** A cart with these items and both addresses: ready for payment. */
    String readyCart(JsonObject... items) throws Exception {
      String id = createCart(items).getString("id");
      JsonObject addressed = cartOf(call(HttpMethod.POST, "/carts/" + id + "/address",
          new JsonObject().put("billing_address", CartHttpContract.address()).put("shipping_address", CartHttpContract.address())));
      assertThat(addressed.getString("status")).isEqualTo("ready-for-payment");
      return id;
    }

    JsonObject place(String cartId) throws Exception {
      return content(call(HttpMethod.POST, "/orders", new JsonObject().put("cart_id", cartId)), 200);
    }

    JsonObject order(String number) throws Exception {
      return content(call(HttpMethod.GET, "/orders/" + number, null), 200).getJsonObject("order");
    }

    JsonObject paymentStatus(String number) throws Exception {
      return content(call(HttpMethod.GET, "/orders/" + number + "/payment-status", null), 200);
    }

    HttpResponse<Buffer> post(String path, JsonObject body) throws Exception {
      HttpResponse<Buffer> r = call(HttpMethod.POST, path, body);
      assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(200);
      return r;
    }

    HttpResponse<Buffer> keyed(String path, String key, JsonObject body) throws Exception {
      return answered("POST " + path, node().request(HttpMethod.POST, path).putHeader("Authorization", "Bearer " + token)
          .putHeader("Idempotency-Key", key).putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()));
    }

    /** Posts the payment request, as a storefront would, to the test gateway, which posts PayU's callback back to us. */
    JsonObject pay(JsonObject info, String outcome) throws Exception {
      HttpResponse<Buffer> r = gateway(info, outcome);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      return r.bodyAsJsonObject().getJsonObject("content");
    }

    HttpResponse<Buffer> gateway(JsonObject info, String outcome) throws Exception {
      MultiMap form = MultiMap.caseInsensitiveMultiMap();
      for (String f : new String[] {"key", "txnid", "amount", "productinfo", "firstname", "email", "phone", "surl", "furl", "hash"}) {
        form.add(f, String.valueOf(info.getValue(f)));
      }
      return answered("test gateway", node().http.post(node().port, "127.0.0.1", "/sim/payu/_payment?outcome=" + outcome).sendForm(form));
    }

    HttpResponse<Buffer> callback(Map<String, String> fields) throws Exception {
      MultiMap form = MultiMap.caseInsensitiveMultiMap();
      fields.forEach(form::add);
      return answered("callback", node().http.post(node().port, "127.0.0.1", "/api/v1/test-store/payments/payu/callback")
          .sendForm(form));
    }

    String issueCard(long rupees) throws Exception {
      HttpResponse<Buffer> r = admin(HttpMethod.POST, "/gift-cards", null, new JsonObject().put("amount", rupees).put("with_pin", false));
      return content(r, 201).getJsonObject("gift_card").getString("number");
    }

    /** The card's available balance (the admin view's {@code balance}) and what is held on it. */
    void assertCard(String number, String available, String held) throws Exception {
      JsonObject card = content(admin(HttpMethod.GET, "/gift-cards/" + number, null, null), 200).getJsonObject("gift_card");
      assertThat(money(card, "balance")).as("available on " + number).isEqualByComparingTo(available);
      assertThat(money(card, "held")).as("held on " + number).isEqualByComparingTo(held);
    }

    JsonObject wallet() throws Exception {
      return content(admin(HttpMethod.GET, "/customers/" + userId + "/wallet", null, null), 200);
    }
  }

  /** Captures and releases travel through the order's outbox: they land shortly after the answer. */
  static void eventually(ThrowingRunnable check) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static String sha512Hex(String s) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-512").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder();
    for (byte x : d) {
      hex.append(String.format("%02x", x));
    }
    return hex.toString();
  }
}
