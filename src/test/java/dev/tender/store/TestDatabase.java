package dev.tender.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * The real PostgreSQL the tests use: {@code TENDER_TEST_PG_URL}, by default the role and database
 * that {@code .ci/run} creates. Without a reachable server the PG tests are skipped, unless
 * {@code TENDER_TEST_REQUIRE_PG=1} (as in CI), where they fail instead.
 */
public final class TestDatabase {
  public static final String URL = System.getenv().getOrDefault("TENDER_TEST_PG_URL",
      "postgresql://tender:tender@127.0.0.1:5432/tender");

  private TestDatabase() {}

  /** Migrates the database and returns, or skips the test (fails it in CI) when there is none. */
  public static void requireMigrated() throws Exception {
    Vertx probe = Vertx.vertx();
    try {
      migratedPool(probe).close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      probe.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** A migrated pool, or a skipped test when no database is reachable and none is required. */
  public static Pool migratedPool(Vertx vertx) throws Exception {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(URL).using(vertx).build();
    try {
      Migrations.apply(vertx, pool).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      pool.close();
      if ("1".equals(System.getenv("TENDER_TEST_REQUIRE_PG"))) {
        throw new AssertionError("PostgreSQL is required (TENDER_TEST_REQUIRE_PG=1) but unreachable at " + URL, e);
      }
      assumeTrue(false, "PostgreSQL unreachable at " + URL + ": " + e);
    }
    return pool;
  }
}
