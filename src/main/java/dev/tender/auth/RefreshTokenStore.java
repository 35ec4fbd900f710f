package dev.tender.auth;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which refresh tokens were issued and which were used. Tokens form families (one per sign-in or
 * anonymous session, the access token's {@code sid}); each token may be rotated once. Presenting a used
 * one again revokes its family (a reused refresh token means it was stolen), except within a short grace
 * window, when the successor already issued is handed out again (two tabs refreshing at once).
 *
 * <p>A family is revoked as soon as any of its tokens is marked revoked, and stays so while any of its
 * tokens could still be presented; implementations must keep that true under concurrent rotation,
 * revocation and {@link #prune pruning}.
 */
public interface RefreshTokenStore {
  /** Records the first token of a new family. */
  Future<Void> issue(String jti, String family, String userId, Instant issuedAt, Instant expiresAt);

  /**
   * Marks {@code usedJti} used and records {@code nextJti} (issued at {@code nextIssuedAt}) as its successor
   * in the same family, atomically; the result then has {@code replayed = false} and these values.
   *
   * <p>If {@code usedJti} was already used less than {@code grace} ago (by the store's clock), its successor
   * is still unused and the family is not revoked, nothing changes and the result describes that recorded
   * successor ({@code replayed = true}), so the caller can regenerate the identical pair.
   *
   * <p>Otherwise fails with {@link RefreshRefused}: the token is unknown, revoked, or reused outside the
   * grace window (then its family is revoked).
   */
  Future<Rotation> rotate(String usedJti, String nextJti, Instant nextIssuedAt, Instant nextExpiresAt, Duration grace);

  /** Revokes every token of {@code family}; a no-op for an unknown family. */
  Future<Void> revokeFamily(String family);

  /**
   * Revokes every family of {@code userId} except {@code exceptFamily} (null: all of them), e.g. "sign out
   * everywhere else" or after a password change.
   */
  Future<Void> revokeUser(String userId, String exceptFamily);

  /**
   * The families revoked after {@code after} (by the store's clock), each with when: how a node learns of
   * sessions ended on any node, to refuse their access tokens.
   */
  Future<List<Revoked>> revokedAfter(Instant after);

  /** A family and when it was revoked. */
  record Revoked(String family, Instant at) {}

  /** True if {@code family} exists, is not revoked and has a token that expires after {@code now}. */
  Future<Boolean> familyAlive(String family, Instant now);

  /**
   * Deletes up to {@code limit} tokens that expired before {@code before}; answers how many. A revoked token
   * is kept while its family has an unrevoked token unexpired at {@code before}, so pruning never revives a
   * revoked family. Callers pass a cutoff well in the past, since an expired token still identifies a
   * session for revocation until then.
   */
  Future<Integer> prune(Instant before, int limit);

  /**
   * The outcome of a {@link #rotate}: the successor token.
   *
   * @param family the family both tokens belong to
   * @param userId whose tokens they are
   * @param replayed true when this successor was issued by an earlier presentation within the grace window
   */
  record Rotation(String family, String userId, String jti, Instant issuedAt, Instant expiresAt, boolean replayed) {}

  /** The rotation was refused; the message says why. Expected, so stackless. */
  final class RefreshRefused extends RuntimeException {
    public RefreshRefused(String message) {
      super(message, null, false, false);
    }
  }
}
