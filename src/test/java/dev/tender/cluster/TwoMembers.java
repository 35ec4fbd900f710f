package dev.tender.cluster;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two real Hazelcast members in this JVM over the test PostgreSQL, started before each test and closed
 * after it, with a router to one kind through each, SQL to check what they stored, and sends that a
 * client re-sends on temporary failures; exists so the kinds' concurrency tests share one two-member
 * harness instead of each keeping a copy. Register it on an instance field:
 * {@code @RegisterExtension final TwoMembers<C, R> cluster = new TwoMembers<>(kind, scope);}
 */
public final class TwoMembers<C, R> implements BeforeEachCallback, AfterEachCallback {
  /** Partitions of every kind: few, so that each member runs several of each. */
  public static final int PARTITIONS = 8;
  /** How long {@link #send} keeps re-sending a request that failed for a reason that passes (e.g. 529 OVERLOADED). */
  private static final long CLIENT_RETRY_MS = 20_000;

  private final Kind<C, R> kind;
  private final String scope;
  private final List<TestNode> members = new ArrayList<>();
  private PartitionRouter<C, R> routerA;
  private PartitionRouter<C, R> routerB;
  private Vertx sqlVertx;
  private Pool sql;
  /** Sends {@link #send} had to repeat (the router gave up on a temporary failure). */
  private final AtomicInteger clientRetries = new AtomicInteger();

  /** Members for {@code kind}'s tests; its mutations are sent under {@code scope}. */
  public TwoMembers(Kind<C, R> kind, String scope) {
    this.kind = kind;
    this.scope = scope;
  }

  /** Starts both members (a cluster of their own) and waits until it is stable. */
  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    TestDatabase.requireMigrated();
    Map<String, String> env = Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL, "TENDER_CLUSTER", "true",
        "TENDER_CLUSTER_NAME", kind.name() + "-" + UUID.randomUUID(), "TENDER_PARTITIONS", String.valueOf(PARTITIONS),
        "TENDER_HTTP_INSTANCES", "1", "TENDER_PG_POOL_SIZE", "4");
    members.add(TestNode.start(env));
    members.add(TestNode.start(env));
    awaitStable();
    routerA = new PartitionRouter<>(memberA().vertx, kind, PARTITIONS, 10_000);
    routerB = new PartitionRouter<>(memberB().vertx, kind, PARTITIONS, 10_000);
    sqlVertx = Vertx.vertx();
    sql = PgBuilder.pool().connectingTo(TestDatabase.URL).using(sqlVertx).build();
  }

  /** Closes what {@link #beforeEach} started, also when it failed half-way. */
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      for (TestNode n : members) {
        n.close();
      }
    } finally {
      if (sql != null) {
        await(sql.close());
      }
      if (sqlVertx != null) {
        await(sqlVertx.close());
      }
    }
  }

  public TestNode memberA() {
    return members.get(0);
  }

  public TestNode memberB() {
    return members.get(1);
  }

  /** The kind's router on member A. */
  public PartitionRouter<C, R> routerA() {
    return routerA;
  }

  /** The kind's router on member B. */
  public PartitionRouter<C, R> routerB() {
    return routerB;
  }

  // ---- sending ----------------------------------------------------------------------------------

  /** A mutation under a client's idempotency key, as an HTTP client's retry would send it. */
  public Future<Response<R>> sendRaw(PartitionRouter<C, R> router, C command, String key) {
    return router.send(new Request<>(command, scope, key, null, true));
  }

  /**
   * {@link #sendRaw}, and what a client does with a temporary failure the router gave up on (503/529):
   * the same request again, with the same key, so it is still applied at most once.
   */
  public Future<Response<R>> send(PartitionRouter<C, R> router, C command, String key) {
    return sendUntil(router, command, key, System.currentTimeMillis() + CLIENT_RETRY_MS);
  }

  private Future<Response<R>> sendUntil(PartitionRouter<C, R> router, C command, String key, long deadline) {
    return sendRaw(router, command, key).recover(e -> {
      if (!Failures.temporary(e) || System.currentTimeMillis() > deadline) {
        return Future.failedFuture(e);
      }
      clientRetries.incrementAndGet();
      Promise<Response<R>> again = Promise.promise();
      memberA().vertx.setTimer(100, t -> sendUntil(router, command, key, deadline).onComplete(again));
      return again.future();
    });
  }

  /** How many sends {@link #send} had to repeat so far. */
  public int clientRetries() {
    return clientRetries.get();
  }

  /** The reply of a response that must be {@link Response.Done}. */
  public static <R> R reply(Response<R> r) {
    assertThat(r).isInstanceOf(Response.Done.class);
    return ((Response.Done<R>) r).reply();
  }

  /** Waits for every send; each must have answered. */
  public static <R> List<Response<R>> responses(List<Future<Response<R>>> sent) throws Exception {
    try {
      await(Future.join(sent));
    } catch (ExecutionException e) {
      // Reported below, per request.
    }
    List<Response<R>> out = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      Future<Response<R>> f = sent.get(i);
      assertThat(f.succeeded()).as("request %d failed: %s", i, f.cause()).isTrue();
      out.add(f.result());
    }
    return out;
  }

  /** Waits for every send; each must have answered {@link Response.Done}. */
  public static <R> List<R> replies(List<Future<Response<R>>> sent) throws Exception {
    return responses(sent).stream().map(TwoMembers::reply).toList();
  }

  // ---- what was stored --------------------------------------------------------------------------

  public long count(String query, Object... args) throws Exception {
    return rows(query, args).get(0).getLong(0);
  }

  /** A pool on the members' database, for reading what they stored through a store. */
  public Pool sql() {
    return sql;
  }

  public List<Row> rows(String query, Object... args) throws Exception {
    List<Row> out = new ArrayList<>();
    await(sql.preparedQuery(query).execute(Tuple.from(args))).forEach(out::add);
    return out;
  }

  // ---- a stable cluster -------------------------------------------------------------------------

  /** What {@code GET /admin/cluster} shows of the cluster from this member. */
  private static JsonObject clusterView(TestNode node) throws Exception {
    HttpResponse<Buffer> r = await(node.http.get(node.port, "127.0.0.1", "/admin/cluster")
        .putHeader("X-Admin-Key", "test-admin-key").send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("content");
  }

  /**
   * Waits until both members see each other and every kind's partitions (this kind's among them) each
   * run on exactly one of them.
   */
  private void awaitStable() throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      Map<String, Set<Integer>> runs = new HashMap<>();
      boolean ok = true;
      for (TestNode n : members) {
        JsonObject a = clusterView(n);
        ok &= a.getJsonArray("members").size() == members.size();
        JsonObject kinds = a.getJsonObject("kinds");
        for (String name : kinds.fieldNames()) {
          Set<Integer> run = runs.computeIfAbsent(name, k -> new HashSet<>());
          for (String p : kinds.getJsonObject(name).getJsonObject("this_node_runs").fieldNames()) {
            ok &= run.add(Integer.parseInt(p)); // no partition runs twice
          }
        }
        last = a.encode();
      }
      if (ok && runs.containsKey(kind.name()) && runs.values().stream().allMatch(s -> s.size() == PARTITIONS)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cluster did not settle: " + last);
  }
}
