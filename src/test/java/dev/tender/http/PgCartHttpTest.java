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

  /**
   * Stops the shared node (it releases its partitions) and starts another on the same database; the
   * shared node comes back when the returned one closes. Two live nodes cannot share partitions: each
   * partition's lease is held by one of them.
   */
  private static TestNode takeOver() throws Exception {
    node.close();
    return TestNode.start(PG).afterClose(() -> node = TestNode.start(PG));
  }

  @Test
  void an_idempotency_key_is_honoured_by_another_node_that_took_over() throws Exception {
    String id = createCart(item("p03", null, 1)).getString("id");
    var first = keyed(HttpMethod.POST, "/carts/" + id + "/items", "restart-key", item("p06", null, 2));
    assertThat(first.statusCode()).isEqualTo(200);
    try (TestNode other = takeOver()) {
      var req = other.request(HttpMethod.POST, "/carts/" + id + "/items").putHeader("Authorization", "Bearer " + token)
          .putHeader("Idempotency-Key", "restart-key").putHeader("Content-Type", "application/json");
      var again = TestNode.await(req.sendBuffer(io.vertx.core.buffer.Buffer.buffer(item("p06", null, 2).encode())));
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    }
  }

  @Test
  void an_acknowledged_cart_survives_a_node_restart() throws Exception {
    var cart = createCart(item("p03", null, 2), item("p01", "p01-m", 1));
    try (TestNode other = takeOver()) {
      var reread = cartOf(other.call(HttpMethod.GET, "/carts/" + cart.getString("id"), token, null));
      assertThat(reread.getJsonArray("cart_items")).isEqualTo(cart.getJsonArray("cart_items"));
      assertThat(reread.getNumber("grand_total")).isEqualTo(cart.getNumber("grand_total"));
    }
  }
}
