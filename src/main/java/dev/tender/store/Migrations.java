package dev.tender.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied at start-up in one transaction under an advisory lock so
 * that nodes starting together apply each version once. Runs on the reactive client, so nothing
 * blocks. (Flyway would need JDBC and a worker thread for the same dozen lines of work.)
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  /** In order. Add new files at the end; never edit an applied one. */
  static final List<String> SCRIPTS = List.of(
      "V1__shoppers_and_refresh_tokens.sql", "V2__partition_owners.sql", "V3__shopper_written_epoch.sql",
      "V4__runtime_records_timers_outbox.sql", "V5__carts_as_small_rows.sql", "V6__partition_leases.sql",
      "V7__wallet_ledger.sql", "V8__cart_tenders.sql", "V9__document_owners.sql",
      "V10__refresh_token_sessions.sql", "V11__document_attention.sql", "V12__coupon_uses.sql",
      "V13__refresh_token_revoked_at.sql");
  private static final String DIR = "dev/tender/store/migration/";
  private static final long LOCK_KEY = 0x7465_6e64_6572L; // "tender"

  private Migrations() {}

  public static Future<Integer> apply(Vertx vertx, Pool pool) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
        .compose(r -> conn.query("""
            CREATE TABLE IF NOT EXISTS tender_schema_history (
              version int PRIMARY KEY, script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())""").execute())
        .compose(r -> conn.query("SELECT version FROM tender_schema_history").execute())
        .compose(rows -> {
          Set<Integer> applied = new HashSet<>();
          for (Row row : rows) {
            applied.add(row.getInteger(0));
          }
          Future<Integer> chain = Future.succeededFuture(0);
          for (String script : SCRIPTS) {
            int version = versionOf(script);
            if (!applied.contains(version)) {
              chain = chain.compose(n -> run(vertx, conn, script, version).map(v -> n + 1));
            }
          }
          return chain;
        }));
  }

  private static Future<Void> run(Vertx vertx, SqlConnection conn, String script, int version) {
    return vertx.fileSystem().readFile(DIR + script)
        .compose(sql -> conn.query(sql.toString()).execute())
        .compose(r -> conn.preparedQuery("INSERT INTO tender_schema_history (version, script) VALUES ($1, $2)")
            .execute(Tuple.of(version, script)))
        .onSuccess(r -> LOG.info("applied migration {}", script))
        .mapEmpty();
  }

  static int versionOf(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }
}
