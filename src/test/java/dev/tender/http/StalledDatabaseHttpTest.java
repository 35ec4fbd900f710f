package dev.tender.http;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops answering writes (another session holds a lock on the shoppers table): commands
 * fail with 503 + Retry-After, new ones fast instead of queueing, and the node recovers by itself
 * once the database answers again.
 */
class StalledDatabaseHttpTest {
  @Test
  void a_hung_database_fails_commands_fast_and_the_partition_recovers_when_it_answers() throws Exception {
    TestDatabase.requireMigrated();
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL,
        "TENDER_PARTITIONS", "1", "TENDER_PG_STATEMENT_TIMEOUT_MS", "3000", "TENDER_REQUEST_TIMEOUT_MS", "2000"))) {
      String token = node.anonymousSession().getString("access_token");
      JsonObject created = node.call(HttpMethod.POST, "/carts", token, new JsonObject().put("items",
          new JsonArray().add(item("p03", 1)))).bodyAsJsonObject().getJsonObject("content").getJsonObject("cart");
      String items = "/carts/" + created.getString("id") + "/items";

      Pool locker = PgBuilder.pool().connectingTo(TestDatabase.URL).using(node.vertx).build();
      SqlConnection conn = await(locker.getConnection());
      try {
        await(conn.query("BEGIN").execute());
        await(conn.query("LOCK TABLE shoppers IN EXCLUSIVE MODE").execute()); // reads go on, writes wait

        Future<HttpResponse<Buffer>> stuck = send(node, token, items, item("p06", 1));
        Thread.sleep(1_800); // past the point where the partition counts its store as stalled
        long t0 = System.currentTimeMillis();
        HttpResponse<Buffer> fast = await(send(node, token, items, item("p06", 2)));
        long tookMs = System.currentTimeMillis() - t0;
        assertThat(fast.statusCode()).as(fast.bodyAsString()).isEqualTo(503);
        assertThat(fast.getHeader("Retry-After")).isNotNull();
        assertThat(fast.bodyAsJsonObject().getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(tookMs).as("refused at once, not queued").isLessThan(1_000);
        HttpResponse<Buffer> first = await(stuck);
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(503);
      } finally {
        await(conn.query("ROLLBACK").execute());
        conn.close();
        await(locker.close());
      }

      // The database answers again: the partition serves without a restart.
      HttpResponse<Buffer> recovered = null;
      long deadline = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < deadline) {
        recovered = await(send(node, token, items, item("p06", 3)));
        if (recovered.statusCode() == 200) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(recovered.statusCode()).as(recovered.bodyAsString()).isEqualTo(200);
      JsonArray lines = node.call(HttpMethod.GET, "/carts/" + created.getString("id"), token, null).bodyAsJsonObject()
          .getJsonObject("content").getJsonObject("cart").getJsonArray("cart_items");
      assertThat(lines.stream().map(o -> ((JsonObject) o).getString("product_id") + "=" + ((JsonObject) o).getInteger("quantity")))
          .containsExactly("p03=1", "p06=3");
    }
  }

  private static JsonObject item(String product, int qty) {
    return new JsonObject().put("product_id", product).put("variant_id", null).put("quantity", qty);
  }

  private static Future<HttpResponse<Buffer>> send(TestNode node, String token, String path, JsonObject body) {
    return node.request(HttpMethod.POST, path).putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode()));
  }
}
