package dev.tender.cluster;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.cart.CartBehaviour;
import dev.tender.cart.CartCommand;
import dev.tender.cart.CartKind;
import dev.tender.cart.CartLine;
import dev.tender.cart.CartPricing;
import dev.tender.cart.CartReply;
import dev.tender.cart.Fixtures;
import dev.tender.cart.ShippingPolicy;
import dev.tender.cart.Shopper;
import dev.tender.cart.UserId;
import dev.tender.exchange.Exchange;
import dev.tender.exchange.Exchange.PingCommand;
import dev.tender.exchange.Exchange.PongCommand;
import dev.tender.exchange.Exchange.View;
import dev.tender.store.InMemoryDocumentStore;
import dev.tender.store.InMemoryPartitionOwnerStore;
import dev.tender.store.InMemoryPartitionStore;
import dev.tender.store.InMemoryShopperStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The partition runtime's behaviour on the memory store (no PostgreSQL): group commit, idempotency,
 * durable timers, the outbox between two kinds, handovers and a stalled store.
 */
class PartitionActorTest {
  private static final int PARTITIONS = 4;
  private final InMemoryPartitionOwnerStore owners = new InMemoryPartitionOwnerStore();
  private final CountingStore runtime = new CountingStore(new InMemoryPartitionStore(owners));
  private final InMemoryShopperStore shoppers = new InMemoryShopperStore();
  private final Kind<CartCommand, CartReply> cartKind = CartKind.declare(Fixtures.CATALOG);
  private Harness harness;

  /** The real memory store, counting commits, and able to hold them back (a stalled database). */
  static final class CountingStore implements PartitionStore {
    final PartitionStore real;
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger units = new AtomicInteger();
    volatile Promise<Void> gate;

    CountingStore(PartitionStore real) {
      this.real = real;
    }

    @Override public Future<List<Result>> commit(Fence fence, List<Unit> list) {
      commits.incrementAndGet();
      units.addAndGet(list.size());
      Promise<Void> g = gate;
      return g == null ? real.commit(fence, list) : g.future().compose(v -> real.commit(fence, list));
    }

    @Override public Future<IdempotencyRecord> findRecord(String scope, String key) {
      return real.findRecord(scope, key);
    }

    @Override public Future<List<TimerRow>> timersDue(String kind, int partition, Instant before) {
      return real.timersDue(kind, partition, before);
    }

    @Override public Future<List<OutboxRow>> outbox(String kind, int partition) {
      return real.outbox(kind, partition);
    }

    @Override public Future<Void> delivered(String kind, int partition, List<Long> seqs) {
      return real.delivered(kind, partition, seqs);
    }

    @Override public Future<Integer> pruneRecords(String kind, int partition, Instant before) {
      return real.pruneRecords(kind, partition, before);
    }

    @Override public boolean durable() {
      return false;
    }
  }

  /** Users whose writes cannot even be staged (a bug in a store, or in what a decision left behind). */
  private final java.util.Set<String> unstageable = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private Harness start(Duration cartTtl) throws Exception {
    CartBehaviour rules = new CartBehaviour(Fixtures.CATALOG, new CartPricing(Fixtures.CATALOG, ShippingPolicy.DEMO), cartTtl);
    AggregateStore<Shopper> store = new AggregateStore<>() {
      @Override
      public Future<Versioned<Shopper>> load(String key) {
        return shoppers.load(key);
      }

      @Override
      public StagedWrite stage(String key, Shopper before, Shopper after, long expectedVersion, long epoch) {
        if (unstageable.contains(key)) {
          throw new IllegalStateException("cannot stage " + key);
        }
        return shoppers.stage(key, before, after, expectedVersion, epoch);
      }
    };
    harness = new Harness(List.of(
        new KindRuntime<>(cartKind, rules, store),
        new KindRuntime<>(Exchange.PING, Exchange.PING_RULES,
            new InMemoryDocumentStore<>(id -> new Exchange.PingState(id, Exchange.Status.NEW, 0))),
        new KindRuntime<>(Exchange.PONG, Exchange.PONG_RULES, new InMemoryDocumentStore<>(id -> new Exchange.PongState(0)))),
        runtime, owners, PARTITIONS, Clock.systemUTC(), 3_000).start();
    return harness;
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private PartitionRouter<CartCommand, CartReply> carts() {
    return harness.routers.of(cartKind);
  }

  private static UserId freshUser() {
    return new UserId("actor-test-" + UlidCreator.getUlid());
  }

  private static CartCommand.CreateOrUpdate create(UserId user, int qty) {
    return new CartCommand.CreateOrUpdate(user, List.of(new CartLine("p03", null, qty)), null);
  }

  /** As the HTTP layer sends a mutation without a client key. */
  private static <C> Request<C> fresh(C command, UserId user) {
    return new Request<>(command, user.value(), "~" + UlidCreator.getUlid(), null, false);
  }

  private static <C> Request<C> keyed(C command, UserId user, String key, byte[] fingerprint) {
    return new Request<>(command, user.value(), key, fingerprint, true);
  }

  private static CartReply.CartView view(Response<CartReply> r) {
    return (CartReply.CartView) ((Response.Done<CartReply>) r).reply();
  }

  @Test
  void concurrent_commands_share_commits_and_every_one_is_answered_after_it() throws Exception {
    start(Duration.ofDays(7));
    List<UserId> users = new ArrayList<>();
    List<Future<Response<CartReply>>> replies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      UserId u = freshUser();
      users.add(u);
      replies.add(carts().send(fresh(create(u, 1 + i % 5), u)));
    }
    await(Future.all(replies));
    assertThat(runtime.units.get()).isEqualTo(200);
    assertThat(runtime.commits.get()).as("200 commands sent at once are group-committed").isLessThan(100);
    for (int i = 0; i < users.size(); i++) {
      Shopper stored = await(shoppers.load(users.get(i).value())).state();
      assertThat(stored.cart().lines()).containsExactly(new CartLine("p03", null, 1 + i % 5));
      assertThat(view(replies.get(i).result()).cart().cart().lines()).isEqualTo(stored.cart().lines());
    }
  }

  @Test
  void a_write_that_cannot_be_staged_fails_its_own_commands_and_the_partition_goes_on() throws Exception {
    start(Duration.ofDays(7));
    UserId poisoned = freshUser();
    unstageable.add(poisoned.value());
    List<UserId> users = new ArrayList<>();
    List<Future<Response<CartReply>>> replies = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // sent at once: many share the poisoned one's batch
      UserId u = freshUser();
      users.add(u);
      replies.add(carts().send(fresh(create(u, 1), u)));
    }
    Future<Response<CartReply>> bad = carts().send(fresh(create(poisoned, 1), poisoned));
    await(Future.join(replies));
    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(bad));
    assertThat(((ReplyException) failed.getCause()).failureCode()).isEqualTo(Failures.INTERNAL);
    for (int i = 0; i < users.size(); i++) {
      assertThat(view(replies.get(i).result()).cart().cart().lines()).hasSize(1);
      assertThat(await(shoppers.load(users.get(i).value())).version()).isEqualTo(1);
    }
    assertThat(await(shoppers.load(poisoned.value())).version()).as("nothing of it written").isZero();
    // The partition still serves: the aggregate reloads, and once it can be written it is.
    unstageable.remove(poisoned.value());
    assertThat(view(await(carts().send(fresh(create(poisoned, 2), poisoned)))).cart().cart().lines()).hasSize(1);
    assertThat(await(shoppers.load(poisoned.value())).version()).isEqualTo(1);
  }

  @Test
  void a_retry_with_the_same_key_gets_the_original_answer_after_100_later_changes_and_across_a_handover() throws Exception {
    start(Duration.ofDays(7));
    UserId user = freshUser();
    byte[] fingerprint = {1, 2, 3};
    CartReply.CartView first = view(await(carts().send(keyed(create(user, 2), user, "client-key-1", fingerprint))));
    for (int i = 0; i < 100; i++) {
      await(carts().send(fresh(new CartCommand.SetQuantity(user, first.cart().cart().id(), new CartLine("p06", null, 1 + i % 3)), user)));
    }
    // The same request again: answered from the record, nothing applied again.
    Response<CartReply> again = await(carts().send(keyed(create(user, 2), user, "client-key-1", fingerprint)));
    assertThat(((Response.Done<CartReply>) again).replayed()).isTrue();
    assertThat(view(again)).isEqualTo(first);
    // The same key with another request: refused.
    assertThat(await(carts().send(keyed(create(user, 5), user, "client-key-1", new byte[] {9}))))
        .isInstanceOf(Response.KeyReused.class);
    long versionBefore = await(shoppers.load(user.value())).version();

    // A new owner (a handover, the old owner's memory gone) answers from the durable record.
    harness.stop(CartKind.NAME);
    harness.start(CartKind.NAME);
    Response<CartReply> afterHandover = await(carts().send(keyed(create(user, 2), user, "client-key-1", fingerprint)));
    assertThat(view(afterHandover)).isEqualTo(first);
    assertThat(await(shoppers.load(user.value())).version()).isEqualTo(versionBefore);
    assertThat(await(shoppers.load(user.value())).state().cart().lines())
        .contains(new CartLine("p03", null, 2), new CartLine("p06", null, 1 + 99 % 3));
  }

  @Test
  void a_client_key_is_kept_for_a_day_and_a_minted_one_for_a_minute() throws Exception {
    start(Duration.ofDays(7));
    UserId user = freshUser();
    Request<CartCommand> minted = fresh(create(user, 1), user);
    await(carts().send(minted));
    await(carts().send(keyed(create(user, 2), user, "kept", new byte[] {1})));
    Instant now = Instant.now();
    Instant mintedUntil = await(runtime.real.findRecord(user.value(), minted.key())).expiresAt();
    Instant keptUntil = await(runtime.real.findRecord(user.value(), "kept")).expiresAt();
    assertThat(mintedUntil).isBetween(now.plusSeconds(30), now.plusSeconds(61));
    assertThat(keptUntil).isBetween(now.plus(Duration.ofHours(23)), now.plus(Duration.ofHours(24)).plusSeconds(1));
  }

  @Test
  void repeats_arriving_while_the_first_is_in_flight_are_applied_once() throws Exception {
    start(Duration.ofDays(7));
    UserId user = freshUser();
    CartReply.CartView created = view(await(carts().send(fresh(create(user, 1), user))));
    long version = await(shoppers.load(user.value())).version();
    byte[] fp = {7};
    List<Future<Response<CartReply>>> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(carts().send(keyed(new CartCommand.SetQuantity(user, created.cart().cart().id(), new CartLine("p06", null, 2)),
          user, "same-key", fp)));
    }
    await(Future.all(all));
    all.forEach(r -> assertThat(view(r.result()).cart().cart().lines()).contains(new CartLine("p06", null, 2)));
    assertThat(await(shoppers.load(user.value())).version()).isEqualTo(version + 1);
  }

  @Test
  void an_exchange_through_a_timer_and_two_outboxes_completes_once() throws Exception {
    start(Duration.ofDays(7));
    PartitionRouter<PingCommand, View> pings = harness.routers.of(Exchange.PING);
    for (int i = 0; i < 20; i++) {
      await(pings.send(new Request<>(new PingCommand.Start("x" + i, 50), "test", "start-x" + i, null, false)));
    }
    for (int i = 0; i < 20; i++) {
      awaitDone("x" + i);
    }
    // Delivered rows are forgotten (shortly after, in a batch).
    long deadline = System.currentTimeMillis() + 5_000;
    int left;
    do {
      Thread.sleep(100);
      left = 0;
      for (int p = 0; p < PARTITIONS; p++) {
        left += await(runtime.real.outbox(Exchange.PING.name(), p)).size() + await(runtime.real.outbox(Exchange.PONG.name(), p)).size();
      }
    } while (left > 0 && System.currentTimeMillis() < deadline);
    assertThat(left).isZero();
  }

  @Test
  void a_timer_set_by_one_owner_fires_once_under_the_next_and_an_undelivered_send_is_resent_and_deduplicated() throws Exception {
    start(Duration.ofDays(7));
    PartitionRouter<PingCommand, View> pings = harness.routers.of(Exchange.PING);
    // The pong side is down: pings leave their outbox but cannot be delivered yet.
    harness.stop(Exchange.PONG.name());
    await(pings.send(new Request<>(new PingCommand.Start("early", 10), "test", "start-early", null, false)));
    await(pings.send(new Request<>(new PingCommand.Start("late", 1_500), "test", "start-late", null, false)));
    Thread.sleep(300); // "early" fired and its ping waits in the outbox; "late" waits on its timer
    assertThat(pingStatus("early")).isEqualTo("PINGED");
    // The ping owners hand over before "late" is due: the next owners re-arm the timer and resend the outbox.
    harness.stop(Exchange.PING.name());
    harness.start(Exchange.PING.name());
    harness.start(Exchange.PONG.name());
    awaitDone("early");
    awaitDone("late");
  }

  @Test
  void an_idle_cart_expires_by_its_durable_timer() throws Exception {
    start(Duration.ofMillis(400));
    UserId user = freshUser();
    await(carts().send(fresh(create(user, 1), user)));
    assertThat(await(shoppers.load(user.value())).state().expiryCheckAt()).isNotNull();
    long deadline = System.currentTimeMillis() + 5_000;
    while (await(shoppers.load(user.value())).state().expiryCheckAt() != null && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Shopper stored = await(shoppers.load(user.value())).state();
    assertThat(stored.cart().lines()).as("the timer emptied the expired cart without any request").isEmpty();
    assertThat(stored.expiryCheckAt()).isNull();
  }

  @Test
  void a_stalled_store_makes_new_commands_fail_fast_and_the_partition_recovers_when_it_answers() throws Exception {
    start(Duration.ofDays(7));
    UserId user = freshUser();
    await(carts().send(fresh(create(user, 1), user)));
    runtime.gate = Promise.promise();
    Future<Response<CartReply>> stuck = carts().send(fresh(create(user, 2), user));
    Thread.sleep(PartitionActor.STALLED_AFTER_MS + 300);
    long started = System.currentTimeMillis();
    ExecutionException refused = assertThrows(ExecutionException.class, () -> await(carts().send(fresh(create(user, 3), user))));
    assertThat(((ReplyException) refused.getCause()).failureCode()).isEqualTo(Failures.OVERLOADED);
    assertThat(Failures.temporary(refused.getCause())).isTrue();
    assertThat(System.currentTimeMillis() - started).as("failed fast, not after the deadline").isLessThan(1_000);
    Promise<Void> gate = runtime.gate;
    runtime.gate = null;
    gate.complete();
    assertThat(view(await(stuck)).cart().cart().lines()).containsExactly(new CartLine("p03", null, 2));
    assertThat(view(await(carts().send(fresh(create(user, 4), user)))).cart().cart().lines())
        .containsExactly(new CartLine("p03", null, 4));
  }

  private String pingStatus(String id) throws Exception {
    Response<View> r = await(harness.routers.of(Exchange.PING).read(new PingCommand.Get(id)));
    return ((Response.Done<View>) r).reply().status();
  }

  /** Waits for the exchange to finish, then checks one ping was counted and one pong recorded. */
  private void awaitDone(String id) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    AtomicReference<View> ping = new AtomicReference<>();
    while (System.currentTimeMillis() < deadline) {
      ping.set(((Response.Done<View>) await(harness.routers.of(Exchange.PING).read(new PingCommand.Get(id)))).reply());
      if (ping.get().status().equals("DONE")) {
        break;
      }
      Thread.sleep(50);
    }
    View pong = ((Response.Done<View>) await(harness.routers.of(Exchange.PONG).read(new PongCommand.Get(id)))).reply();
    assertThat(ping.get()).as("exchange " + id).isEqualTo(new View("DONE", 1));
    assertThat(pong).as("exchange " + id).isEqualTo(new View("PONGED", 1));
  }
}
