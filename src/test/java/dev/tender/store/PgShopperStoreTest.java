package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.Shopper;
import dev.tender.cart.ShopperStore;
import dev.tender.cluster.AggregateStore.Versioned;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgShopperStoreTest extends ShopperStoreContract {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  @Override
  ShopperStore store() {
    return new PgShopperStore(DB.pool());
  }

  @Override
  PartitionStore runtime() {
    return new PgPartitionStore(DB.pool(), 2);
  }

  @Override
  PartitionOwnerStore owners() {
    return new PgPartitionOwnerStore(DB.pool());
  }

  @Test
  void migrations_are_applied_once() throws Exception {
    assertThat(await(Migrations.apply(DB.vertx(), DB.pool()))).isZero();
    int rows = await(DB.pool().query("SELECT count(*) FROM tender_schema_history").execute()).iterator().next().getInteger(0);
    assertThat(rows).isEqualTo(Migrations.SCRIPTS.size());
  }

  @Test
  void a_durable_write_survives_a_new_connection_pool() throws Exception {
    Shopper s = withCart(freshUser());
    write(fence, new Change(Shopper.empty(s.id()), s, 0));
    Pool other = TestDatabase.migratedPool(DB.vertx());
    try {
      assertThat(await(new PgShopperStore(other).load(s.id().value()))).isEqualTo(new Versioned<>(s, 1));
    } finally {
      await(other.close());
    }
  }
}
