package dev.tender.cart;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cluster.CartRouter;
import dev.tender.cluster.LocalCodec;
import dev.tender.store.PgShopperStore;
import dev.tender.store.ShopperStore;
import dev.tender.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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

    @Override public Future<boolean[]> writeAll(List<Shopper> shoppers) {
      batches.incrementAndGet();
      writes.addAndGet(shoppers.size());
      return real.writeAll(shoppers);
    }

    @Override public boolean durable() {
      return real.durable();
    }
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    pool = TestDatabase.migratedPool(vertx);
    vertx.eventBus().registerCodec(new LocalCodec<>(CartCommand.class));
    vertx.eventBus().registerCodec(new LocalCodec<>(CartReply.class));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private CartRouter deploy(ShopperStore store) throws Exception {
    await(vertx.deployVerticle(new CartPartition(0, store, Fixtures.behaviour(), Clock.systemUTC())));
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
  void a_write_from_a_stale_owner_is_refused_and_the_next_command_reloads() throws Exception {
    CartRouter router = deploy(new PgShopperStore(pool, 4));
    UserId user = freshUser();
    CartReply.CartView created = (CartReply.CartView) await(router.send(create(user, 1)));
    CartId cartId = created.cart().cart().id();

    // Someone else (a new owner of this partition) writes version 2 behind this actor's back.
    Shopper theirs = await(new PgShopperStore(pool, 4).load(user));
    Shopper next = theirs.withCart(theirs.cart().withQuantity("p06", null, 4), RequestId.random()).atVersion(2);
    assertThat(await(new PgShopperStore(pool, 4).writeAll(List.of(next)))).containsExactly(true);

    var stale = router.send(new CartCommand.SetQuantity(RequestId.random(), user, cartId, new CartLine("p03", null, 9)));
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> await(stale));
    ReplyException failure = (ReplyException) refused.getCause();
    assertThat(failure.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(failure.failureCode()).isEqualTo(CartPartition.WRITE_FENCED);

    // The refused change is not in the store; the other owner's is.
    Shopper stored = await(new PgShopperStore(pool, 4).load(user));
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.cart().lines()).containsExactly(new CartLine("p03", null, 1), new CartLine("p06", null, 4));

    // The retry reloads version 2 and applies on top of it.
    CartReply.CartView retried = (CartReply.CartView) await(router.send(
        new CartCommand.SetQuantity(RequestId.random(), user, cartId, new CartLine("p03", null, 9))));
    assertThat(retried.cart().cart().lines()).containsExactly(new CartLine("p03", null, 9), new CartLine("p06", null, 4));
    long version = await(pool.preparedQuery("SELECT version FROM shoppers WHERE user_id = $1").execute(Tuple.of(user.value())))
        .iterator().next().getLong(0);
    assertThat(version).isEqualTo(3);
  }

  @Test
  void an_unreachable_store_fails_the_command_as_retryable() throws Exception {
    Pool dead = PgBuilder.pool().connectingTo("postgresql://tender:tender@127.0.0.1:1/tender").using(vertx).build();
    CartRouter router = deploy(new PgShopperStore(dead, 4));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(router.send(create(freshUser(), 1))));
    assertThat(((ReplyException) e.getCause()).failureCode()).isEqualTo(CartPartition.STORE_UNAVAILABLE);
  }
}
