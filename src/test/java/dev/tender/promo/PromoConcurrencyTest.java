package dev.tender.promo;

import static dev.tender.TestNode.await;
import static dev.tender.cluster.TwoMembers.replies;
import static dev.tender.cluster.TwoMembers.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Response;
import dev.tender.cluster.TwoMembers;
import dev.tender.promo.PromoReply.CouponView;
import dev.tender.promo.PromoReply.Reason;
import dev.tender.promo.PromoReply.Rejected;
import dev.tender.store.PgCouponStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The promo kind's limits are exact under concurrency: two real Hazelcast members in this JVM over
 * one PostgreSQL, reservations sent through both members' routers at once, and the stored coupon
 * (table {@code documents}, kind {@code promo}) decoded and checked afterwards.
 */
class PromoConcurrencyTest {
  private static final String SCOPE = "promo-concurrency-test";

  @RegisterExtension
  final TwoMembers<PromoCommand, PromoReply> cluster = new TwoMembers<>(PromoKind.KIND, SCOPE);

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
      sent.add(cluster.send(i % 2 == 0 ? cluster.routerA() : cluster.routerB(), reserve, "key-" + UUID.randomUUID()));
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
    // One timer for the coupon, due at its earliest reservation's expiry, however many are open.
    assertThat(cluster.rows("SELECT name, due_at FROM timers WHERE kind = 'promo' AND key = $1", code)).as("reservation timers")
        .extracting(r -> r.getString("name")).containsExactly("reservations");
    // (The rows keep microseconds, the document the instant as sent.)
    assertThat(stored.reservationsDue().truncatedTo(java.time.temporal.ChronoUnit.MICROS)).isEqualTo(stored.reservations().values()
        .stream().map(CouponState.Reservation::expiresAt).min(java.util.Comparator.naturalOrder()).orElseThrow());
    System.out.println("limit " + limit + ": client retries " + cluster.clientRetries());
  }

  @Test
  void twenty_orders_of_one_customer_racing_for_a_per_customer_limit_of_two_take_exactly_two() throws Exception {
    String code = create("PERCUST", null, 2);
    Instant expires = Instant.now().plus(Duration.ofMinutes(10));
    int orders = 20;

    List<Future<Response<PromoReply>>> sent = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      PromoCommand reserve = new PromoCommand.Reserve(code, "order-" + i, "the-customer", expires);
      sent.add(cluster.send(i % 2 == 0 ? cluster.routerA() : cluster.routerB(), reserve, "key-" + UUID.randomUUID()));
    }
    List<PromoReply> replies = replies(sent);
    assertThat(replies.stream().filter(CouponView.class::isInstance).count()).as("replies: %s", replies).isEqualTo(2);
    assertThat(replies.stream().filter(Rejected.class::isInstance).map(Rejected.class::cast))
        .hasSize(orders - 2).allSatisfy(r -> assertThat(r.reason()).isEqualTo(Reason.INVALID_COUPON));

    // Another customer still may.
    PromoReply other = reply(await(cluster.send(cluster.routerB(), new PromoCommand.Reserve(code, "order-other", "someone-else", expires),
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
      reservations.add(cluster.send(cluster.routerA(), new PromoCommand.Reserve(code, "order-" + i, "customer-" + i, expires),
          "reserve-key-" + UUID.randomUUID()));
    }
    assertThat(replies(reservations)).allSatisfy(r -> assertThat(r).isInstanceOf(CouponView.class));
    long leftMs = expires.toEpochMilli() - System.currentTimeMillis();

    // Each confirm around the expiry (before, at, just after, well after), half through each member.
    List<Future<Response<PromoReply>>> confirms = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      boolean viaA = i % 2 == 0;
      PartitionRouter<PromoCommand, PromoReply> router = viaA ? cluster.routerA() : cluster.routerB();
      Vertx vertx = (viaA ? cluster.memberA() : cluster.memberB()).vertx;
      String orderId = "order-" + i;
      long delay = Math.max(1, expires.toEpochMilli() + offsetsMs[i / 2] - System.currentTimeMillis());
      Promise<Response<PromoReply>> done = Promise.promise();
      vertx.setTimer(delay, t -> cluster.send(router, new PromoCommand.Confirm(code, orderId), "confirm-key-" + UUID.randomUUID())
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
        + " ms before expiry, client retries: " + cluster.clientRetries() + ")");

    CouponView settled = awaitSettled(code);
    assertThat(settled.reservedCount()).isZero();
    assertThat(settled.redemptionCount()).as("redemptions after %s", outcomes).isEqualTo(confirmed);
    CouponState stored = stored(code);
    assertThat(stored.reservations()).isEmpty();
    assertThat(stored.confirmed()).isEqualTo(confirmed);
    // The coupon's timer, due at the expiry, fires, finds nothing open and deletes its own row.
    long deadline = System.currentTimeMillis() + 10_000;
    List<io.vertx.sqlclient.Row> timersLeft = cluster.rows("SELECT name, due_at, generation FROM timers WHERE kind = 'promo' AND key = $1",
        code);
    while (!timersLeft.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      timersLeft = cluster.rows("SELECT name, due_at, generation FROM timers WHERE kind = 'promo' AND key = $1", code);
    }
    assertThat(timersLeft).as("timer rows left behind by settled reservations").isEmpty();

    // Every released use is free again, exactly once: the limit lets exactly orders - confirmed more reserve.
    Instant later = Instant.now().plus(Duration.ofMinutes(10));
    List<Future<Response<PromoReply>>> more = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      PromoCommand reserve = new PromoCommand.Reserve(code, "again-" + i, "again-" + i, later);
      more.add(cluster.send(i % 2 == 0 ? cluster.routerA() : cluster.routerB(), reserve, "again-key-" + UUID.randomUUID()));
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
    PromoReply r = reply(await(cluster.send(cluster.routerA(), new PromoCommand.Create(code, coupon), "create-" + UUID.randomUUID())));
    assertThat(r).as("create of %s", code).isInstanceOfSatisfying(CouponView.class, v -> assertThat(v.coupon()).isEqualTo(coupon));
    return code;
  }

  private CouponView get(String code) throws Exception {
    return (CouponView) reply(await(cluster.routerA().read(new PromoCommand.Get(code))));
  }

  /**
   * The coupon as stored, read back as a new owner would (its document and its use rows), after
   * checking that the rows themselves agree with it.
   */
  private CouponState stored(String code) throws Exception {
    assertThat(cluster.count("SELECT count(*) FROM documents WHERE kind = 'promo' AND key = $1", code)).as("document of %s", code)
        .isEqualTo(1);
    CouponState s = await(new PgCouponStore(cluster.sql()).load(code)).state();
    assertThat(cluster.count("SELECT count(*) FROM coupon_uses WHERE code = $1 AND state = 'reserved'", code)).as("reserved rows")
        .isEqualTo(s.reserved());
    assertThat(cluster.count("SELECT count(*) FROM coupon_uses WHERE code = $1 AND state = 'confirmed'", code)).as("confirmed rows")
        .isEqualTo(s.confirmed());
    return s;
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
}
