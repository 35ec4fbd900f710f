package dev.tender.promo;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.cluster.Failures;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.promo.PromoReply.CouponView;
import dev.tender.promo.PromoReply.Reason;
import dev.tender.promo.PromoReply.Rejected;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The promo kind's limits are exact under concurrency: two real Hazelcast members in this JVM over
 * one PostgreSQL, reservations sent through both members' routers at once, and the stored coupon
 * (table {@code documents}, kind {@code promo}) decoded and checked afterwards.
 */
class PromoConcurrencyTest {
  private static final int PARTITIONS = 8;
  private static final String SCOPE = "promo-concurrency-test";
  /** How long the test keeps re-sending a request that failed for a reason that passes (e.g. 529 OVERLOADED). */
  private static final long CLIENT_RETRY_MS = 20_000;

  private final List<TestNode> nodes = new ArrayList<>();
  private PartitionRouter<PromoCommand, PromoReply> routerA;
  private PartitionRouter<PromoCommand, PromoReply> routerB;
  private Vertx sqlVertx;
  private Pool sql;
  /** Sends the test itself had to repeat (the router gave up on a temporary failure). */
  private final AtomicInteger clientRetries = new AtomicInteger();

  @BeforeEach
  void startCluster() throws Exception {
    TestDatabase.requireMigrated();
    Map<String, String> env = Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL, "TENDER_CLUSTER", "true",
        "TENDER_CLUSTER_NAME", "promo-" + UUID.randomUUID(), "TENDER_PARTITIONS", String.valueOf(PARTITIONS),
        "TENDER_HTTP_INSTANCES", "1", "TENDER_PG_POOL_SIZE", "4");
    nodes.add(TestNode.start(env));
    nodes.add(TestNode.start(env));
    awaitStable(2);
    routerA = new PartitionRouter<>(nodes.get(0).vertx, PromoKind.KIND, PARTITIONS, 10_000);
    routerB = new PartitionRouter<>(nodes.get(1).vertx, PromoKind.KIND, PARTITIONS, 10_000);
    sqlVertx = Vertx.vertx();
    sql = PgBuilder.pool().connectingTo(TestDatabase.URL).using(sqlVertx).build();
  }

  @AfterEach
  void stopCluster() throws Exception {
    try {
      for (TestNode n : nodes) {
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

  // ---- tests ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "total limit {0}")
  @ValueSource(ints = {1, 10})
  void a_hundred_orders_racing_for_a_coupon_with_a_total_limit_take_exactly_the_limit(int limit) throws Exception {
    String code = create("LIMIT" + limit, limit, null);
    Instant expires = Instant.now().plus(Duration.ofMinutes(10));
    int orders = 100;

    List<Future<Response<PromoReply>>> sent = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      PromoCommand reserve = new PromoCommand.Reserve(code, "order-" + i, "customer-" + i, expires);
      sent.add(send(i % 2 == 0 ? routerA : routerB, reserve, "key-" + UUID.randomUUID()));
    }
    List<PromoReply> replies = replies(sent);

    List<String> winners = new ArrayList<>();
    List<CouponView> taken = new ArrayList<>();
    List<Rejected> refused = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      switch (replies.get(i)) {
        case CouponView v -> {
          taken.add(v);
          winners.add("order-" + i);
        }
        case Rejected r -> refused.add(r);
      }
    }
    assertThat(taken).as("reservations placed (replies: %s)", replies).hasSize(limit);
    assertThat(refused).hasSize(orders - limit).allSatisfy(r -> assertThat(r.reason()).isEqualTo(Reason.INVALID_COUPON));
    // Decided one at a time: the i-th reservation saw i uses reserved.
    assertThat(taken).extracting(CouponView::reservedCount).containsExactlyInAnyOrderElementsOf(
        LongStream.rangeClosed(1, limit).boxed().toList());

    CouponView now = get(code);
    assertThat(now.reservedCount()).isEqualTo(limit);
    assertThat(now.redemptionCount()).isZero();

    CouponState stored = stored(code);
    assertThat(stored.reservations()).as("stored reservations").hasSize(limit);
    assertThat(stored.reservations().keySet()).containsExactlyInAnyOrderElementsOf(winners);
    assertThat(stored.confirmed()).isZero();
    assertThat(count("SELECT count(*) FROM timers WHERE kind = 'promo' AND key = $1", code)).as("reservation timers").isEqualTo(limit);
    System.out.println("limit " + limit + ": client retries " + clientRetries);
  }

  @Test
  void twenty_orders_of_one_customer_racing_for_a_per_customer_limit_of_two_take_exactly_two() throws Exception {
    String code = create("PERCUST", null, 2);
    Instant expires = Instant.now().plus(Duration.ofMinutes(10));
    int orders = 20;

    List<Future<Response<PromoReply>>> sent = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      PromoCommand reserve = new PromoCommand.Reserve(code, "order-" + i, "the-customer", expires);
      sent.add(send(i % 2 == 0 ? routerA : routerB, reserve, "key-" + UUID.randomUUID()));
    }
    List<PromoReply> replies = replies(sent);
    assertThat(replies.stream().filter(CouponView.class::isInstance).count()).as("replies: %s", replies).isEqualTo(2);
    assertThat(replies.stream().filter(Rejected.class::isInstance).map(Rejected.class::cast))
        .hasSize(orders - 2).allSatisfy(r -> assertThat(r.reason()).isEqualTo(Reason.INVALID_COUPON));

    // Another customer still may.
    PromoReply other = reply(await(send(routerB, new PromoCommand.Reserve(code, "order-other", "someone-else", expires),
        "key-" + UUID.randomUUID())));
    assertThat(other).isInstanceOfSatisfying(CouponView.class, v -> assertThat(v.reservedCount()).isEqualTo(3));

    CouponState stored = stored(code);
    assertThat(stored.reservations()).hasSize(3);
    assertThat(stored.usesBy("the-customer")).isEqualTo(2);
    assertThat(stored.usesBy("someone-else")).isEqualTo(1);
    assertThat(get(code).reservedCount()).isEqualTo(3);
  }

  @Test
  void a_confirm_racing_the_reservation_expiry_settles_each_reservation_exactly_once() throws Exception {
    long[] offsetsMs = {-250, -60, -20, -5, 0, 5, 15, 40, 120, 400};
    int orders = offsetsMs.length * 2;
    String code = create("RACE", orders, null);

    // Every reservation through member A, expiring together about 1.5 s from now.
    Instant expires = Instant.now().plusMillis(1_500);
    List<Future<Response<PromoReply>>> reservations = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      reservations.add(send(routerA, new PromoCommand.Reserve(code, "order-" + i, "customer-" + i, expires),
          "reserve-key-" + UUID.randomUUID()));
    }
    assertThat(replies(reservations)).allSatisfy(r -> assertThat(r).isInstanceOf(CouponView.class));
    long leftMs = expires.toEpochMilli() - System.currentTimeMillis();

    // Each confirm around the expiry (before, at, just after, well after), half through each member.
    List<Future<Response<PromoReply>>> confirms = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      boolean viaA = i % 2 == 0;
      PartitionRouter<PromoCommand, PromoReply> router = viaA ? routerA : routerB;
      Vertx vertx = nodes.get(viaA ? 0 : 1).vertx;
      String orderId = "order-" + i;
      long delay = Math.max(1, expires.toEpochMilli() + offsetsMs[i / 2] - System.currentTimeMillis());
      Promise<Response<PromoReply>> done = Promise.promise();
      vertx.setTimer(delay, t -> send(router, new PromoCommand.Confirm(code, orderId), "confirm-key-" + UUID.randomUUID())
          .onComplete(done));
      confirms.add(done.future());
    }
    List<PromoReply> confirmReplies = replies(confirms);

    Map<String, Integer> outcomes = new HashMap<>();
    long confirmed = 0;
    for (int i = 0; i < orders; i++) {
      PromoReply r = confirmReplies.get(i);
      String label = "confirm of order-" + i + " (offset " + offsetsMs[i / 2] + " ms)";
      if (r instanceof CouponView) {
        confirmed++;
        outcomes.merge("confirmed", 1, Integer::sum);
      } else {
        assertThat(r).as(label).isInstanceOfSatisfying(Rejected.class,
            x -> assertThat(x.reason()).isEqualTo(Reason.RESERVATION_NOT_FOUND));
        outcomes.merge("released", 1, Integer::sum);
      }
    }
    System.out.println("confirm/expiry race outcomes: " + outcomes + " (reservations done " + leftMs
        + " ms before expiry, client retries: " + clientRetries + ")");

    CouponView settled = awaitSettled(code);
    assertThat(settled.reservedCount()).isZero();
    assertThat(settled.redemptionCount()).as("redemptions after %s", outcomes).isEqualTo(confirmed);
    CouponState stored = stored(code);
    assertThat(stored.reservations()).isEmpty();
    assertThat(stored.confirmed()).isEqualTo(confirmed);
    assertThat(rows("SELECT name, due_at, generation FROM timers WHERE kind = 'promo' AND key = $1", code))
        .as("timer rows left behind by settled reservations").isEmpty();

    // Every released use is free again, exactly once: the limit lets exactly orders - confirmed more reserve.
    Instant later = Instant.now().plus(Duration.ofMinutes(10));
    List<Future<Response<PromoReply>>> more = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      more.add(send(i % 2 == 0 ? routerA : routerB, new PromoCommand.Reserve(code, "again-" + i, "again-" + i, later),
          "again-key-" + UUID.randomUUID()));
    }
    List<PromoReply> again = replies(more);
    assertThat(again.stream().filter(CouponView.class::isInstance).count()).as("reservations after settling: %s", again)
        .isEqualTo(orders - confirmed);
    CouponView full = get(code);
    assertThat(full.redemptionCount() + full.reservedCount()).isEqualTo(orders);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Creates a coupon with a fresh code starting with {@code prefix}; answers the code. */
  private String create(String prefix, Integer totalLimit, Integer perCustomerLimit) throws Exception {
    String code = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase(Locale.ROOT);
    Coupon coupon = new Coupon(code, "test " + prefix, Coupon.DiscountType.PERCENTAGE, 1_000, 0, null, null, null, null, totalLimit,
        perCustomerLimit, Coupon.AppliesTo.ALL, List.of(), List.of(), Set.of());
    PromoReply r = reply(await(send(routerA, new PromoCommand.Create(code, coupon), "create-" + UUID.randomUUID())));
    assertThat(r).as("create of %s", code).isInstanceOfSatisfying(CouponView.class, v -> assertThat(v.coupon()).isEqualTo(coupon));
    return code;
  }

  private CouponView get(String code) throws Exception {
    return (CouponView) reply(await(routerA.read(new PromoCommand.Get(code))));
  }

  /** The coupon as stored: its document's body decoded. */
  private CouponState stored(String code) throws Exception {
    List<Row> found = rows("SELECT body FROM documents WHERE kind = 'promo' AND key = $1", code);
    assertThat(found).as("document of %s", code).hasSize(1);
    return PromoWire.STATES.fromBytes(found.get(0).getBuffer("body").getBytes());
  }

  /** Polls until the coupon has no open reservation (each confirmed or released), up to 15 s. */
  private CouponView awaitSettled(String code) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    CouponView v = get(code);
    while (v.reservedCount() != 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      v = get(code);
    }
    assertThat(v.reservedCount()).as("%s still has reservations after 15 s: %s", code, v).isZero();
    return v;
  }

  private Future<Response<PromoReply>> sendRaw(PartitionRouter<PromoCommand, PromoReply> router, PromoCommand c, String key) {
    return router.send(new Request<>(c, SCOPE, key, null, true));
  }

  /**
   * {@link #sendRaw}, and what a client does with a temporary failure the router gave up on (503/529):
   * the same request again, with the same key, so it is still applied at most once.
   */
  private Future<Response<PromoReply>> send(PartitionRouter<PromoCommand, PromoReply> router, PromoCommand c, String key) {
    return sendUntil(router, c, key, System.currentTimeMillis() + CLIENT_RETRY_MS);
  }

  private Future<Response<PromoReply>> sendUntil(PartitionRouter<PromoCommand, PromoReply> router, PromoCommand c, String key,
                                                 long deadline) {
    return sendRaw(router, c, key).recover(e -> {
      if (!Failures.temporary(e) || System.currentTimeMillis() > deadline) {
        return Future.failedFuture(e);
      }
      clientRetries.incrementAndGet();
      Promise<Response<PromoReply>> again = Promise.promise();
      nodes.get(0).vertx.setTimer(100, t -> sendUntil(router, c, key, deadline).onComplete(again));
      return again.future();
    });
  }

  private static PromoReply reply(Response<PromoReply> r) {
    assertThat(r).isInstanceOf(Response.Done.class);
    return ((Response.Done<PromoReply>) r).reply();
  }

  private static List<PromoReply> replies(List<Future<Response<PromoReply>>> sent) throws Exception {
    try {
      await(Future.join(sent));
    } catch (java.util.concurrent.ExecutionException e) {
      // Reported below, per request.
    }
    return IntStream.range(0, sent.size()).mapToObj(i -> {
      Future<Response<PromoReply>> f = sent.get(i);
      assertThat(f.succeeded()).as("request %d failed: %s", i, f.cause()).isTrue();
      return reply(f.result());
    }).toList();
  }

  private long count(String query, Object... args) throws Exception {
    return rows(query, args).get(0).getLong(0);
  }

  private List<Row> rows(String query, Object... args) throws Exception {
    List<Row> out = new ArrayList<>();
    await(sql.preparedQuery(query).execute(Tuple.from(args))).forEach(out::add);
    return out;
  }

  private JsonObject admin(TestNode node) throws Exception {
    HttpResponse<Buffer> r = await(node.http.get(node.port, "127.0.0.1", "/admin/cluster").putHeader("X-Admin-Key", "test-admin-key").send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("content");
  }

  /** Waits until both members see each other and every kind's partitions each run on exactly one of them. */
  private void awaitStable(int members) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      Map<String, Set<Integer>> runs = new HashMap<>();
      boolean ok = true;
      for (TestNode n : nodes) {
        JsonObject a = admin(n);
        ok &= a.getJsonArray("members").size() == members;
        JsonObject kinds = a.getJsonObject("kinds");
        for (String kind : kinds.fieldNames()) {
          Set<Integer> run = runs.computeIfAbsent(kind, k -> new HashSet<>());
          for (String p : kinds.getJsonObject(kind).getJsonObject("this_node_runs").fieldNames()) {
            ok &= run.add(Integer.parseInt(p)); // no partition runs twice
          }
        }
        last = a.encode();
      }
      if (ok && runs.containsKey(PromoKind.NAME) && runs.values().stream().allMatch(s -> s.size() == PARTITIONS)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cluster did not settle: " + last);
  }
}
