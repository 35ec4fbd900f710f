package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cluster.DecisionContext;
import dev.tender.cluster.Fence;
import dev.tender.cluster.PartitionStore.Result;
import dev.tender.cluster.PartitionStore.Unit;
import dev.tender.cluster.WireOut;
import dev.tender.promo.Coupon;
import dev.tender.promo.CouponState;
import dev.tender.promo.CouponSummary;
import dev.tender.promo.PromoBehaviour;
import dev.tender.promo.PromoCommand;
import dev.tender.promo.PromoWire;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A coupon read back from PostgreSQL is the coupon that was written: its document keeps the settings
 * and counts, its open reservations, confirmed orders and customers' counts come back from the use rows,
 * and the document does not grow with the reservations.
 */
class PgCouponStoreTest {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  private final PromoBehaviour rules = new PromoBehaviour();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
  private final Instant until = now.plusSeconds(900);
  private PgCouponStore store;
  private PgPartitionStore runtime;
  private Fence fence;
  private String code;
  private CouponState written;
  private long version;

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void ownAPartition() throws Exception {
    store = new PgCouponStore(DB.pool());
    runtime = new PgPartitionStore(DB.pool(), 2);
    int partition = ThreadLocalRandom.current().nextInt(1_000_000);
    fence = new Fence("coupon-store-test", partition,
        await(new PgPartitionOwnerStore(DB.pool()).acquire("coupon-store-test", partition, "test-node", 0)).getAsLong());
    code = "C" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36).toUpperCase();
    written = CouponState.none(code);
    version = 0;
  }

  private Coupon coupon(Integer perCustomerLimit) {
    return new Coupon(code, "test", Coupon.DiscountType.PERCENTAGE, 1_000, 0, null, null, null, null, null, perCustomerLimit,
        Coupon.AppliesTo.ALL, List.of(), List.of(), Set.of());
  }

  /** Decides the commands one after another and writes what they changed as ONE write, as a partition's batch does. */
  private CouponState write(PromoCommand... commands) throws Exception {
    CouponState next = written;
    for (PromoCommand c : commands) {
      CouponState after = rules.decide(next, c, DecisionContext.of(now, "t")).next();
      assertThat(after).as("%s changes the coupon", c).isNotNull();
      next = after;
    }
    assertThat(await(runtime.commit(fence, List.of(new Unit(code, store.stage(code, written, next, version, fence.epoch()), List.of(),
        List.of(), List.of()))))).containsExactly(Result.COMMITTED);
    written = next;
    version++;
    return next;
  }

  private PromoCommand reserve(String order, String customer) {
    return new PromoCommand.Reserve(code, order, customer, until);
  }

  private void assertReloads(CouponState expected) throws Exception {
    CouponState loaded = await(store.load(code)).state();
    assertThat(await(store.load(code)).version()).isEqualTo(version);
    assertThat(loaded.coupon()).isEqualTo(expected.coupon());
    assertThat(loaded.confirmed()).isEqualTo(expected.confirmed());
    assertThat(loaded.seq()).isEqualTo(expected.seq());
    assertThat(loaded.reservations()).isEqualTo(expected.reservations());
    assertThat(loaded.perCustomer()).isEqualTo(expected.perCustomer());
    assertThat(loaded.confirmedOrders()).isEqualTo(expected.confirmedOrders());
    assertThat(List.copyOf(loaded.confirmedOrders().keySet())).as("confirmed orders, oldest first")
        .isEqualTo(List.copyOf(expected.confirmedOrders().keySet()));
  }

  @Test
  void a_coupon_reloads_with_its_reservations_confirmed_orders_and_customer_counts_from_its_rows() throws Exception {
    write(new PromoCommand.Create(code, coupon(5)));
    write(reserve("o1", "ann"), reserve("o2", "ann"), reserve("o3", "bob"));
    write(new PromoCommand.Confirm(code, "o2"), new PromoCommand.Confirm(code, "o1"), reserve("o4", "cat"));
    // One order changed three times in one write: its row once, as it ends.
    CouponState s = write(new PromoCommand.Release(code, "o3"), reserve("o3", "bob"), new PromoCommand.Confirm(code, "o3"),
        new PromoCommand.GiveBack(code, "o2", "ann"), reserve("o5", "ann"));
    assertThat(s.reservations()).containsOnlyKeys("o4", "o5");
    assertThat(s.confirmedOrders()).containsOnlyKeys("o1", "o3");
    assertThat(s.perCustomer()).containsExactlyInAnyOrderEntriesOf(Map.of("ann", 2, "bob", 1, "cat", 1));
    assertReloads(s);

    List<Row> rows = new ArrayList<>();
    await(DB.pool().preparedQuery("SELECT order_id, state, use_no FROM coupon_uses WHERE code = $1 ORDER BY order_id")
        .execute(Tuple.of(code))).forEach(rows::add);
    assertThat(rows).extracting(r -> r.getString(0) + " " + r.getString(1) + " " + r.getLong(2)).containsExactly(
        "o1 confirmed 2", "o2 given_back 1", "o3 confirmed 3", "o4 reserved 0", "o5 reserved 0");

    // A new owner carries on from what it loaded.
    written = await(store.load(code)).state();
    assertThat(write(reserve("o6", "ann"), new PromoCommand.Confirm(code, "o4")).confirmed()).isEqualTo(3);
    assertReloads(written);
  }

  @Test
  void the_document_stays_the_same_size_however_many_reservations_are_open() throws Exception {
    write(new PromoCommand.Create(code, coupon(null)));
    write(reserve("first", "c-first"));
    long small = bodySize();
    for (int batch = 0; batch < 10; batch++) {
      List<PromoCommand> many = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        many.add(reserve("o" + batch + "-" + i, "c" + i));
      }
      write(many.toArray(PromoCommand[]::new));
    }
    assertThat(written.reserved()).isEqualTo(501);
    assertThat(bodySize()).isEqualTo(small);
    assertReloads(written);
    CouponSummary listed = await(store.summaries(null)).stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
    assertThat(listed.reserved()).as("the listing's count, from the document alone").isEqualTo(501);
  }

  private long bodySize() throws Exception {
    return await(DB.pool().preparedQuery("SELECT octet_length(body) FROM documents WHERE kind = 'promo' AND key = $1")
        .execute(Tuple.of(code))).iterator().next().getLong(0);
  }

  @Test
  void a_listing_counts_the_uses_of_the_customer_it_is_for() throws Exception {
    write(new PromoCommand.Create(code, coupon(2)));
    write(reserve("o1", "ann"), reserve("o2", "ann"), reserve("o3", "bob"), new PromoCommand.Confirm(code, "o1"));
    write(new PromoCommand.Release(code, "o3"));
    assertThat(summary("ann").usesByCustomer()).isEqualTo(2);
    assertThat(PromoBehaviour.unusable(summary("ann"), "ann", now)).contains("as often as it allows");
    assertThat(summary("bob").usesByCustomer()).isZero();
    assertThat(PromoBehaviour.unusable(summary("bob"), "bob", now)).isNull();
    assertThat(summary("ann").reserved()).isEqualTo(1);
    assertThat(summary("ann").confirmed()).isEqualTo(1);
  }

  private CouponSummary summary(String customer) throws Exception {
    return await(store.summaries(customer)).stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
  }

  @Test
  void a_document_written_with_its_uses_inline_has_them_moved_to_rows_when_first_loaded() throws Exception {
    Coupon c = coupon(3);
    // The document's older form: open reservations, customers' counts and confirmed orders inline.
    WireOut out = new WireOut().str(code).bool(true);
    PromoWire.coupon(c, out);
    out.bool(false).i64(2).i32(2)
        .str("open-1").str("ann").instant(until)
        .str("open-2").str("bob").instant(until)
        .i32(2).str("ann").i32(3).str("bob").i32(1)
        .i32(2).str("paid-1").i64(1).str("paid-2").i64(2);
    await(DB.pool().preparedQuery("INSERT INTO documents (kind, key, version, body, written_epoch) VALUES ('promo', $1, 4, $2, 1)")
        .execute(Tuple.of(code, Buffer.buffer(out.buffer().getBytes()))));
    version = 4;

    CouponState loaded = await(store.load(code)).state();
    assertThat(loaded.reservations()).containsOnlyKeys("open-1", "open-2");
    assertThat(loaded.perCustomer()).containsExactlyInAnyOrderEntriesOf(Map.of("ann", 3, "bob", 1));
    assertThat(loaded.confirmedOrders()).containsExactly(Map.entry("paid-1", 1L), Map.entry("paid-2", 2L));
    assertThat(loaded.confirmed()).isEqualTo(2);
    assertThat(PromoBehaviour.unusable(loaded, "ann", now)).as("ann's three uses still count").isNotNull();
    assertThat(summary("ann").usesByCustomer()).isEqualTo(3);
    assertReloads(loaded); // a second load moves nothing twice

    written = loaded;
    CouponState next = write(new PromoCommand.Confirm(code, "open-2"), reserve("open-3", "cat"));
    assertReloads(next);
    assertThat(next.confirmedOrders().keySet()).containsExactly("paid-1", "paid-2", "open-2");

    // A paid order of the older document cancelled: its use is given back to its customer, after a reload too.
    CouponState back = write(new PromoCommand.GiveBack(code, "paid-1", "ann"));
    assertThat(back.usesBy("ann")).isEqualTo(2);
    assertReloads(back);
    assertThat(summary("ann").usesByCustomer()).isEqualTo(2);
  }
}
