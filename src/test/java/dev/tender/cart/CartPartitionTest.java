package dev.tender.cart;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cluster.CartRouter;
import dev.tender.cluster.Heartbeat;
import dev.tender.store.PgPartitionOwnerStore;
import dev.tender.store.PgShopperStore;
import dev.tender.store.ShopperStore;
import dev.tender.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The partition actor against real PostgreSQL: group commit, the version fence, a failing store. */
class CartPartitionTest {
  private Vertx vertx;
  private Pool pool;

  /** Counts the store's round trips; everything else goes to the real store. */
  static final class CountingStore implements ShopperStore {
    final ShopperStore real;
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();

    CountingStore(ShopperStore real) {
      this.real = real;
    }

    @Override public Future<Shopper> load(UserId id) {
      return real.load(id);
    }

    @Override public Future<boolean[]> writeAll(List<Shopper> shoppers, dev.tender.store.Fence fence) {
      batches.incrementAndGet();
      writes.addAndGet(shoppers.size());
      return real.writeAll(shoppers, fence);
    }

    @Override public boolean durable() {
      return real.durable();
    }
  }

  /** The system clock, plus the time a paused process would find had passed when it woke up. */
  static final class PausableClock extends Clock {
    private volatile long pausedMs;

    void pause(long ms) {
      pausedMs += ms;
    }

    @Override public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override public java.time.Instant instant() {
      return java.time.Instant.now().plusMillis(pausedMs);
    }
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    pool = TestDatabase.migratedPool(vertx);
    vertx.eventBus().registerCodec(new CartCodecs.Commands());
    vertx.eventBus().registerCodec(new CartCodecs.Replies(Fixtures.CATALOG, new CartPricing(Fixtures.CATALOG, ShippingPolicy.DEMO)));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private CartRouter deploy(ShopperStore store) throws Exception {
    await(vertx.deployVerticle(new CartPartition(0, "test-node", new PgPartitionOwnerStore(pool), store, new Heartbeat(), Fixtures.behaviour(),
        Clock.systemUTC())));
    return new CartRouter(vertx, 1, 5_000);
  }

  private static CartCommand.CreateOrUpdate create(UserId user, int qty) {
    return new CartCommand.CreateOrUpdate(RequestId.random(), user, List.of(new CartLine("p03", null, qty)), null);
  }

  private static UserId freshUser() {
    return new UserId("partition-test-" + RequestId.random().value());
  }

  @Test
  void concurrent_commands_share_one_commit_and_are_all_durable() throws Exception {
    CountingStore store = new CountingStore(new PgShopperStore(pool, 4));
    CartRouter router = deploy(store);
    List<UserId> users = new ArrayList<>();
    List<Future<CartReply>> replies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      UserId u = freshUser();
      users.add(u);
      replies.add(router.send(create(u, 1 + i % 5)));
    }
    await(Future.all(replies));
    replies.forEach(r -> assertThat(r.result()).isInstanceOf(CartReply.CartView.class));
    assertThat(store.writes.get()).isEqualTo(200);
    assertThat(store.batches.get()).as("200 commands sent at once are group-committed").isLessThan(100);
    for (int i = 0; i < users.size(); i++) {
      Shopper stored = await(new PgShopperStore(pool, 4).load(users.get(i)));
      assertThat(stored.cart().lines()).containsExactly(new CartLine("p03", null, 1 + i % 5));
    }
  }

  @Test
  void an_owner_whose_partition_was_taken_over_cannot_write_and_stops_taking_commands() throws Exception {
    PgPartitionOwnerStore owners = new PgPartitionOwnerStore(pool);
    CartPartition actor = new CartPartition(0, "old-owner", owners, new PgShopperStore(pool, 4), new Heartbeat(), Fixtures.behaviour(),
        Clock.systemUTC());
    await(vertx.deployVerticle(actor));
    CartRouter router = new CartRouter(vertx, 1, 300); // short deadline: the retries cannot succeed here
    UserId user = freshUser();
    CartReply.CartView created = (CartReply.CartView) await(router.send(create(user, 1)));
    CartId cartId = created.cart().cart().id();
    long oldEpoch = actor.epoch();

    // Another node takes partition 0 over (a paused owner that missed the handover) and writes.
    long newEpoch = await(owners.acquire(CartPartition.KIND, 0, "new-owner"));
    assertThat(newEpoch).isEqualTo(oldEpoch + 1);
    Shopper theirs = await(new PgShopperStore(pool, 4).load(user));
    Shopper next = theirs.withCart(theirs.cart().withQuantity("p06", null, 4), RequestId.random()).atVersion(2);
    assertThat(await(new PgShopperStore(pool, 4).writeAll(List.of(next),
        new dev.tender.store.Fence(CartPartition.KIND, 0, newEpoch)))).containsExactly(true);

    // The old owner still has the address; its write is refused by the store...
    var stale = router.send(new CartCommand.SetQuantity(RequestId.random(), user, cartId, new CartLine("p03", null, 9)));
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> await(stale));
    assertThat(((ReplyException) refused.getCause()).failureType()).isIn(ReplyFailure.RECIPIENT_FAILURE, ReplyFailure.NO_HANDLERS);
    Shopper stored = await(new PgShopperStore(pool, 4).load(user));
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.cart().lines()).containsExactly(new CartLine("p03", null, 1), new CartLine("p06", null, 4));

    // ...and it notices it lost the partition and takes no more commands.
    for (int i = 0; i < 50 && !actor.lost(); i++) {
      Thread.sleep(20);
    }
    assertThat(actor.lost()).isTrue();
    ExecutionException gone = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(router.send(new CartCommand.Get(user, cartId))));
    ReplyException why = (ReplyException) gone.getCause();
    assertThat(why.failureType() == ReplyFailure.NO_HANDLERS || why.failureCode() == CartPartition.NOT_OWNER).isTrue();
  }

  @Test
  void an_unreachable_store_fails_the_command_as_retryable() throws Exception {
    Pool dead = PgBuilder.pool().connectingTo("postgresql://tender:tender@127.0.0.1:1/tender").using(vertx).build();
    CartRouter router = deploy(new PgShopperStore(dead, 4));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(router.send(create(freshUser(), 1))));
    assertThat(((ReplyException) e.getCause()).failureCode()).isEqualTo(CartPartition.STORE_UNAVAILABLE);
  }

  @Test
  void after_a_pause_an_owner_confirms_its_epoch_before_serving_from_memory() throws Exception {
    PgPartitionOwnerStore owners = new PgPartitionOwnerStore(pool);
    Heartbeat heartbeat = new Heartbeat();
    PausableClock clock = new PausableClock();
    CartPartition actor = new CartPartition(0, "paused-owner", owners, new PgShopperStore(pool, 4), heartbeat,
        Fixtures.behaviour(), clock);
    await(vertx.deployVerticle(actor));
    CartRouter router = new CartRouter(vertx, 1, 2_000);
    UserId user = freshUser();
    CartId cartId = ((CartReply.CartView) await(router.send(create(user, 1)))).cart().cart().id();

    // Paused, but nobody took over: after confirming its epoch, it serves (the retry makes this invisible).
    clock.pause(10_000);
    CartReply.CartView served = (CartReply.CartView) await(router.send(new CartCommand.Get(user, cartId)));
    assertThat(served.cart().cart().lines()).containsExactly(new CartLine("p03", null, 1));

    // Paused while another member took the partition and changed the cart: no stale read from memory.
    clock.pause(10_000);
    long newEpoch = await(owners.acquire(CartPartition.KIND, 0, "new-owner"));
    Shopper theirs = await(new PgShopperStore(pool, 4).load(user));
    await(new PgShopperStore(pool, 4).writeAll(List.of(theirs.withCart(theirs.cart().withQuantity("p03", null, 5), RequestId.random())
        .atVersion(theirs.version() + 1)), new dev.tender.store.Fence(CartPartition.KIND, 0, newEpoch)));
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(router.send(new CartCommand.Get(user, cartId))));
    assertThat(((ReplyException) refused.getCause()).failureType()).isIn(ReplyFailure.RECIPIENT_FAILURE, ReplyFailure.NO_HANDLERS);
    assertThat(actor.lost()).isTrue();
  }
}
