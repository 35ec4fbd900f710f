package dev.tender.store;

import dev.tender.cluster.PartitionOwnerStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Partition ownership in PostgreSQL; see {@link PgShopperStore} for how writes check it. Leases are
 * timed by the database's {@code now()} alone, so the nodes' wall clocks never need to agree.
 */
public final class PgPartitionOwnerStore implements PartitionOwnerStore {
  // The update's WHERE refuses a partition held by another node's running lease: no row comes back.
  private static final String ACQUIRE = """
      INSERT INTO partition_owners (kind, partition, owner, epoch, lease_until)
      VALUES ($1, $2, $3, 1, now() + $4::bigint * interval '1 millisecond')
      ON CONFLICT (kind, partition) DO UPDATE
        SET owner = EXCLUDED.owner, epoch = partition_owners.epoch + 1, acquired_at = now(), lease_until = EXCLUDED.lease_until
        WHERE partition_owners.owner IN ('', EXCLUDED.owner) OR partition_owners.lease_until IS NULL
           OR partition_owners.lease_until <= now()
      RETURNING epoch""";
  /**
   * Taken first in the acquiring transaction: FOR UPDATE waits for every write transaction still holding
   * the row FOR KEY SHARE under the old epoch (the upsert alone, which changes no key column, would not).
   */
  private static final String LOCK = "SELECT 1 FROM partition_owners WHERE kind = $1 AND partition = $2 FOR UPDATE";
  private static final String RENEW = """
      UPDATE partition_owners SET lease_until = now() + $3::bigint * interval '1 millisecond'
       WHERE kind = $1 AND owner = $2
      RETURNING partition, epoch""";
  private static final String RELEASE = "UPDATE partition_owners SET owner = '', lease_until = NULL"
      + " WHERE kind = $1 AND partition = $2 AND owner = $3 AND epoch = $4";
  private static final String CURRENT = "SELECT epoch FROM partition_owners WHERE kind = $1 AND partition = $2";
  private static final String ALL = """
      SELECT partition, owner, epoch, acquired_at, owner <> '' AND COALESCE(lease_until > now(), false)
        FROM partition_owners WHERE kind = $1 ORDER BY partition""";

  private final Pool pool;

  public PgPartitionOwnerStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<OptionalLong> acquire(String kind, int partition, String nodeId, long leaseMs) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(kind, partition))
        .compose(locked -> conn.preparedQuery(ACQUIRE).execute(Tuple.of(kind, partition, nodeId, leaseMs))))
        .map(rows -> rows.size() == 0 ? OptionalLong.empty() : OptionalLong.of(rows.iterator().next().getLong(0)));
  }

  @Override
  public Future<Map<Integer, Long>> renew(String kind, String nodeId, long leaseMs) {
    return pool.preparedQuery(RENEW).execute(Tuple.of(kind, nodeId, leaseMs)).map(rows -> {
      Map<Integer, Long> owned = new HashMap<>();
      for (Row r : rows) {
        owned.put(r.getInteger(0), r.getLong(1));
      }
      return owned;
    });
  }

  @Override
  public Future<Void> release(String kind, int partition, String nodeId, long epoch) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(kind, partition, nodeId, epoch)).mapEmpty();
  }

  @Override
  public Future<Long> currentEpoch(String kind, int partition) {
    return pool.preparedQuery(CURRENT).execute(Tuple.of(kind, partition))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  @Override
  public Future<List<Ownership>> all(String kind) {
    return pool.preparedQuery(ALL).execute(Tuple.of(kind)).map(rows -> {
      List<Ownership> list = new ArrayList<>();
      for (Row r : rows) {
        list.add(new Ownership(kind, r.getInteger(0), r.getString(1), r.getLong(2), r.getOffsetDateTime(3).toInstant(),
            r.getBoolean(4)));
      }
      return list;
    });
  }
}
