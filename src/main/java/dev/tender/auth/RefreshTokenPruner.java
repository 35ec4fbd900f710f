package dev.tender.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes refresh tokens that expired more than {@link #RETENTION} ago: shortly after start-up, then hourly.
 * Off the hot path: bounded batches with a pause between them, so the shared pool never carries one long
 * delete, and at most {@link #MAX_BATCHES} per run, so a backlog is worked off over several runs. Every node
 * of a cluster runs one; the store lets concurrent pruners skip each other's rows.
 */
public final class RefreshTokenPruner {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenPruner.class);
  /** Expired tokens are kept this long: a late presentation is then still told apart from an unknown one. */
  public static final Duration RETENTION = Duration.ofDays(1);
  static final int BATCH = 1_000;
  static final int MAX_BATCHES = 100;
  private static final long FIRST_RUN_MS = 10_000;
  private static final long INTERVAL_MS = Duration.ofHours(1).toMillis();
  private static final long PAUSE_MS = 200;

  private final Vertx vertx;
  private final RefreshTokenStore store;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean stopped;
  private volatile long timer = -1;

  RefreshTokenPruner(Vertx vertx, RefreshTokenStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  /** Starts pruning {@code store} periodically; {@link #stop()} ends it. */
  public static RefreshTokenPruner start(Vertx vertx, RefreshTokenStore store, Clock clock) {
    RefreshTokenPruner pruner = new RefreshTokenPruner(vertx, store, clock);
    pruner.timer = vertx.setPeriodic(FIRST_RUN_MS, INTERVAL_MS, id -> pruner.runOnce());
    return pruner;
  }

  /** Stops the timer; a run under way ends after its current batch. */
  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  /** One run: batches until one comes back short. Answers how many tokens it deleted; 0 if a run is already under way. */
  Future<Integer> runOnce() {
    if (!running.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    Instant before = clock.instant().minus(RETENTION);
    return batches(before, 0, 0).onComplete(ar -> {
      running.set(false);
      if (ar.succeeded()) {
        LOG.debug("refresh tokens pruned: {}", ar.result());
      } else if (!stopped) {
        LOG.warn("refresh-token pruning failed (retried next hour): {}", String.valueOf(ar.cause()));
      }
    });
  }

  private Future<Integer> batches(Instant before, int deleted, int batch) {
    if (stopped || batch == MAX_BATCHES) {
      return Future.succeededFuture(deleted);
    }
    return store.prune(before, BATCH).compose(n -> n < BATCH ? Future.succeededFuture(deleted + n)
        : vertx.timer(PAUSE_MS, TimeUnit.MILLISECONDS).compose(v -> batches(before, deleted + n, batch + 1)));
  }
}
