package dev.tender.store;

import dev.tender.cart.Shopper;
import dev.tender.cart.UserId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Shoppers in PostgreSQL. A batch is one pipelined {@code executeBatch}: one round trip and one
 * implicit transaction, hence one commit (and one fsync) for every command in it.
 */
public final class PgShopperStore implements ShopperStore {
  private static final String LOAD = "SELECT version, body FROM shoppers WHERE user_id = $1";
  // The WHERE on the conflict branch is the fence: a stale writer's row count is 0.
  private static final String WRITE = """
      INSERT INTO shoppers (user_id, version, body) VALUES ($1, $2, $3)
      ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body, updated_at = now()
        WHERE shoppers.version = EXCLUDED.version - 1
      RETURNING user_id""";

  private final Pool pool;

  public PgShopperStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Shopper> load(UserId id) {
    return pool.preparedQuery(LOAD).execute(Tuple.of(id.value())).map(rows -> {
      if (rows.size() == 0) {
        return Shopper.empty(id);
      }
      Row row = rows.iterator().next();
      return ShopperDocument.fromJson(id, row.getLong("version"), row.getJsonObject("body"));
    });
  }

  @Override
  public Future<boolean[]> writeAll(List<Shopper> shoppers) {
    List<Tuple> tuples = new ArrayList<>(shoppers.size());
    for (Shopper s : shoppers) {
      tuples.add(Tuple.of(s.id().value(), s.version(), ShopperDocument.toJson(s)));
    }
    return pool.preparedQuery(WRITE).executeBatch(tuples).map(first -> {
      boolean[] applied = new boolean[shoppers.size()];
      RowSet<Row> rs = first;
      for (int i = 0; i < applied.length && rs != null; i++, rs = rs.next()) {
        applied[i] = rs.rowCount() == 1;
      }
      return applied;
    });
  }

  @Override
  public boolean durable() {
    return true;
  }
}
