package dev.tender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.store.TestDatabase;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgCartHttpTest extends CartHttpContract {
  private static final Map<String, String> PG = Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL);
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    TestDatabase.requireMigrated();
    node = TestNode.start(PG);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Override
  TestNode node() {
    return node;
  }

  @Test
  void an_acknowledged_cart_survives_a_node_restart() throws Exception {
    var cart = createCart(item("p03", null, 2), item("p01", "p01-m", 1));
    try (TestNode other = TestNode.start(PG)) {
      var reread = cartOf(other.call(HttpMethod.GET, "/carts/" + cart.getString("id"), token, null));
      assertThat(reread.getJsonArray("cart_items")).isEqualTo(cart.getJsonArray("cart_items"));
      assertThat(reread.getNumber("grand_total")).isEqualTo(cart.getNumber("grand_total"));
    }
  }
}
