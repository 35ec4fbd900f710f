package dev.tender.store;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PgRefreshTokenStoreTest extends RefreshTokenStoreContract {
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void connect() throws Exception {
    vertx = Vertx.vertx();
    pool = TestDatabase.migratedPool(vertx);
  }

  @AfterAll
  static void close() throws Exception {
    ShopperStoreContract.await(vertx.close());
  }

  @Override
  RefreshTokenStore store() {
    return new PgRefreshTokenStore(pool);
  }
}
