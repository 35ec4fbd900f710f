package dev.tender.store;

import dev.tender.auth.RefreshTokenStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Refresh-token ledger in memory. Called from every HTTP event loop, so one lock guards it. */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
  private record Token(String family, String userId, Instant expiresAt, boolean used) {}

  private final Map<String, Token> tokens = new HashMap<>();
  private final Map<String, Boolean> revokedFamilies = new HashMap<>();

  @Override
  public synchronized Future<Void> issue(String jti, String family, String userId, Instant expiresAt) {
    tokens.put(jti, new Token(family, userId, expiresAt, false));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> rotate(String usedJti, String nextJti, Instant nextExpiresAt) {
    Token t = tokens.get(usedJti);
    if (t == null) {
      return Future.failedFuture(new RefreshRefused("unknown refresh token"));
    }
    if (revokedFamilies.containsKey(t.family())) {
      return Future.failedFuture(new RefreshRefused("refresh token revoked"));
    }
    if (t.used()) {
      revokedFamilies.put(t.family(), true);
      return Future.failedFuture(new RefreshRefused("refresh token already used; its session is revoked"));
    }
    tokens.put(usedJti, new Token(t.family(), t.userId(), t.expiresAt(), true));
    tokens.put(nextJti, new Token(t.family(), t.userId(), nextExpiresAt, false));
    return Future.succeededFuture();
  }
}
