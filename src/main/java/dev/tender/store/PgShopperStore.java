package dev.tender.store;

import dev.tender.cart.Shopper;
import dev.tender.cart.ShopperJson;
import dev.tender.cart.UserId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Shoppers in PostgreSQL. A batch is one pipelined {@code executeBatch}: one round trip and one
 * implicit transaction, hence one commit (and one fsync) for every row in it.
 *
 * <p>Group commit across partitions: each partition already sends one batch per event-loop turn, but
 * with hundreds of partitions those batches are small. So at most {@code maxInFlight} batches run at
 * once; batches submitted meanwhile wait and are merged into the next round trip. Under light load a
 * batch goes out at once; under heavy load rows per commit grow instead of commits per second.
 * The queue is shared by partitions on several event loops, so a lock guards it (this is a store, not
 * an actor); results are handed back on each caller's own context.
 */
public final class PgShopperStore implements ShopperStore {
  private static final String LOAD = "SELECT version, body FROM shoppers WHERE user_id = $1";
  // Two fences; a refused row has a row count of 0. The epoch: the row is only inserted if the
  // partition's owner row still has the writer's epoch, and FOR SHARE holds that row until commit, so
  // an acquisition (which bumps the epoch) waits for writes under the old epoch or refuses them.
  // The version: the conflict branch only updates the version the writer loaded.
  private static final String WRITE = """
      WITH fence AS (
        SELECT 1 FROM partition_owners WHERE kind = $4 AND partition = $5 AND epoch = $6 FOR SHARE)
      INSERT INTO shoppers (user_id, version, body, written_epoch) SELECT $1, $2, $3, $6 FROM fence
      ON CONFLICT (user_id) DO UPDATE
        SET version = EXCLUDED.version, body = EXCLUDED.body, written_epoch = EXCLUDED.written_epoch, updated_at = now()
        WHERE shoppers.version = EXCLUDED.version - 1
      RETURNING user_id""";

  /** Rows per round trip; beyond this a merged batch is split. */
  private static final int MAX_ROWS_PER_BATCH = 512;

  private final Pool pool;
  private final int maxInFlight;
  private final Object lock = new Object();
  private final ArrayDeque<Submission> queue = new ArrayDeque<>(); // guarded by lock
  private int inFlight; // guarded by lock

  private record Submission(List<Shopper> shoppers, Fence fence, Context caller, Promise<boolean[]> result) {}

  private static final Comparator<Submission> BY_PARTITION =
      Comparator.comparing((Submission s) -> s.fence().kind()).thenComparingInt(s -> s.fence().partition());

  /** @param maxInFlight batches in flight at once ({@code pg_writes_in_flight}); fewer means more rows per commit */
  public PgShopperStore(Pool pool, int maxInFlight) {
    this.pool = pool;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public Future<Shopper> load(UserId id) {
    return pool.preparedQuery(LOAD).execute(Tuple.of(id.value())).map(rows -> {
      if (rows.size() == 0) {
        return Shopper.empty(id);
      }
      Row row = rows.iterator().next();
      return ShopperJson.fromJson(id, row.getLong("version"), row.getJsonObject("body"));
    });
  }

  @Override
  public Future<boolean[]> writeAll(List<Shopper> shoppers, Fence fence) {
    Submission submission = new Submission(shoppers, fence, Vertx.currentContext(), Promise.promise());
    List<Submission> batch = null;
    synchronized (lock) {
      queue.add(submission);
      if (inFlight < maxInFlight) {
        inFlight++;
        batch = takeBatch();
      }
    }
    if (batch != null) {
      execute(batch);
    }
    return submission.result().future();
  }

  /** Caller holds the lock. At least one submission, then more while they fit. */
  private List<Submission> takeBatch() {
    List<Submission> batch = new ArrayList<>();
    int rows = 0;
    while (!queue.isEmpty() && (batch.isEmpty() || rows + queue.peek().shoppers().size() <= MAX_ROWS_PER_BATCH)) {
      Submission s = queue.poll();
      batch.add(s);
      rows += s.shoppers().size();
    }
    return batch;
  }

  private void execute(List<Submission> batch) {
    // Every batch takes its partitions' FOR SHARE locks in the same order, so two batches and an
    // acquisition waiting between them cannot deadlock. (A partition has one submission at a time.)
    batch.sort(BY_PARTITION);
    List<Tuple> tuples = new ArrayList<>();
    for (Submission s : batch) {
      for (Shopper shopper : s.shoppers()) {
        tuples.add(Tuple.of(shopper.id().value(), shopper.version(), ShopperJson.toJson(shopper),
            s.fence().kind(), s.fence().partition(), s.fence().epoch()));
      }
    }
    pool.preparedQuery(WRITE).executeBatch(tuples).onComplete(ar -> {
      if (ar.failed()) {
        batch.forEach(s -> deliver(s, Future.failedFuture(ar.cause())));
      } else {
        RowSet<Row> rs = ar.result();
        for (Submission s : batch) {
          boolean[] applied = new boolean[s.shoppers().size()];
          for (int i = 0; i < applied.length; i++, rs = rs.next()) {
            applied[i] = rs.rowCount() == 1;
          }
          deliver(s, Future.succeededFuture(applied));
        }
      }
      List<Submission> next = null;
      synchronized (lock) {
        if (queue.isEmpty()) {
          inFlight--;
        } else {
          next = takeBatch(); // keep the slot: the queue waited for it
        }
      }
      if (next != null) {
        execute(next);
      }
    });
  }

  /** Completes on the submitter's context, so a partition's callback runs on its own thread. */
  private static void deliver(Submission s, Future<boolean[]> outcome) {
    if (s.caller() == null || s.caller() == Vertx.currentContext()) {
      s.result().handle(outcome);
    } else {
      s.caller().runOnContext(v -> s.result().handle(outcome));
    }
  }

  @Override
  public boolean durable() {
    return true;
  }
}
