package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgShopperStoreTest extends ShopperStoreContract {
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void connect() throws Exception {
    vertx = Vertx.vertx();
    pool = TestDatabase.migratedPool(vertx);
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  @Override
  ShopperStore store() {
    return new PgShopperStore(pool);
  }

  @Test
  void migrations_are_applied_once() throws Exception {
    assertThat(await(dev.tender.store.Migrations.apply(vertx, pool))).isZero();
    int rows = await(pool.query("SELECT count(*) FROM tender_schema_history").execute()).iterator().next().getInteger(0);
    assertThat(rows).isEqualTo(Migrations.SCRIPTS.size());
  }

  @Test
  void a_durable_write_survives_a_new_connection_pool() throws Exception {
    var s = withCart(freshUser(), 1);
    await(store().writeAll(List.of(s)));
    Pool other = TestDatabase.migratedPool(vertx);
    try {
      assertThat(await(new PgShopperStore(other).load(s.id()))).isEqualTo(s);
    } finally {
      await(other.close());
    }
  }
}
