package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgShopperStoreTest extends ShopperStoreContract {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  @Override
  ShopperStore store() {
    return new PgShopperStore(DB.pool(), 4);
  }

  @Override
  PartitionOwnerStore owners() {
    return new PgPartitionOwnerStore(DB.pool());
  }

  @Test
  void migrations_are_applied_once() throws Exception {
    assertThat(await(dev.tender.store.Migrations.apply(DB.vertx(), DB.pool()))).isZero();
    int rows = await(DB.pool().query("SELECT count(*) FROM tender_schema_history").execute()).iterator().next().getInteger(0);
    assertThat(rows).isEqualTo(Migrations.SCRIPTS.size());
  }

  @Test
  void a_durable_write_survives_a_new_connection_pool() throws Exception {
    var s = withCart(freshUser(), 1);
    await(store().writeAll(List.of(s), fence));
    Pool other = TestDatabase.migratedPool(DB.vertx());
    try {
      assertThat(await(new PgShopperStore(other, 4).load(s.id()))).isEqualTo(s);
    } finally {
      await(other.close());
    }
  }

  @Test
  void concurrent_batches_merge_into_shared_round_trips_and_each_gets_its_own_outcome() throws Exception {
    ShopperStore oneAtATime = new PgShopperStore(DB.pool(), 1);
    var stale = withCart(freshUser(), 1);
    await(oneAtATime.writeAll(List.of(stale), fence));
    List<io.vertx.core.Future<boolean[]>> results = new java.util.ArrayList<>();
    List<dev.tender.cart.Shopper> written = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      var a = withCart(freshUser(), 1);
      var b = withCart(freshUser(), 1);
      written.add(a);
      written.add(b);
      // Every third submission carries a fenced-out row in the middle.
      results.add(oneAtATime.writeAll(i % 3 == 0 ? List.of(a, withCart(stale.id(), 1), b) : List.of(a, b), fence));
    }
    for (int i = 0; i < results.size(); i++) {
      boolean[] applied = await(results.get(i));
      if (i % 3 == 0) {
        assertThat(applied).containsExactly(true, false, true);
      } else {
        assertThat(applied).containsExactly(true, true);
      }
    }
    for (var s : written) {
      assertThat(await(store().load(s.id()))).isEqualTo(s);
    }
  }
}
