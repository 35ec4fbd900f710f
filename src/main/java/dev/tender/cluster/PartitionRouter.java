package dev.tender.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * The one place that maps a kind's key to a partition and the partition to an event-bus address, and
 * sends the request there. On a single node every partition is local; in a cluster the clustered
 * event bus delivers to whichever member owns the partition now.
 *
 * <p>A request that was not applied for a reason that passes ({@link Failures#retryable}) is sent
 * again with the same idempotency key until the deadline, marked as a possible repeat so that the
 * owner looks for its recorded outcome: a command is applied at most once. What is left after the
 * deadline reaches the caller as a failed future (HTTP 503 with Retry-After).
 */
public final class PartitionRouter<C, R> {
  private static final long MAX_ATTEMPT_MS = 2_000;
  private static final long FIRST_BACKOFF_MS = 25;
  private static final long MAX_BACKOFF_MS = 400;

  private final Vertx vertx;
  private final Kind<C, R> kind;
  private final int partitions;
  private final String[] addresses;
  private final long deadlineMs;
  /** The options of an attempt that has its full time left: the common case, so built once. */
  private final DeliveryOptions fullAttempt;

  public PartitionRouter(Vertx vertx, Kind<C, R> kind, int partitions, long deadlineMs) {
    this.vertx = vertx;
    this.kind = kind;
    this.partitions = partitions;
    this.addresses = new String[partitions];
    for (int p = 0; p < partitions; p++) {
      addresses[p] = Addresses.partition(kind.name(), p);
    }
    this.deadlineMs = deadlineMs;
    this.fullAttempt = options(Math.min(MAX_ATTEMPT_MS, deadlineMs));
  }

  public Kind<C, R> kind() {
    return kind;
  }

  private int partitionOf(C command) {
    return Kind.partitionOf(kind.keyOf().apply(command), partitions);
  }

  private DeliveryOptions options(long timeoutMs) {
    return new DeliveryOptions().setCodecName(kind.requestCodecName()).setSendTimeout(Math.max(1, timeoutMs));
  }

  /** Sends a read. */
  public Future<Response<R>> read(C command) {
    return send(Request.read(command));
  }

  public Future<Response<R>> send(Request<C> request) {
    String address = addresses[partitionOf(request.command())];
    return attempt(address, request, System.currentTimeMillis() + deadlineMs, FIRST_BACKOFF_MS);
  }

  private Future<Response<R>> attempt(String address, Request<C> request, long deadline, long backoff) {
    long left = deadline - System.currentTimeMillis();
    DeliveryOptions options = left >= fullAttempt.getSendTimeout() ? fullAttempt : options(Math.min(MAX_ATTEMPT_MS, left));
    return vertx.eventBus().<Response<R>>request(address, request, options).map(Message::body).recover(e -> {
      if (!Failures.retryable(e) || System.currentTimeMillis() + backoff >= deadline) {
        return Future.failedFuture(e);
      }
      Promise<Response<R>> retried = Promise.promise();
      // The first attempt may have been applied (a timeout, an owner that died after committing).
      Request<C> again = request.repeated();
      vertx.setTimer(backoff, t -> attempt(address, again, deadline, Math.min(MAX_BACKOFF_MS, backoff * 2)).onComplete(retried));
      return retried.future();
    });
  }
}
