package dev.tender.auth;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * Which refresh tokens were issued and which were used. Each token may be rotated once; presenting a
 * used one again revokes its family (a reused refresh token means it was stolen).
 */
public interface RefreshTokenStore {
  Future<Void> issue(String jti, String family, String userId, Instant expiresAt);

  /**
   * Marks {@code usedJti} used and records {@code nextJti} in the same family, atomically.
   * Fails with {@link RefreshRefused} if the token is unknown, already used (then its family is
   * revoked) or revoked.
   */
  Future<Void> rotate(String usedJti, String nextJti, Instant nextExpiresAt);

  /** The rotation was refused; the message says why. Expected, so stackless. */
  final class RefreshRefused extends RuntimeException {
    public RefreshRefused(String message) {
      super(message, null, false, false);
    }
  }
}
