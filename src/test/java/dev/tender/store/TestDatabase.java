package dev.tender.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real PostgreSQL the tests use: {@code TENDER_TEST_PG_URL}, by default the role and database
 * that {@code .ci/run} creates. Without a reachable server the PG tests are skipped, unless
 * {@code TENDER_TEST_REQUIRE_PG=1} (as in CI), where they fail instead.
 */
public final class TestDatabase {
  public static final String URL = System.getenv().getOrDefault("TENDER_TEST_PG_URL",
      "postgresql://tender:tender@127.0.0.1:5432/tender");

  private TestDatabase() {}

  /**
   * A Vert.x instance and a migrated pool for one test class:
   * {@code @RegisterExtension static final TestDatabase.PerClass db = new TestDatabase.PerClass();}
   */
  public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
    private Vertx vertx;
    private Pool pool;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      vertx = Vertx.vertx();
      pool = migratedPool(vertx);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public Vertx vertx() {
      return vertx;
    }

    public Pool pool() {
      return pool;
    }
  }

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
