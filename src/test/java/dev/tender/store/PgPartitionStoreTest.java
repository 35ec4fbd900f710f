package dev.tender.store;

import static dev.tender.store.ShopperStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.Cart;
import dev.tender.cart.CartId;
import dev.tender.cart.CartLine;
import dev.tender.cart.Shopper;
import dev.tender.cart.UserId;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;
import dev.tender.cluster.PartitionStore.Result;
import dev.tender.cluster.PartitionStore.Unit;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgPartitionStoreTest extends PartitionStoreContract {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  @Override
  PartitionStore runtime() {
    return new PgPartitionStore(DB.pool(), 2);
  }

  @Override
  PartitionOwnerStore owners() {
    return new PgPartitionOwnerStore(DB.pool());
  }

  private Unit cartWrite(Shopper s) {
    return new Unit(s.id().value(), new PgShopperStore(DB.pool()).stage(s.id().value(), Shopper.empty(s.id()), s, 0, fence.epoch()),
        List.of(record(fresh(), "k", now.plusSeconds(60))), List.of(), List.of());
  }

  private Shopper shopper(List<CartLine> lines, Map<String, String> metadata) {
    UserId user = new UserId("bad-row-" + fresh());
    Cart cart = new Cart(CartId.random(), user, lines, null, null, null, metadata, now, now, now.plusSeconds(60));
    return Shopper.empty(user).withCart(cart);
  }

  @Test
  void rows_the_database_refuses_fail_alone_and_their_neighbours_commit() throws Exception {
    Shopper good1 = shopper(List.of(new CartLine("p03", null, 1)), Map.of());
    Shopper zeroQuantity = shopper(List.of(new CartLine("p03", null, 0)), Map.of()); // CHECK (quantity > 0)
    Shopper nul = shopper(List.of(new CartLine("p03", null, 1)), Map.of("note", "a\u0000b")); // jsonb has no U+0000
    Shopper good2 = shopper(List.of(new CartLine("p06", null, 2)), Map.of());
    List<Result> results = await(runtime().commit(fence, List.of(cartWrite(good1), cartWrite(zeroQuantity), cartWrite(nul),
        cartWrite(good2))));
    assertThat(results.get(0)).isEqualTo(Result.COMMITTED);
    assertThat(results.get(1).verdict()).isEqualTo(PartitionStore.Verdict.REJECTED);
    assertThat(results.get(1).why()).contains("check");
    assertThat(results.get(2).verdict()).isEqualTo(PartitionStore.Verdict.REJECTED);
    assertThat(results.get(3)).isEqualTo(Result.COMMITTED);
    PgShopperStore shoppers = new PgShopperStore(DB.pool());
    assertThat(await(shoppers.load(good1.id().value())).state()).isEqualTo(good1);
    assertThat(await(shoppers.load(good2.id().value())).state()).isEqualTo(good2);
    assertThat(await(shoppers.load(zeroQuantity.id().value())).version()).isZero();
    assertThat(await(shoppers.load(nul.id().value())).version()).isZero();
  }

  @Test
  void a_write_in_flight_holds_off_an_acquisition_but_not_a_lease_renewal() throws Exception {
    var conn = await(DB.pool().getConnection());
    try {
      await(conn.query("BEGIN").execute());
      // What a batch holds from its first statement to its commit: the fence on the partition's row.
      await(conn.preparedQuery(PgPartitionStore.FENCE).execute(io.vertx.sqlclient.Tuple.of(fence.kind(), fence.partition(),
          fence.epoch())));
      assertThat(await(owners().renew(fence.kind(), "test-node", 4_000))).containsKey(fence.partition());
      Future<java.util.OptionalLong> takeover = owners().acquire(fence.kind(), fence.partition(), "test-node", 4_000);
      Thread.sleep(300);
      assertThat(takeover.isComplete()).as("the acquisition waits for the write in flight").isFalse();
      await(conn.query("COMMIT").execute());
      assertThat(await(takeover)).hasValue(fence.epoch() + 1);
    } finally {
      conn.close();
    }
  }

  @Test
  void a_partition_whose_epoch_moved_is_refused_and_partitions_merged_with_it_commit() throws Exception {
    PartitionStore oneAtATime = new PgPartitionStore(DB.pool(), 1);
    int other = fence.partition() + 1;
    long otherEpoch = await(owners().acquire(fence.kind(), other, "test-node", 60_000)).getAsLong();
    dev.tender.cluster.Fence stale = new dev.tender.cluster.Fence(fence.kind(), other, otherEpoch);
    await(owners().acquire(fence.kind(), other, "test-node", 60_000)); // the same node again: a newer epoch
    List<Future<List<Result>>> results = new ArrayList<>();
    List<Shopper> fresh = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Shopper ok = shopper(List.of(new CartLine("p03", null, 1)), Map.of());
      fresh.add(ok);
      results.add(oneAtATime.commit(fence, List.of(cartWrite(ok), cartWrite(shopper(List.of(new CartLine("p06", null, 1)), Map.of())))));
      results.add(oneAtATime.commit(stale, List.of(cartWrite(shopper(List.of(new CartLine("p08", null, 1)), Map.of())))));
    }
    for (int i = 0; i < results.size(); i++) {
      Result expected = i % 2 == 0 ? Result.COMMITTED : Result.REFUSED;
      assertThat(await(results.get(i))).as("submission " + i).allMatch(expected::equals);
    }
    for (Shopper s : fresh) {
      assertThat(await(new PgShopperStore(DB.pool()).load(s.id().value())).version()).isEqualTo(1);
    }
  }

  @Test
  void concurrent_submissions_merge_into_shared_transactions_and_each_gets_its_own_outcome() throws Exception {
    PartitionStore oneAtATime = new PgPartitionStore(DB.pool(), 1);
    List<Future<List<Result>>> results = new ArrayList<>();
    List<Shopper> written = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Shopper a = shopper(List.of(new CartLine("p03", null, 1 + i % 3)), Map.of());
      Shopper b = shopper(List.of(new CartLine("p06", null, 1)), Map.of());
      written.add(a);
      written.add(b);
      // Every third submission carries a row the database refuses, in the middle.
      results.add(oneAtATime.commit(fence, i % 3 == 0
          ? List.of(cartWrite(a), cartWrite(shopper(List.of(new CartLine("p03", null, 0)), Map.of())), cartWrite(b))
          : List.of(cartWrite(a), cartWrite(b))));
    }
    for (int i = 0; i < results.size(); i++) {
      List<Result> r = await(results.get(i));
      assertThat(r.get(0)).isEqualTo(Result.COMMITTED);
      assertThat(r.get(r.size() - 1)).isEqualTo(Result.COMMITTED);
      if (i % 3 == 0) {
        assertThat(r.get(1).verdict()).isEqualTo(PartitionStore.Verdict.REJECTED);
      }
    }
    PgShopperStore shoppers = new PgShopperStore(DB.pool());
    for (Shopper s : written) {
      assertThat(await(shoppers.load(s.id().value())).state()).isEqualTo(s);
    }
  }
}
