package dev.tender.http;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.store.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A customer reads their loyalty account and its activity the way the SDK's {@code customer.getLoyaltyDetails}
 * and {@code listLoyaltyPointsActivity} do, on PostgreSQL; the figures follow the loyalty ledger.
 */
class LoyaltyHttpTest {
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    TestDatabase.requireMigrated();
    node = TestNode.start(Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private record Shopper(String token, String id) {}

  private static Shopper shopper() throws Exception {
    JsonObject s = node.anonymousSession();
    return new Shopper(s.getString("access_token"), s.getJsonObject("user").getString("id"));
  }

  private static JsonObject get(Shopper s, String path) throws Exception {
    HttpResponse<Buffer> r = node.call(HttpMethod.GET, path, s.token(), null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("content");
  }

  private static void adjustPoints(String user, int points) throws Exception {
    HttpResponse<Buffer> r = await(node.http.post(node.port, "127.0.0.1", "/api/v1/test-store/admin/customers/" + user + "/loyalty")
        .putHeader("X-Admin-Key", "test-admin-key").sendJsonObject(new JsonObject().put("points", points).put("reason", "test")));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  @Test
  void a_new_customer_has_the_welcome_points_as_a_signup_activity() throws Exception {
    Shopper s = shopper();
    JsonObject loyalty = get(s, "/customers/" + s.id() + "/loyalty").getJsonObject("loyalty");
    assertThat(loyalty.getLong("points_balance")).isEqualTo(1000);
    assertThat(loyalty.getLong("points_earned")).isEqualTo(1000);
    assertThat(loyalty.getLong("points_redeemed")).isZero();
    assertThat(loyalty.getString("membership_number")).isEqualTo(s.id());
    JsonArray activity = get(s, "/customers/" + s.id() + "/loyalty-points-activity").getJsonArray("loyalty_points_activity");
    assertThat(activity).hasSize(1);
    assertThat(activity.getJsonObject(0).getString("action")).isEqualTo("add");
    assertThat(activity.getJsonObject(0).getString("activity")).isEqualTo("signup");
    assertThat(activity.getJsonObject(0).getLong("loyalty_points")).isEqualTo(1000);
  }

  @Test
  void adjustments_move_the_balance_and_show_newest_first_a_page_at_a_time() throws Exception {
    Shopper s = shopper();
    adjustPoints(s.id(), -200);
    adjustPoints(s.id(), 50);
    JsonObject loyalty = get(s, "/customers/" + s.id() + "/loyalty").getJsonObject("loyalty");
    assertThat(loyalty.getLong("points_balance")).isEqualTo(850);
    assertThat(loyalty.getLong("points_earned")).isEqualTo(1050);
    assertThat(loyalty.getLong("points_redeemed")).isEqualTo(200);
    JsonObject all = get(s, "/customers/" + s.id() + "/loyalty-points-activity");
    assertThat(all.getJsonArray("loyalty_points_activity")).extracting(o -> ((JsonObject) o).getString("action") + " "
        + ((JsonObject) o).getLong("loyalty_points")).containsExactly("add 50", "remove 200", "add 1000");
    JsonObject second = get(s, "/customers/" + s.id() + "/loyalty-points-activity?limit=1&page=2");
    assertThat(second.getJsonArray("loyalty_points_activity")).extracting(o -> ((JsonObject) o).getLong("loyalty_points"))
        .containsExactly(200L);
    assertThat(second.getJsonObject("pagination").getInteger("total_records")).isEqualTo(3);
    assertThat(second.getJsonObject("pagination").getInteger("next_page")).isEqualTo(3);
    assertThat(second.getJsonObject("pagination").getInteger("previous_page")).isEqualTo(1);
  }

  @Test
  void a_bad_idempotency_key_on_a_route_that_asks_the_wallet_first_is_still_a_400() throws Exception {
    Shopper s = shopper();
    HttpResponse<Buffer> cart = node.call(HttpMethod.POST, "/carts", s.token(),
        new JsonObject().put("items", new JsonArray().add(new JsonObject().put("product_id", "p03").putNull("variant_id").put("quantity", 2))));
    String cartId = cart.bodyAsJsonObject().getJsonObject("content").getJsonObject("cart").getString("id");
    HttpResponse<Buffer> r = await(node.request(HttpMethod.POST, "/carts/" + cartId + "/loyalty-points")
        .putHeader("Authorization", "Bearer " + s.token()).putHeader("Idempotency-Key", "x".repeat(256)).timeout(5_000)
        .sendJsonObject(new JsonObject().put("loyalty_point_redeemed", 10)));
    ErrorEnvelope.assertError(r, 400, "VALIDATION_ERROR");
  }

  @Test
  void only_the_customer_reads_their_loyalty() throws Exception {
    Shopper s = shopper();
    Shopper other = shopper();
    for (String path : new String[] {"/loyalty", "/loyalty-points-activity"}) {
      ErrorEnvelope.assertError(node.call(HttpMethod.GET, "/customers/" + other.id() + path, s.token(), null), 404, "NOT_FOUND");
      assertThat(node.call(HttpMethod.GET, "/customers/" + s.id() + path, null, null).statusCode()).isEqualTo(401);
    }
    ErrorEnvelope.assertError(node.call(HttpMethod.GET, "/customers/" + s.id() + "/loyalty-points-activity?limit=0", s.token(), null),
        400, "VALIDATION_ERROR");
  }
}
