package dev.tender.store;

import dev.tender.auth.RefreshTokenStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refresh-token ledger in memory. Called from every HTTP event loop, so one lock guards it; every
 * operation is a few map operations (pruning at most {@code limit} of them), so holding it never stalls a loop.
 * Revocation is a flag on the family, so, unlike in PostgreSQL, pruning needs no care to keep it.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
  private static final class Token {
    final String jti;
    final String family;
    final Instant issuedAt;
    final Instant expiresAt;
    Instant usedAt;
    String replacedBy;

    Token(String jti, String family, Instant issuedAt, Instant expiresAt) {
      this.jti = jti;
      this.family = family;
      this.issuedAt = issuedAt;
      this.expiresAt = expiresAt;
    }
  }

  private static final class Family {
    final String userId;
    final Set<String> jtis = new HashSet<>();
    boolean revoked;
    Instant revokedAt;
    Instant newestExpiry = Instant.MIN;

    Family(String userId) {
      this.userId = userId;
    }
  }

  private final Map<String, Token> tokens = new HashMap<>();
  private final Map<String, Family> families = new HashMap<>();
  private final Map<String, Set<String>> familiesByUser = new HashMap<>();
  private final NavigableSet<Token> byExpiry =
      new TreeSet<>(Comparator.comparing((Token t) -> t.expiresAt).thenComparing(t -> t.jti));
  private final Clock clock;

  public InMemoryRefreshTokenStore() {
    this(Clock.systemUTC());
  }

  /** {@code clock} measures the grace window of {@link #rotate}, as PostgreSQL's clock does for that store. */
  public InMemoryRefreshTokenStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Void> issue(String jti, String family, String userId, Instant issuedAt, Instant expiresAt) {
    if (tokens.containsKey(jti)) {
      return Future.failedFuture(new IllegalStateException("refresh token id already issued"));
    }
    Family f = families.computeIfAbsent(family, k -> new Family(userId));
    familiesByUser.computeIfAbsent(f.userId, k -> new HashSet<>()).add(family);
    add(new Token(jti, family, issuedAt, expiresAt), f);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Rotation> rotate(String usedJti, String nextJti, Instant nextIssuedAt, Instant nextExpiresAt,
                                              Duration grace) {
    Token t = tokens.get(usedJti);
    if (t == null) {
      return Future.failedFuture(new RefreshRefused("unknown refresh token"));
    }
    Family f = families.get(t.family);
    if (f.revoked) {
      return Future.failedFuture(new RefreshRefused("refresh token revoked"));
    }
    if (t.usedAt == null) {
      if (tokens.containsKey(nextJti)) {
        return Future.failedFuture(new IllegalStateException("refresh token id already issued"));
      }
      t.usedAt = clock.instant();
      t.replacedBy = nextJti;
      add(new Token(nextJti, t.family, nextIssuedAt, nextExpiresAt), f);
      return Future.succeededFuture(new Rotation(t.family, f.userId, nextJti, nextIssuedAt, nextExpiresAt, false));
    }
    Token next = t.replacedBy == null ? null : tokens.get(t.replacedBy);
    if (next != null && next.usedAt == null && clock.instant().isBefore(t.usedAt.plus(grace))) {
      return Future.succeededFuture(new Rotation(t.family, f.userId, next.jti, next.issuedAt, next.expiresAt, true));
    }
    revoke(f);
    return Future.failedFuture(new RefreshRefused("refresh token already used; its session is revoked"));
  }

  @Override
  public synchronized Future<Void> revokeFamily(String family) {
    Family f = families.get(family);
    if (f != null) {
      revoke(f);
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> revokeUser(String userId, String exceptFamily) {
    for (String family : familiesByUser.getOrDefault(userId, Set.of())) {
      if (!family.equals(exceptFamily)) {
        revoke(families.get(family));
      }
    }
    return Future.succeededFuture();
  }

  private void revoke(Family f) {
    if (!f.revoked) {
      f.revoked = true;
      f.revokedAt = clock.instant();
    }
  }

  @Override
  public synchronized Future<List<Revoked>> revokedAfter(Instant after) {
    List<Revoked> revoked = new ArrayList<>();
    families.forEach((id, f) -> {
      if (f.revokedAt != null && f.revokedAt.isAfter(after)) {
        revoked.add(new Revoked(id, f.revokedAt));
      }
    });
    return Future.succeededFuture(revoked);
  }

  @Override
  public synchronized Future<Boolean> familyAlive(String family, Instant now) {
    Family f = families.get(family);
    return Future.succeededFuture(f != null && !f.revoked && f.newestExpiry.isAfter(now));
  }

  @Override
  public synchronized Future<Integer> prune(Instant before, int limit) {
    int deleted = 0;
    Iterator<Token> it = byExpiry.iterator();
    while (deleted < limit && it.hasNext()) {
      Token t = it.next();
      if (!t.expiresAt.isBefore(before)) {
        break;
      }
      it.remove();
      deleted++;
      tokens.remove(t.jti);
      Family f = families.get(t.family);
      f.jtis.remove(t.jti);
      if (f.jtis.isEmpty()) {
        // Every token of the family has expired, so nothing can present it any more.
        families.remove(t.family);
        Set<String> ofUser = familiesByUser.get(f.userId);
        ofUser.remove(t.family);
        if (ofUser.isEmpty()) {
          familiesByUser.remove(f.userId);
        }
      }
    }
    return Future.succeededFuture(deleted);
  }

  private void add(Token t, Family f) {
    tokens.put(t.jti, t);
    byExpiry.add(t);
    f.jtis.add(t.jti);
    if (t.expiresAt.isAfter(f.newestExpiry)) {
      f.newestExpiry = t.expiresAt;
    }
  }
}
