package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.cluster.Backend;
import dev.tender.cluster.Documents;
import dev.tender.cluster.Fence;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;
import dev.tender.cluster.PartitionStore.Result;
import dev.tender.cluster.PartitionStore.Unit;
import dev.tender.order.Order;
import dev.tender.order.OrderBehaviour;
import dev.tender.order.OrderWire;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Backend}'s documents promise about attention instants: written with each change
 * from the state, cleared when the state has none, found oldest first up to an instant, in pages; and
 * nothing at all for documents made without an attention function. Orders are the documents (the
 * payment sweep's use), under a kind of the test's own so runs sharing a database never meet.
 */
abstract class DocumentAttentionContract {
  private static final Duration AFTER = Duration.ofSeconds(60);

  abstract Backend backend();

  abstract PartitionStore runtime();

  abstract PartitionOwnerStore owners();

  private Fence fence;
  private String kind;

  @BeforeEach
  void ownAPartition() throws Exception {
    int partition = java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000);
    fence = new Fence("contract-test", partition, await(owners().acquire("contract-test", partition, "test-node", 0)).getAsLong());
    kind = "attention-test-" + UlidCreator.getUlid();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Documents<Order> orders() {
    return backend().documents(kind, OrderWire.STATES, Order::none, Order::owner, o -> OrderBehaviour.reconcileAt(o, AFTER));
  }

  private static Order pending(String number, Instant requested) {
    return new Order(number, "u-attention", "cart-" + number, requested, Order.Status.PENDING, Order.PaymentStatus.PENDING, requested,
        requested, 1, 100_00, 100_00, 0, null, new Order.Payer("A", "B", "a@example.com", "9876543210"), List.of(),
        List.of(new Order.Attempt(OrderBehaviour.txnid(number, 1), 100_00, requested, Order.AttemptStatus.PENDING, null, null, null, null)),
        "{}", null, null, requested.plus(Duration.ofHours(2)), null, List.of());
  }

  private static Order paid(Order o, Instant at) {
    Order.Attempt a = o.currentAttempt();
    return new Order(o.number(), o.owner(), o.cartId(), o.cartUpdatedAt(), Order.Status.CONFIRMED, Order.PaymentStatus.SUCCESS,
        o.createdAt(), at, o.placementTry(), o.grandTotal(), o.toBePaid(), o.pointsEarned(), o.couponCode(), o.payer(), o.holds(),
        List.of(new Order.Attempt(a.txnid(), a.amount(), a.requestedAt(), Order.AttemptStatus.SUCCESS, "ref", "UPI", at, null)),
        o.snapshot(), null, at, o.holdsExpireAt(), null, o.journal());
  }

  private void write(Documents<Order> store, Order before, Order after, long version) throws Exception {
    List<Result> results = await(runtime().commit(fence,
        List.of(new Unit(after.number(), store.stage(after.number(), before, after, version, fence.epoch()), List.of(), List.of(), List.of()))));
    assertThat(results).containsExactly(Result.COMMITTED);
  }

  private static List<String> keys(List<Documents.Due<Order>> due) {
    return due.stream().map(Documents.Due::key).toList();
  }

  @Test
  void attention_is_written_with_each_change_found_oldest_first_and_cleared() throws Exception {
    Documents<Order> store = orders();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Order a = pending("ORD-A" + UlidCreator.getUlid(), t0);
    Order b = pending("ORD-B" + UlidCreator.getUlid(), t0.plusSeconds(1));
    Order c = paid(pending("ORD-C" + UlidCreator.getUlid(), t0.minusSeconds(5)), t0);
    write(store, Order.none(b.number()), b, 0);
    write(store, Order.none(a.number()), a, 0);
    write(store, Order.none(c.number()), c, 0);

    assertThat(await(store.needingAttention(t0.plus(AFTER).minusMillis(1), 100))).as("none due yet").isEmpty();
    List<Documents.Due<Order>> due = await(store.needingAttention(t0.plus(AFTER).plusSeconds(10), 100));
    assertThat(keys(due)).containsExactly(a.number(), b.number());
    assertThat(due.get(0).at()).isEqualTo(t0.plus(AFTER));
    assertThat(due.get(0).state()).isEqualTo(a);
    assertThat(keys(await(store.needingAttention(t0.plus(AFTER), 100)))).as("due at the instant itself").containsExactly(a.number());

    // Pages: after the first, the rest.
    List<Documents.Due<Order>> first = await(store.needingAttention(t0.plus(AFTER).plusSeconds(10), 1));
    assertThat(keys(first)).containsExactly(a.number());
    assertThat(keys(await(store.needingAttention(t0.plus(AFTER).plusSeconds(10), first.get(0), 1)))).containsExactly(b.number());
    assertThat(await(store.needingAttention(t0.plus(AFTER).plusSeconds(10), due.get(1), 1))).isEmpty();

    // Paid: nothing to do any more, so the attention instant is cleared.
    write(store, a, paid(a, t0.plusSeconds(2)), 1);
    assertThat(keys(await(store.needingAttention(t0.plus(AFTER).plusSeconds(10), 100)))).containsExactly(b.number());
    assertThat(await(store.load(a.number())).state().status()).isEqualTo(Order.Status.CONFIRMED);
  }

  @Test
  void documents_made_without_an_attention_function_never_need_attention() throws Exception {
    Documents<Order> store = backend().documents(kind, OrderWire.STATES, Order::none, Order::owner);
    Order a = pending("ORD-N" + UlidCreator.getUlid(), Instant.now().minusSeconds(3600));
    write(store, Order.none(a.number()), a, 0);
    assertThat(await(store.needingAttention(Instant.now().plusSeconds(3600), 100))).isEmpty();
    assertThat(await(orders().needingAttention(Instant.now().plusSeconds(3600), 100))).as("nothing was stored for it").isEmpty();
  }
}
