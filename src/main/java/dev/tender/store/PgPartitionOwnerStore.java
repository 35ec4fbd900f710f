package dev.tender.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Partition ownership in PostgreSQL; see {@link PgShopperStore} for how writes check it. */
public final class PgPartitionOwnerStore implements PartitionOwnerStore {
  private static final String ACQUIRE = """
      INSERT INTO partition_owners (kind, partition, owner, epoch) VALUES ($1, $2, $3, 1)
      ON CONFLICT (kind, partition) DO UPDATE
        SET owner = EXCLUDED.owner, epoch = partition_owners.epoch + 1, acquired_at = now()
      RETURNING epoch""";
  private static final String RELEASE =
      "UPDATE partition_owners SET owner = '' WHERE kind = $1 AND partition = $2 AND owner = $3 AND epoch = $4";
  private static final String CURRENT = "SELECT epoch FROM partition_owners WHERE kind = $1 AND partition = $2";
  private static final String ALL =
      "SELECT partition, owner, epoch, acquired_at FROM partition_owners WHERE kind = $1 ORDER BY partition";

  private final Pool pool;

  public PgPartitionOwnerStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Long> acquire(String kind, int partition, String nodeId) {
    return pool.preparedQuery(ACQUIRE).execute(Tuple.of(kind, partition, nodeId))
        .map(rows -> rows.iterator().next().getLong(0));
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
        list.add(new Ownership(kind, r.getInteger(0), r.getString(1), r.getLong(2), r.getOffsetDateTime(3).toInstant()));
      }
      return list;
    });
  }
}
