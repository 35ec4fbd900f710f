package dev.tender.cluster;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.store.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three real Hazelcast members in this JVM (each its own Vert.x, event bus and HTTP port) over one
 * PostgreSQL: routing, ownership, graceful handover and failover, through the HTTP API.
 */
class ClusterTest {
  private static final int PARTITIONS = 24;
  private final List<TestNode> nodes = new ArrayList<>();
  private Map<String, String> env;

  @BeforeEach
  void startCluster() throws Exception {
    TestDatabase.requireMigrated();
    env = Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL, "TENDER_CLUSTER", "true",
        "TENDER_CLUSTER_NAME", "test-" + UUID.randomUUID(), "TENDER_PARTITIONS", String.valueOf(PARTITIONS),
        "TENDER_HTTP_INSTANCES", "1", "TENDER_PG_POOL_SIZE", "4");
    for (int i = 0; i < 3; i++) {
      nodes.add(TestNode.start(env));
    }
    awaitStable(3);
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (TestNode n : nodes) {
      n.close();
    }
  }

  private JsonObject admin(TestNode node) throws Exception {
    HttpResponse<Buffer> r = await(node.http.get(node.port, "127.0.0.1", "/admin/cluster").putHeader("X-Admin-Key", "test-admin-key").send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("content");
  }

  /** Waits until every live node sees {@code members} members and the table of record matches the runs. */
  private void awaitStable(int members) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      Set<Integer> run = new HashSet<>();
      boolean ok = true;
      for (TestNode n : nodes) {
        JsonObject a = admin(n);
        ok &= a.getJsonArray("members").size() == members;
        for (String p : a.getJsonObject("this_node_runs").fieldNames()) {
          ok &= run.add(Integer.parseInt(p)); // no partition runs twice
        }
        last = a.encode();
      }
      if (ok && run.size() == PARTITIONS) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cluster did not settle: " + last);
  }

  private static String session(TestNode n) throws Exception {
    return n.anonymousSession().getString("access_token");
  }

  private static JsonObject cart(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("content").getJsonObject("cart");
  }

  @Test
  void each_partition_has_one_owner_of_record_and_any_node_serves_any_cart() throws Exception {
    JsonObject view = admin(nodes.get(0));
    JsonArray table = view.getJsonArray("cart_partitions");
    Map<Integer, String> ownerOf = new HashMap<>();
    table.forEach(o -> ownerOf.put(((JsonObject) o).getInteger("partition"), ((JsonObject) o).getString("owner")));
    for (TestNode n : nodes) {
      JsonObject mine = admin(n);
      for (String p : mine.getJsonObject("this_node_runs").fieldNames()) {
        assertThat(ownerOf.get(Integer.parseInt(p))).isEqualTo(mine.getString("node_id"));
      }
    }

    for (int i = 0; i < 12; i++) {
      String token = session(nodes.get(i % 3));
      JsonObject created = cart(nodes.get((i + 1) % 3).call(HttpMethod.POST, "/carts", token,
          new JsonObject().put("items", new JsonArray().add(new JsonObject().put("product_id", "p03").put("variant_id", null).put("quantity", 1 + i % 4)))));
      for (TestNode n : nodes) {
        JsonObject read = cart(n.call(HttpMethod.GET, "/carts/" + created.getString("id"), token, null));
        assertThat(read.getJsonArray("cart_items").getJsonObject(0).getInteger("quantity")).isEqualTo(1 + i % 4);
      }
    }
  }

  @Test
  void a_graceful_leave_hands_its_partitions_over_with_new_epochs_and_keeps_every_cart() throws Exception {
    List<String[]> carts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String token = session(nodes.get(0));
      JsonObject created = cart(nodes.get(i % 3).call(HttpMethod.POST, "/carts", token,
          new JsonObject().put("items", new JsonArray().add(new JsonObject().put("product_id", "p06").put("variant_id", null).put("quantity", 2)))));
      carts.add(new String[] {token, created.getString("id")});
    }
    JsonObject leaver = admin(nodes.get(2));
    Map<String, Long> before = new HashMap<>();
    leaver.getJsonObject("this_node_runs").forEach(e -> before.put(e.getKey(), ((Number) e.getValue()).longValue()));
    assertThat(before).isNotEmpty();

    nodes.remove(2).close();
    awaitStable(2);

    Map<String, Long> after = new HashMap<>();
    for (TestNode n : nodes) {
      admin(n).getJsonObject("this_node_runs").forEach(e -> after.put(e.getKey(), ((Number) e.getValue()).longValue()));
    }
    before.forEach((p, epoch) -> assertThat(after.get(p)).as("partition " + p).isGreaterThan(epoch));
    for (String[] c : carts) {
      for (TestNode n : nodes) {
        assertThat(cart(n.call(HttpMethod.GET, "/carts/" + c[1], c[0], null)).getInteger("cart_items_count")).isEqualTo(1);
      }
    }
  }

  @Test
  void a_joining_member_takes_its_share_and_writes_keep_working() throws Exception {
    String token = session(nodes.get(0));
    String id = cart(nodes.get(0).call(HttpMethod.POST, "/carts", token,
        new JsonObject().put("items", new JsonArray().add(new JsonObject().put("product_id", "p06").put("variant_id", null).put("quantity", 1))))).getString("id");
    nodes.add(TestNode.start(env));
    awaitStable(4);
    assertThat(admin(nodes.get(3)).getJsonObject("this_node_runs").size()).isPositive();
    for (int q = 1; q <= 4; q++) {
      JsonObject set = cart(nodes.get(q - 1).call(HttpMethod.POST, "/carts/" + id + "/items", token,
          new JsonObject().put("product_id", "p06").put("variant_id", null).put("quantity", q)));
      assertThat(set.getJsonArray("cart_items").getJsonObject(0).getInteger("quantity")).isEqualTo(q);
    }
  }

  @Test
  void an_owner_fenced_by_a_newer_epoch_is_refused_and_the_cluster_heals() throws Exception {
    // A shopper, and the member that owns the shopper's partition.
    JsonObject session = nodes.get(0).anonymousSession();
    String token = session.getString("access_token");
    int partition = Kind.partitionOf(session.getJsonObject("user").getString("id"), PARTITIONS);
    String id = cart(nodes.get(0).call(HttpMethod.POST, "/carts", token,
        new JsonObject().put("items", new JsonArray().add(new JsonObject().put("product_id", "p06").put("variant_id", null).put("quantity", 1))))).getString("id");
    String owner = null;
    long epoch = 0;
    for (TestNode n : nodes) {
      JsonObject a = admin(n);
      if (a.getJsonObject("this_node_runs").containsKey(String.valueOf(partition))) {
        owner = a.getString("node_id");
        epoch = a.getJsonObject("this_node_runs").getLong(String.valueOf(partition));
      }
    }
    assertThat(owner).isNotNull();

    // Someone else takes the partition in the store and leaves it with a lapsed lease (what a stale owner
    // experiences after a handover it missed; its lease forbids that, so the row is written directly).
    io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool().connectingTo(TestDatabase.URL).using(nodes.get(0).vertx).build();
    try {
      long intruder = await(pool.preparedQuery("UPDATE partition_owners SET owner = 'intruder', epoch = epoch + 1, lease_until = NULL"
          + " WHERE kind = 'cart' AND partition = $1 RETURNING epoch").execute(io.vertx.sqlclient.Tuple.of(partition)))
          .iterator().next().getLong(0);
      assertThat(intruder).isEqualTo(epoch + 1);

      // The owner's next write is refused by the fence (or its next renewal misses the partition); it
      // steps down, its keeper takes the partition back under a newer epoch, and the router's retry lands
      // there: the caller just sees success.
      JsonObject set = cart(nodes.get(1).call(HttpMethod.POST, "/carts/" + id + "/items", token,
          new JsonObject().put("product_id", "p06").put("variant_id", null).put("quantity", 3)));
      assertThat(set.getJsonArray("cart_items").getJsonObject(0).getInteger("quantity")).isEqualTo(3);
      var row = await(pool.preparedQuery("SELECT written_epoch FROM shoppers WHERE user_id = $1")
          .execute(io.vertx.sqlclient.Tuple.of(session.getJsonObject("user").getString("id")))).iterator().next();
      assertThat(row.getLong(0)).isGreaterThan(intruder);
      var record = await(pool.preparedQuery("SELECT owner, epoch FROM partition_owners WHERE kind = 'cart' AND partition = $1")
          .execute(io.vertx.sqlclient.Tuple.of(partition))).iterator().next();
      assertThat(record.getString(0)).isEqualTo(owner);
      assertThat(record.getLong(1)).isGreaterThan(intruder);
    } finally {
      await(pool.close());
    }
  }
}
