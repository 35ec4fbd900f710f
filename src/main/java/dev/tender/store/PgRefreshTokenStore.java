package dev.tender.store;

import dev.tender.auth.RefreshTokenStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Refresh-token ledger in PostgreSQL. Every operation is one conditional statement, so concurrent
 * presentations of a token, revocations and pruning need no transaction or lock of ours.
 *
 * <p>A family is revoked when any of its rows is ({@code revoked}). Revocation marks the rows its statement
 * sees, so a successor inserted by a rotation racing with it can stay unmarked; that is why every check
 * asks "any revoked row in the family?" and why {@link #prune} keeps a revoked row while its family has an
 * unrevoked one that is still unexpired. The grace window is measured by the database's clock
 * ({@code used_at}), the same for every node.
 */
public final class PgRefreshTokenStore implements RefreshTokenStore {
  private static final String ISSUE =
      "INSERT INTO refresh_tokens (jti, family, user_id, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
  // NOT t.revoked is re-checked on the row's latest version if a revocation held it; the family check
  // covers rows revoked earlier.
  private static final String ROTATE = """
      WITH used AS (
        UPDATE refresh_tokens t SET used_at = now(), replaced_by = $2
         WHERE t.jti = $1 AND t.used_at IS NULL AND NOT t.revoked
           AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family = t.family AND r.revoked)
        RETURNING t.family, t.user_id)
      INSERT INTO refresh_tokens (jti, family, user_id, issued_at, expires_at)
      SELECT $2, family, user_id, $3, $4 FROM used
      RETURNING family, user_id""";
  // Runs only after ROTATE changed nothing. Its own snapshot is newer than a concurrent rotation of the same
  // token that ROTATE waited for, so the second of two simultaneous presentations sees the first's successor.
  // Either it answers that successor (used within the grace window, still unused, family alive) or it
  // revokes the family (a no-op for an unknown token).
  private static final String REPLAY_OR_REVOKE = """
      WITH t AS (SELECT family, user_id, used_at, replaced_by FROM refresh_tokens WHERE jti = $1),
      replay AS (
        SELECT t.family, t.user_id, s.jti, s.issued_at, s.expires_at
          FROM t JOIN refresh_tokens s ON s.jti = t.replaced_by
         WHERE t.used_at > now() - $2::bigint * interval '1 millisecond'
           AND s.used_at IS NULL AND s.issued_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family = t.family AND r.revoked)),
      revoke AS (
        UPDATE refresh_tokens r SET revoked = true, revoked_at = now()
         WHERE r.family = (SELECT family FROM t) AND NOT r.revoked AND NOT EXISTS (SELECT 1 FROM replay))
      SELECT family, user_id, jti, issued_at, expires_at FROM replay""";
  private static final String REVOKE_FAMILY =
      "UPDATE refresh_tokens SET revoked = true, revoked_at = now() WHERE family = $1 AND NOT revoked";
  private static final String REVOKE_USER = """
      UPDATE refresh_tokens SET revoked = true, revoked_at = now()
       WHERE user_id = $1 AND family IS DISTINCT FROM $2 AND NOT revoked""";
  private static final String REVOKED_AFTER = """
      SELECT family, max(revoked_at) AS at FROM refresh_tokens WHERE revoked_at > $1 GROUP BY family""";
  private static final String FAMILY_ALIVE = """
      SELECT coalesce(bool_and(NOT revoked) AND bool_or(expires_at > $2), false) AS alive
        FROM refresh_tokens WHERE family = $1""";
  // SKIP LOCKED: nodes pruning at the same time take different rows instead of queueing on each other.
  private static final String PRUNE = """
      DELETE FROM refresh_tokens WHERE jti IN (
        SELECT r.jti FROM refresh_tokens r
         WHERE r.expires_at < $1
           AND (NOT r.revoked OR NOT EXISTS (
             SELECT 1 FROM refresh_tokens x WHERE x.family = r.family AND NOT x.revoked AND x.expires_at >= $1))
         LIMIT $2 FOR UPDATE SKIP LOCKED)""";

  private final Pool pool;

  public PgRefreshTokenStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> issue(String jti, String family, String userId, Instant issuedAt, Instant expiresAt) {
    return pool.preparedQuery(ISSUE).execute(Tuple.of(jti, family, userId, utc(issuedAt), utc(expiresAt))).mapEmpty();
  }

  @Override
  public Future<Rotation> rotate(String usedJti, String nextJti, Instant nextIssuedAt, Instant nextExpiresAt, Duration grace) {
    return pool.preparedQuery(ROTATE).execute(Tuple.of(usedJti, nextJti, utc(nextIssuedAt), utc(nextExpiresAt))).compose(rows -> {
      RowIterator<Row> it = rows.iterator();
      if (it.hasNext()) {
        Row r = it.next();
        return Future.succeededFuture(
            new Rotation(r.getString("family"), r.getString("user_id"), nextJti, nextIssuedAt, nextExpiresAt, false));
      }
      return pool.preparedQuery(REPLAY_OR_REVOKE).execute(Tuple.of(usedJti, grace.toMillis())).compose(replay -> {
        RowIterator<Row> again = replay.iterator();
        if (!again.hasNext()) {
          return Future.failedFuture(new RefreshRefused("refresh token already used, revoked or unknown"));
        }
        Row r = again.next();
        return Future.succeededFuture(new Rotation(r.getString("family"), r.getString("user_id"), r.getString("jti"),
            r.getOffsetDateTime("issued_at").toInstant(), r.getOffsetDateTime("expires_at").toInstant(), true));
      });
    });
  }

  @Override
  public Future<Void> revokeFamily(String family) {
    return pool.preparedQuery(REVOKE_FAMILY).execute(Tuple.of(family)).mapEmpty();
  }

  @Override
  public Future<Void> revokeUser(String userId, String exceptFamily) {
    return pool.preparedQuery(REVOKE_USER).execute(Tuple.of(userId, exceptFamily)).mapEmpty();
  }

  @Override
  public Future<List<Revoked>> revokedAfter(Instant after) {
    return pool.preparedQuery(REVOKED_AFTER).execute(Tuple.of(utc(after))).map(rows -> {
      List<Revoked> revoked = new ArrayList<>(rows.size());
      for (Row r : rows) {
        revoked.add(new Revoked(r.getString("family"), r.getOffsetDateTime("at").toInstant()));
      }
      return revoked;
    });
  }

  @Override
  public Future<Boolean> familyAlive(String family, Instant now) {
    return pool.preparedQuery(FAMILY_ALIVE).execute(Tuple.of(family, utc(now)))
        .map(rows -> rows.iterator().next().getBoolean("alive"));
  }

  @Override
  public Future<Integer> prune(Instant before, int limit) {
    return pool.preparedQuery(PRUNE).execute(Tuple.of(utc(before), (long) limit)).map(rows -> rows.rowCount());
  }

  private static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
