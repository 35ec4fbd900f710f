package dev.tender.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions (refresh families) this node knows were ended early: signed out, revoked by a password
 * change or reset, or revoked because a refresh token was used twice. An access token of such a session is
 * refused although its signature and expiry are good, so signing out ends access at once on the node that
 * did it, and on every other node within {@link #POLL} (each reads the families revoked since it last
 * looked from the refresh-token store, which every node shares). A session is remembered for the
 * access-token lifetime after its revocation: its tokens have expired by then.
 */
public final class RevokedSessions {
  private static final Logger LOG = LoggerFactory.getLogger(RevokedSessions.class);
  /** How often a node reads the revocations made elsewhere. */
  public static final Duration POLL = Duration.ofSeconds(2);
  /**
   * Read again each time: a revocation's time is its transaction's start, so one committing just after a read
   * can carry a time before that read's newest.
   */
  private static final Duration OVERLAP = Duration.ofSeconds(10);
  /** Kept this much past a token's lifetime: the node that issued it may run ahead of this one's clock. */
  static final Duration CLOCK_MARGIN = Duration.ofMinutes(2);

  private final RefreshTokenStore store;
  private final Duration keep;
  private final Clock clock;
  /** Family → when it can be forgotten. */
  private final Map<String, Instant> ended = new ConcurrentHashMap<>();
  private volatile Instant newest;
  private long timer = -1; // guarded by this
  private boolean stopped; // guarded by this

  /** @param accessTokenTtl how long an access token lives: how long a revoked session is remembered */
  public RevokedSessions(RefreshTokenStore store, Duration accessTokenTtl, Clock clock) {
    this.store = store;
    this.keep = accessTokenTtl.plus(CLOCK_MARGIN);
    this.clock = clock;
    this.newest = clock.instant().minus(accessTokenTtl);
  }

  /** Whether {@code session}'s tokens are refused. Null (a token from before sessions) is never. */
  public boolean ended(String session) {
    if (session == null) {
      return false;
    }
    Instant forgetAt = ended.get(session);
    return forgetAt != null && clock.instant().isBefore(forgetAt);
  }

  /** Reads the revocations of the last access-token lifetime, then keeps reading every {@link #POLL}. */
  public Future<Void> start(Vertx vertx) {
    return refresh().onComplete(ar -> {
      synchronized (this) {
        if (!stopped) {
          timer = vertx.setPeriodic(POLL.toMillis(), id -> refresh()
              .onFailure(e -> LOG.warn("reading revoked sessions failed (retried in {}): {}", POLL, e.getMessage())));
        }
      }
    });
  }

  public synchronized void stop(Vertx vertx) {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** A family this node just revoked: refused here at once (the others read it within {@link #POLL}). */
  public void add(String family) {
    ended.merge(family, clock.instant().plus(keep), (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Reads the revocations since the newest known. */
  public Future<Void> refresh() {
    Instant from = newest.minus(OVERLAP);
    return store.revokedAfter(from).map(revoked -> {
      Instant latest = newest;
      for (RefreshTokenStore.Revoked r : revoked) {
        ended.merge(r.family(), r.at().plus(keep), (a, b) -> a.isAfter(b) ? a : b);
        if (r.at().isAfter(latest)) {
          latest = r.at();
        }
      }
      advance(latest);
      Instant now = clock.instant();
      ended.values().removeIf(forgetAt -> !now.isBefore(forgetAt));
      return null;
    });
  }

  private synchronized void advance(Instant latest) {
    if (latest.isAfter(newest)) {
      newest = latest;
    }
  }
}
