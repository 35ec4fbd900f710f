package dev.tender.store;

import dev.tender.cluster.Fence;
import dev.tender.cluster.PartitionStore;
import dev.tender.metrics.TenderMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The runtime's rows in PostgreSQL, and the transaction that commits a batch.
 *
 * <p>Group commit across partitions: each partition sends one batch per event-loop turn; at most
 * {@code maxInFlight} transactions run at once, and batches submitted meanwhile are merged into the
 * next. A transaction pipelines, on one connection and in ONE round trip: {@code BEGIN}, a
 * {@code FOR KEY SHARE} check of each partition's owner row (the epoch fence: an acquisition, an upsert
 * that locks the row exclusively and bumps the epoch, waits for it; a lease renewal, which updates no
 * key, does not), every unit's statements, and {@code COMMIT}. Every fence raises an error
 * in the database when it fails ({@link PgWrite#fenced}), so a transaction with any failure is rolled
 * back by PostgreSQL itself (a COMMIT of an aborted transaction rolls back) and nothing partial is
 * ever committed. Then it isolates: fenced partitions are refused, and the rest run again, one unit
 * per transaction when a unit failed, so a bad row fails alone.
 *
 * <p>The queue is shared by partitions on several event loops, so a lock guards it (this is a store,
 * not an actor); results are handed back on each caller's own context.
 */
public final class PgPartitionStore implements PartitionStore {
  /**
   * Raises 22012 unless the partition is still at the writer's epoch. FOR KEY SHARE holds the row until
   * commit against an acquisition (its upsert locks the row exclusively), but not against the lease
   * renewals that update the row twice a second: with FOR SHARE those and the writes deadlocked.
   */
  static final String FENCE = """
      WITH owner AS (SELECT 1 FROM partition_owners WHERE kind = $1 AND partition = $2 AND epoch = $3 FOR KEY SHARE)
      SELECT 1 / count(*) FROM owner""";
  private static final String INSERT_RECORD = """
      INSERT INTO idempotency_records (scope, key, kind, partition, fingerprint, reply, created_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
  private static final PgWrite.Bulk INSERT_RECORDS = new PgWrite.Bulk("""
      INSERT INTO idempotency_records (scope, key, kind, partition, fingerprint, reply, created_at, expires_at)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bytea[], $6::bytea[], $7::timestamptz[],
                           $8::timestamptz[])""",
      new Class<?>[] {String.class, String.class, String.class, Integer.class, Buffer.class, Buffer.class, OffsetDateTime.class,
          OffsetDateTime.class},
      false);
  /** The fence of many partitions at once: raises unless every one is still at its writer's epoch. */
  private static final String FENCE_ALL = """
      WITH f AS (SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[]) AS f(kind, partition, epoch)),
      owners AS (SELECT 1 FROM partition_owners o JOIN f ON o.kind = f.kind AND o.partition = f.partition AND o.epoch = f.epoch
                 FOR KEY SHARE OF o)
      SELECT 1 / (count(*) = $4)::int FROM owners""";
  private static final String FIND_RECORD = """
      SELECT kind, partition, fingerprint, reply, created_at, expires_at FROM idempotency_records
       WHERE scope = $1 AND key = $2 AND expires_at > now()""";
  private static final String SET_TIMER = """
      INSERT INTO timers (kind, key, name, partition, due_at, generation) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (kind, key, name) DO UPDATE
        SET partition = EXCLUDED.partition, due_at = EXCLUDED.due_at, generation = EXCLUDED.generation""";
  private static final PgWrite.Bulk SET_TIMERS = new PgWrite.Bulk("""
      INSERT INTO timers (kind, key, name, partition, due_at, generation)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::bigint[])
      ON CONFLICT (kind, key, name) DO UPDATE
        SET partition = EXCLUDED.partition, due_at = EXCLUDED.due_at, generation = EXCLUDED.generation""",
      new Class<?>[] {String.class, String.class, String.class, Integer.class, OffsetDateTime.class, Long.class}, false);
  private static final String DELETE_TIMER =
      "DELETE FROM timers WHERE kind = $1 AND key = $2 AND name = $3 AND ($4::bigint < 0 OR generation = $4::bigint)";
  private static final PgWrite.Bulk DELETE_TIMERS = new PgWrite.Bulk("""
      DELETE FROM timers t USING unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS d(kind, key, name, generation)
       WHERE t.kind = d.kind AND t.key = d.key AND t.name = d.name AND (d.generation < 0 OR t.generation = d.generation)""",
      new Class<?>[] {String.class, String.class, String.class, Long.class}, false);
  private static final String TIMERS_DUE = """
      SELECT key, name, due_at, generation FROM timers WHERE kind = $1 AND partition = $2 AND due_at < $3 ORDER BY due_at""";
  private static final String INSERT_OUTBOX = """
      INSERT INTO outbox (kind, partition, seq, dest_kind, dest_key, payload) VALUES ($1, $2, $3, $4, $5, $6)""";
  private static final PgWrite.Bulk INSERT_OUTBOXES = new PgWrite.Bulk("""
      INSERT INTO outbox (kind, partition, seq, dest_kind, dest_key, payload)
      SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::bytea[])""",
      new Class<?>[] {String.class, Integer.class, Long.class, String.class, String.class, Buffer.class}, false);
  private static final String OUTBOX = """
      SELECT seq, dest_kind, dest_key, payload FROM outbox WHERE kind = $1 AND partition = $2 ORDER BY seq""";
  private static final String DELIVERED = "DELETE FROM outbox WHERE kind = $1 AND partition = $2 AND seq = ANY($3)";
  private static final String PRUNE = """
      DELETE FROM idempotency_records WHERE kind = $1 AND partition = $2 AND expires_at < $3""";

  /** Units per transaction; beyond this a merged batch waits for the next one. */
  private static final int MAX_UNITS_PER_BATCH = 512;

  private final Pool pool;
  private final int maxInFlight;
  private final TenderMetrics metrics;
  private final Object lock = new Object();
  private final ArrayDeque<Submission> queue = new ArrayDeque<>(); // guarded by lock
  private int inFlight; // guarded by lock

  private static final class Submission {
    final Fence fence;
    final List<Unit> units;
    final Context caller;
    final Promise<List<Result>> promise = Promise.promise();
    final Result[] results;

    Submission(Fence fence, List<Unit> units, Context caller) {
      this.fence = fence;
      this.units = units;
      this.caller = caller;
      this.results = new Result[units.size()];
    }
  }

  /** One unit of one submission, as it runs in a transaction. */
  private record Work(Submission sub, int index) {
    Unit unit() {
      return sub.units.get(index);
    }
  }

  private static final Comparator<Submission> BY_PARTITION =
      Comparator.comparing((Submission s) -> s.fence.kind()).thenComparingInt(s -> s.fence.partition());

  /** @param maxInFlight transactions in flight at once ({@code pg_writes_in_flight}); fewer means more rows per commit */
  public PgPartitionStore(Pool pool, int maxInFlight) {
    this(pool, maxInFlight, TenderMetrics.OFF);
  }

  /** @param metrics where each group commit's size and latency go */
  public PgPartitionStore(Pool pool, int maxInFlight, TenderMetrics metrics) {
    this.pool = pool;
    this.maxInFlight = maxInFlight;
    this.metrics = metrics;
  }

  @Override
  public Future<List<Result>> commit(Fence fence, List<Unit> units) {
    Submission submission = new Submission(fence, units, Vertx.currentContext());
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
    return submission.promise.future();
  }

  /** Caller holds the lock. At least one submission, then more while they fit. */
  private List<Submission> takeBatch() {
    List<Submission> batch = new ArrayList<>();
    int units = 0;
    while (!queue.isEmpty() && (batch.isEmpty() || units + queue.peek().units.size() <= MAX_UNITS_PER_BATCH)) {
      Submission s = queue.poll();
      batch.add(s);
      units += s.units.size();
    }
    return batch;
  }

  private void execute(List<Submission> batch) {
    // Every transaction takes its partitions' row locks in the same order, so two batches and an
    // acquisition waiting between them cannot deadlock. (A partition has one submission at a time.)
    batch.sort(BY_PARTITION);
    List<Work> works = new ArrayList<>();
    for (Submission s : batch) {
      for (int i = 0; i < s.units.size(); i++) {
        works.add(new Work(s, i));
      }
    }
    long started = System.nanoTime();
    pool.withConnection(conn -> attempt(conn, works)).onComplete(ar -> {
      metrics.groupCommit(works.size(), System.nanoTime() - started);
      for (Submission s : batch) {
        if (ar.failed() && anyUndecided(s)) {
          deliver(s, Future.failedFuture(ar.cause()));
        } else {
          deliver(s, Future.succeededFuture(List.of(s.results)));
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

  private static boolean anyUndecided(Submission s) {
    for (Result r : s.results) {
      if (r == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the works in one transaction and decides each; on a refusal or a bad row, runs them again
   * in smaller transactions until each is decided. Fails only if the store itself failed; works
   * decided before that keep their result.
   */
  private Future<Void> attempt(SqlConnection conn, List<Work> works) {
    return works.size() == 1 && !repeatsStatements(works.get(0)) ? alone(conn, works.get(0)) : together(conn, works);
  }

  /** A unit that runs one statement for several rows (a hot aggregate's batch: many records and timers) runs it once, in bulk. */
  private static boolean repeatsStatements(Work w) {
    Unit u = w.unit();
    if (u.records().size() > 1 || u.timers().size() > 1 || u.outbox().size() > 1) {
      return true;
    }
    List<PgWrite.Statement> own = u.write() == null ? List.of() : ((PgWrite) u.write()).statements();
    for (int i = 1; i < own.size(); i++) {
      if (own.get(i).bulk() != null && own.get(i).sql().equals(own.get(i - 1).sql())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Many units (or one unit with many rows of a kind) in one round trip: the statements grouped by SQL, each
   * group one bulk statement if it has a many-row form, else one {@code executeBatch}, in an order that keeps
   * every unit's own order of statements. A failure
   * cannot be pinned on a unit here, so the works then run again per partition or per unit.
   */
  private Future<Void> together(SqlConnection conn, List<Work> works) {
    List<Submission> subs = new ArrayList<>();
    List<List<PgWrite.Statement>> perWork = new ArrayList<>();
    for (Work w : works) {
      if (subs.isEmpty() || subs.get(subs.size() - 1) != w.sub()) {
        subs.add(w.sub());
      }
      perWork.add(statements(w));
    }
    List<String> order = StatementOrder.of(perWork);
    if (order == null) { // units disagree on the order of their statements: one at a time
      return oneByOne(conn, works);
    }
    Map<String, List<Tuple>> groups = new LinkedHashMap<>();
    Map<String, PgWrite.Bulk> bulks = new java.util.HashMap<>();
    order.forEach(sql -> groups.put(sql, new ArrayList<>()));
    perWork.forEach(list -> list.forEach(st -> {
      groups.get(st.sql()).add(st.args());
      bulks.put(st.sql(), st.bulk());
    }));
    Fenced sent = pipeline(conn, c -> fenceAll(c, subs), c -> {
      List<Future<RowSet<Row>>> batches = new ArrayList<>();
      groups.forEach((sql, tuples) -> {
        PgWrite.Bulk bulk = bulks.get(sql);
        batches.add(bulk != null && tuples.size() > 1
            ? c.preparedQuery(bulk.sql()).execute(bulk.args(tuples))
            : c.preparedQuery(sql).executeBatch(tuples));
      });
      return batches;
    });
    Future<RowSet<Row>> fence = sent.fence();
    List<Future<RowSet<Row>>> batches = sent.statements();
    return sent.done().compose(answered -> {
      if (fence.succeeded() && batches.stream().allMatch(Future::succeeded)) {
        works.forEach(w -> w.sub().results[w.index()] = Result.COMMITTED);
        return Future.<Void>succeededFuture();
      }
      if (fence.failed() && subs.size() > 1) { // which partition moved on? each on its own
        List<List<Work>> bySub = new ArrayList<>();
        for (Submission sub : subs) {
          bySub.add(works.stream().filter(w -> w.sub() == sub).toList());
        }
        return sequentially(conn, bySub);
      }
      if (fence.failed()) {
        works.forEach(w -> w.sub().results[w.index()] = Result.REFUSED);
        return Future.<Void>succeededFuture();
      }
      // A bad row: each unit alone, so it fails by itself (a unit alone runs statement by statement).
      return oneByOne(conn, works);
    });
  }

  /** One unit, statement by statement, so its verdict is exact. */
  private Future<Void> alone(SqlConnection conn, Work w) {
    Fence f = w.sub().fence;
    Fenced sent = pipeline(conn, c -> c.preparedQuery(FENCE).execute(Tuple.of(f.kind(), f.partition(), f.epoch())), c -> {
      List<Future<RowSet<Row>>> statements = new ArrayList<>();
      for (PgWrite.Statement st : statements(w)) {
        statements.add(c.preparedQuery(st.sql()).execute(st.args()));
      }
      return statements;
    });
    Future<RowSet<Row>> fence = sent.fence();
    List<Future<RowSet<Row>>> statements = sent.statements();
    return sent.done().compose(answered -> {
      Result result = Result.COMMITTED;
      if (fence.failed()) {
        result = Result.REFUSED;
      } else {
        for (Future<RowSet<Row>> st : statements) {
          if (st.failed()) {
            result = refusedByFence(st.cause()) ? Result.REFUSED : Result.rejected(((PgException) st.cause()).getErrorMessage());
            break;
          }
        }
      }
      w.sub().results[w.index()] = result;
      return Future.<Void>succeededFuture();
    });
  }

  /** The fence of every partition in the batch as one statement. */
  private static Future<RowSet<Row>> fenceAll(SqlConnection conn, List<Submission> subs) {
    String[] kinds = new String[subs.size()];
    Integer[] partitions = new Integer[subs.size()];
    Long[] epochs = new Long[subs.size()];
    for (int i = 0; i < subs.size(); i++) {
      Fence f = subs.get(i).fence;
      kinds[i] = f.kind();
      partitions[i] = f.partition();
      epochs[i] = f.epoch();
    }
    return conn.preparedQuery(FENCE_ALL).execute(Tuple.of(kinds, partitions, epochs, subs.size()));
  }

  /** What a pipelined transaction sent; {@code done} completes when all answered, failed if the store itself failed. */
  private record Fenced(Future<RowSet<Row>> fence, List<Future<RowSet<Row>>> statements, Future<Void> done) {}

  /**
   * Sends, without waiting in between, BEGIN, the fence, the statements and COMMIT: one round trip.
   * COMMIT rolls back if anything before it failed.
   */
  private static Fenced pipeline(SqlConnection conn, Function<SqlConnection, Future<RowSet<Row>>> fenceCheck,
                                 Function<SqlConnection, List<Future<RowSet<Row>>>> statements) {
    Future<RowSet<Row>> begin = conn.query("BEGIN").execute();
    Future<RowSet<Row>> fence = fenceCheck.apply(conn);
    List<Future<RowSet<Row>>> sent = statements.apply(conn);
    Future<RowSet<Row>> commit = conn.query("COMMIT").execute();
    List<Future<?>> all = new ArrayList<>(sent);
    all.add(begin);
    all.add(fence);
    all.add(commit);
    Future<Void> done = Future.join(all).transform(x -> {
      Throwable storeFailure = firstStoreFailure(all);
      return storeFailure != null ? Future.<Void>failedFuture(storeFailure) : Future.<Void>succeededFuture();
    });
    return new Fenced(fence, sent, done);
  }

  /** Each work in a transaction of its own (one alone runs statement by statement), so each gets its own verdict. */
  private Future<Void> oneByOne(SqlConnection conn, List<Work> works) {
    return works.size() == 1 ? alone(conn, works.get(0)) : sequentially(conn, works.stream().map(List::of).toList());
  }

  private Future<Void> sequentially(SqlConnection conn, List<List<Work>> parts) {
    Future<Void> chain = Future.succeededFuture();
    for (List<Work> part : parts) {
      chain = chain.compose(v -> attempt(conn, part));
    }
    return chain;
  }

  /** A failure that is not a fence, not bad data, not a consequence of either: the store itself failed. */
  private static Throwable firstStoreFailure(List<Future<?>> all) {
    for (Future<?> f : all) {
      if (f.failed() && !refusedByFence(f.cause()) && !badData(f.cause()) && !abortedByEarlierError(f.cause())) {
        return f.cause();
      }
    }
    return null;
  }

  /** The unit's statements: the aggregate's, then the runtime's rows. */
  private static List<PgWrite.Statement> statements(Work w) {
    Unit u = w.unit();
    Fence fence = w.sub().fence;
    List<PgWrite.Statement> list = new ArrayList<>();
    if (u.write() != null) {
      list.addAll(((PgWrite) u.write()).statements());
    }
    for (IdempotencyRecord r : u.records()) {
      list.add(PgWrite.statement(INSERT_RECORD, Tuple.of(r.scope(), r.key(), r.kind(), r.partition(),
          r.fingerprint() == null ? null : Buffer.buffer(r.fingerprint()), Buffer.buffer(r.reply()), utc(r.createdAt()), utc(r.expiresAt())),
          INSERT_RECORDS));
    }
    // Deletes, then sets: a unit touches each timer once, so any order is right, and one fixed order
    // lets units that set one timer and cancel another share the batch's statements.
    for (TimerChange t : u.timers()) {
      if (t.due() == null) {
        list.add(PgWrite.statement(DELETE_TIMER, Tuple.of(fence.kind(), t.key(), t.name(), t.generation()), DELETE_TIMERS));
      }
    }
    for (TimerChange t : u.timers()) {
      if (t.due() != null) {
        list.add(PgWrite.statement(SET_TIMER, Tuple.of(fence.kind(), t.key(), t.name(), fence.partition(), utc(t.due()), t.generation()),
            SET_TIMERS));
      }
    }
    for (OutboxRow o : u.outbox()) {
      list.add(PgWrite.statement(INSERT_OUTBOX, Tuple.of(fence.kind(), fence.partition(), o.seq(), o.destKind(), o.destKey(),
          Buffer.buffer(o.payload())), INSERT_OUTBOXES));
    }
    return list;
  }

  /** A fenced statement touched no row: the epoch or the version moved on. */
  private static boolean refusedByFence(Throwable e) {
    return e instanceof PgException p && PgWrite.FENCE_REFUSED.equals(p.getSqlState());
  }

  /**
   * The database refused this statement's data (class 21 cardinality, such as one bulk upsert touching a row
   * twice; class 22 data exception; class 23 constraint): the unit's fault, found by running units alone.
   */
  private static boolean badData(Throwable e) {
    return e instanceof PgException p && p.getSqlState() != null && !refusedByFence(e)
        && (p.getSqlState().startsWith("21") || p.getSqlState().startsWith("22") || p.getSqlState().startsWith("23"));
  }

  /** "current transaction is aborted": a consequence of an earlier statement's failure. */
  private static boolean abortedByEarlierError(Throwable e) {
    return e instanceof PgException p && "25P02".equals(p.getSqlState());
  }

  /** Completes on the submitter's context, so a partition's callback runs on its own thread. */
  private static void deliver(Submission s, Future<List<Result>> outcome) {
    if (s.caller == null || s.caller == Vertx.currentContext()) {
      s.promise.handle(outcome);
    } else {
      s.caller.runOnContext(v -> s.promise.handle(outcome));
    }
  }

  @Override
  public Future<IdempotencyRecord> findRecord(String scope, String key) {
    return pool.preparedQuery(FIND_RECORD).execute(Tuple.of(scope, key)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      Buffer fp = r.getBuffer("fingerprint");
      return new IdempotencyRecord(scope, key, r.getString("kind"), r.getInteger("partition"),
          fp == null ? null : fp.getBytes(), r.getBuffer("reply").getBytes(), r.getOffsetDateTime("created_at").toInstant(),
          r.getOffsetDateTime("expires_at").toInstant());
    });
  }

  @Override
  public Future<List<TimerRow>> timersDue(String kind, int partition, Instant before) {
    return pool.preparedQuery(TIMERS_DUE).execute(Tuple.of(kind, partition, utc(before))).map(rows -> {
      List<TimerRow> list = new ArrayList<>();
      for (Row r : rows) {
        list.add(new TimerRow(r.getString(0), r.getString(1), r.getOffsetDateTime(2).toInstant(), r.getLong(3)));
      }
      return list;
    });
  }

  @Override
  public Future<List<OutboxRow>> outbox(String kind, int partition) {
    return pool.preparedQuery(OUTBOX).execute(Tuple.of(kind, partition)).map(rows -> {
      List<OutboxRow> list = new ArrayList<>();
      for (Row r : rows) {
        list.add(new OutboxRow(r.getLong(0), r.getString(1), r.getString(2), r.getBuffer(3).getBytes()));
      }
      return list;
    });
  }

  @Override
  public Future<Void> delivered(String kind, int partition, List<Long> seqs) {
    return pool.preparedQuery(DELIVERED).execute(Tuple.of(kind, partition, seqs.toArray(new Long[0]))).mapEmpty();
  }

  @Override
  public Future<Integer> pruneRecords(String kind, int partition, Instant now) {
    return pool.preparedQuery(PRUNE).execute(Tuple.of(kind, partition, utc(now))).map(RowSet::rowCount);
  }

  @Override
  public boolean durable() {
    return true;
  }

  static OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }
}
