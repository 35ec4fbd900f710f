package dev.tender.store;

import dev.tender.auth.RefreshTokenStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Refresh-token ledger in PostgreSQL; rotation is one conditional statement, so it is race-free. */
public final class PgRefreshTokenStore implements RefreshTokenStore {
  private static final String ISSUE =
      "INSERT INTO refresh_tokens (jti, family, user_id, expires_at) VALUES ($1, $2, $3, $4)";
  private static final String ROTATE = """
      WITH used AS (
        UPDATE refresh_tokens t SET used_at = now()
         WHERE t.jti = $1 AND t.used_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family = t.family AND r.revoked)
        RETURNING family, user_id)
      INSERT INTO refresh_tokens (jti, family, user_id, expires_at)
      SELECT $2, family, user_id, $3 FROM used""";
  private static final String REVOKE_FAMILY = """
      UPDATE refresh_tokens SET revoked = true
       WHERE family = (SELECT family FROM refresh_tokens WHERE jti = $1)""";

  private final Pool pool;

  public PgRefreshTokenStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> issue(String jti, String family, String userId, Instant expiresAt) {
    return pool.preparedQuery(ISSUE).execute(Tuple.of(jti, family, userId, utc(expiresAt))).mapEmpty();
  }

  @Override
  public Future<Void> rotate(String usedJti, String nextJti, Instant nextExpiresAt) {
    return pool.preparedQuery(ROTATE).execute(Tuple.of(usedJti, nextJti, utc(nextExpiresAt))).compose(rows -> {
      if (rows.rowCount() == 1) {
        return Future.<Void>succeededFuture();
      }
      // Unknown, reused or revoked: revoke the family (a no-op for an unknown token) and refuse.
      return pool.preparedQuery(REVOKE_FAMILY).execute(Tuple.of(usedJti))
          .compose(r -> Future.failedFuture(new RefreshRefused("refresh token already used, revoked or unknown")));
    });
  }

  private static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
