package dev.tender.store;

import dev.tender.cluster.Documents;
import dev.tender.cluster.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;

/** Versioned documents of one kind in the {@code documents} table, in the wire form of the state. */
public final class PgDocumentStore<S> implements Documents<S> {
  private static final String LOAD = "SELECT version, body FROM documents WHERE kind = $1 AND key = $2";
  private static final String ALL = "SELECT body FROM documents WHERE kind = $1 ORDER BY key";
  private static final String INSERT = """
      INSERT INTO documents (kind, key, version, body, written_epoch, owner, attention_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (kind, key) DO NOTHING""";
  private static final String OWNED = """
      SELECT body FROM documents WHERE kind = $1 AND owner = $2 ORDER BY created_at DESC, key DESC LIMIT $3""";
  private static final String UPDATE = """
      UPDATE documents SET version = $3, body = $4, written_epoch = $5, updated_at = now(), attention_at = $7
       WHERE kind = $1 AND key = $2 AND version = $6""";
  /** {@link #INSERT} for many documents at once, raising unless every one was new. */
  private static final PgWrite.Bulk INSERTS = new PgWrite.Bulk("""
      WITH fenced AS (
        INSERT INTO documents (kind, key, version, body, written_epoch, owner, attention_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bytea[], $5::bigint[], $6::text[], $7::timestamptz[])
        ON CONFLICT (kind, key) DO NOTHING RETURNING 1)
      SELECT 1 / (count(*) = $8)::int FROM fenced""",
      new Class<?>[] {String.class, String.class, Long.class, Buffer.class, Long.class, String.class, OffsetDateTime.class}, true);
  /** {@link #UPDATE} for many documents at once, raising unless every one was still at its expected version. */
  private static final PgWrite.Bulk UPDATES = new PgWrite.Bulk("""
      WITH v AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bytea[], $5::bigint[], $6::bigint[], $7::timestamptz[])
          AS v(kind, key, version, body, epoch, expected, attention_at)),
      fenced AS (
        UPDATE documents d SET version = v.version, body = v.body, written_epoch = v.epoch, updated_at = now(),
                               attention_at = v.attention_at
          FROM v WHERE d.kind = v.kind AND d.key = v.key AND d.version = v.expected RETURNING 1)
      SELECT 1 / (count(*) = $8)::int FROM fenced""",
      new Class<?>[] {String.class, String.class, Long.class, Buffer.class, Long.class, Long.class, OffsetDateTime.class}, true);
  private static final String DUE = """
      SELECT key, attention_at, body FROM documents WHERE kind = $1 AND attention_at IS NOT NULL AND attention_at <= $2
       ORDER BY attention_at, key LIMIT $3""";
  private static final String DUE_AFTER = """
      SELECT key, attention_at, body FROM documents WHERE kind = $1 AND attention_at IS NOT NULL AND attention_at <= $2
         AND (attention_at, key) > ($4, $5)
       ORDER BY attention_at, key LIMIT $3""";

  private final Pool pool;
  private final String kind;
  private final WireCodec<S> codec;
  private final Function<String, S> empty;
  private final Function<S, String> ownerOf;
  private final Function<S, Instant> attentionAt;

  public PgDocumentStore(Pool pool, String kind, WireCodec<S> codec, Function<String, S> empty, Function<S, String> ownerOf) {
    this(pool, kind, codec, empty, ownerOf, null);
  }

  /** @param attentionAt when a document next needs attention ({@link #needingAttention}), from its state; null: never */
  public PgDocumentStore(Pool pool, String kind, WireCodec<S> codec, Function<String, S> empty, Function<S, String> ownerOf,
                         Function<S, Instant> attentionAt) {
    this.attentionAt = attentionAt;
    this.pool = pool;
    this.kind = kind;
    this.codec = codec;
    this.empty = empty;
    this.ownerOf = ownerOf;
  }

  @Override
  public Future<Versioned<S>> load(String key) {
    return pool.preparedQuery(LOAD).execute(Tuple.of(kind, key)).map(rows -> {
      if (rows.size() == 0) {
        return new Versioned<>(empty.apply(key), 0);
      }
      Row r = rows.iterator().next();
      return new Versioned<>(codec.fromBytes(r.getBuffer(1).getBytes()), r.getLong(0));
    });
  }

  @Override
  public StagedWrite stage(String key, S before, S after, long expectedVersion, long epoch) {
    Tuple args = Tuple.of(kind, key, expectedVersion + 1, Buffer.buffer(codec.toBytes(after)), epoch);
    Instant attention = attentionAt == null ? null : attentionAt.apply(after);
    OffsetDateTime at = attention == null ? null : PgPartitionStore.utc(attention);
    return new PgWrite(List.of(expectedVersion == 0
        ? PgWrite.fenced(INSERT, Tuple.of(kind, key, 1L, args.getValue(3), epoch, ownerOf == null ? null : ownerOf.apply(after)).addOffsetDateTime(at),
            INSERTS)
        : PgWrite.fenced(UPDATE, args.addLong(expectedVersion).addOffsetDateTime(at), UPDATES)));
  }

  @Override
  public Future<List<S>> all() {
    return bodies(pool.preparedQuery(ALL).execute(Tuple.of(kind)));
  }

  @Override
  public Future<List<S>> ownedBy(String owner, int limit) {
    return bodies(pool.preparedQuery(OWNED).execute(Tuple.of(kind, owner, limit)));
  }

  @Override
  public Future<List<Due<S>>> needingAttention(Instant before, Due<?> after, int limit) {
    if (attentionAt == null) {
      return Future.succeededFuture(List.of());
    }
    Tuple args = Tuple.of(kind, PgPartitionStore.utc(before), limit);
    Future<io.vertx.sqlclient.RowSet<Row>> rows = after == null ? pool.preparedQuery(DUE).execute(args)
        : pool.preparedQuery(DUE_AFTER).execute(args.addOffsetDateTime(PgPartitionStore.utc(after.at())).addString(after.key()));
    return rows.map(rs -> {
      List<Due<S>> due = new java.util.ArrayList<>(rs.size());
      for (Row r : rs) {
        due.add(new Due<>(r.getString(0), r.getOffsetDateTime(1).toInstant(), codec.fromBytes(r.getBuffer(2).getBytes())));
      }
      return due;
    });
  }

  private Future<List<S>> bodies(Future<io.vertx.sqlclient.RowSet<Row>> query) {
    return query.map(rows -> {
      List<S> all = new java.util.ArrayList<>(rows.size());
      for (Row r : rows) {
        all.add(codec.fromBytes(r.getBuffer(0).getBytes()));
      }
      return all;
    });
  }
}
