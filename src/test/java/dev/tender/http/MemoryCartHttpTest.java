package dev.tender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MemoryCartHttpTest extends CartHttpContract {
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(Map.of("TENDER_STORE", "memory"));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Override
  TestNode node() {
    return node;
  }

  @Test
  void an_expired_cart_is_gone_and_a_new_one_can_be_created() throws Exception {
    try (TestNode shortLived = TestNode.start(Map.of("TENDER_CART_TTL_SECONDS", "1"))) {
      String t = shortLived.anonymousSession().getString("access_token");
      var created = shortLived.call(HttpMethod.POST, "/carts", t,
          new io.vertx.core.json.JsonObject().put("items", new io.vertx.core.json.JsonArray().add(item("p06", null, 1))));
      String id = cartOf(created).getString("id");
      Thread.sleep(1_200);
      assertError(shortLived.call(HttpMethod.GET, "/carts/" + id, t, null), 404, "CART_EXPIRED");
      var again = shortLived.call(HttpMethod.POST, "/carts", t,
          new io.vertx.core.json.JsonObject().put("items", new io.vertx.core.json.JsonArray().add(item("p03", null, 1))));
      assertThat(cartOf(again).getString("id")).isNotEqualTo(id);
      assertThat(cartOf(again).getInteger("cart_items_count")).isEqualTo(1);
    }
  }
}
